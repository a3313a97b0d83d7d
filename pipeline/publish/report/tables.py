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

import xlsxwriter

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
    """One sheet, header frozen and filterable. XlsxWriter in constant-memory mode streams each
    row to disk as it is written, so memory stays flat however long the list, and writes a
    cell several times faster than openpyxl. Nothing is read as a formula, a number or a link
    unless it is one in the view: text is written as text."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(table.name[:31])
    quoted = workbook.add_format({"quote_prefix": True})
    for index, column in enumerate(table.columns):
        sheet.set_column(index, index, _WIDE.get(column, max(12, len(column) + 2)))
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, table.columns, workbook.add_format({"bold": True}))
    write_string, write_number, write_boolean = (
        sheet.write_string,
        sheet.write_number,
        sheet.write_boolean,
    )
    for number, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                write_boolean(number, column, value)
            elif isinstance(value, int | float | Decimal):
                write_number(number, column, value)
            else:
                text = _ILLEGAL_IN_XML.sub("", text_value(value))
                if text.startswith(FORMULA_START):
                    write_string(number, column, text, quoted)
                else:
                    write_string(number, column, text)
    sheet.autofilter(0, 0, len(table.rows), max(0, len(table.columns) - 1))
    workbook.close()


def write_table_files(table: Table, directory: Path) -> None:
    write_csv(table, directory / f"{table.name}.csv")
    write_xlsx(table, directory / f"{table.name}.xlsx")
