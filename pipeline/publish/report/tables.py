"""The lists as CSV and XLSX files, safe to open in a spreadsheet.

Titles and names come from researchers and publishers, so a cell may begin with `=`, `+`, `-`
or `@`; a spreadsheet would run it as a formula (CSV injection, OWASP). In XLSX every text cell
is stored as text with Excel's "quote prefix" set, so it shows as typed and stays text when
edited. CSV has no types: a risky text value gets a leading apostrophe, the convention Excel
and LibreOffice hide on display.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pipeline.publish.report.data import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (tab and CR: OWASP's list)."""

_ILLEGAL_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters XML 1.0 cannot hold: openpyxl refuses them, so they are dropped."""

ARRAY_SEPARATOR = "; "
_WIDE = {"title": 60, "detail": 50, "action": 60, "name": 28, "faculties": 36, "departments": 36}


def text_value(value: Any) -> str:
    """A value as the CSV shows it: arrays joined with "; ", booleans true/false, JSON objects
    as JSON, no value empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ARRAY_SEPARATOR.join(text_value(v) for v in value if v is not None)
    if isinstance(value, dict):  # a JSON object (the matcher's evidence): as JSON
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def csv_cell(value: Any) -> str:
    text = text_value(value)
    if isinstance(value, str | list | tuple) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def write_csv(table: Table, path: Path) -> None:
    """UTF-8 with a byte-order mark, so that Excel shows accented names right when the file is
    double-clicked (Python's utf-8-sig, pandas and LibreOffice read it as plain UTF-8)."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(table.columns)
        writer.writerows([csv_cell(value) for value in row] for row in table.rows)


def write_xlsx(table: Table, path: Path) -> None:
    """One sheet, header frozen and filterable; write-only mode streams rows, so memory stays
    flat however long the list."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.name[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDE.get(
            column, max(12, len(column) + 2)
        )
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    last = get_column_letter(max(1, len(table.columns)))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    workbook.save(path)


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = _ILLEGAL_IN_XML.sub("", text_value(value))
    if not text.startswith(FORMULA_START):
        return text  # openpyxl stores any other text as text
    cell = WriteOnlyCell(sheet, value=text)
    # Overridden after creation: openpyxl makes a formula of any text starting with "=".
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def write_table_files(table: Table, directory: Path) -> None:
    write_csv(table, directory / f"{table.name}.csv")
    write_xlsx(table, directory / f"{table.name}.xlsx")
