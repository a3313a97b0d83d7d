"""The CSV and XLSX lists: every row of each view, headed, readable by openpyxl, and safe to open
in a spreadsheet however a title begins."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from pipeline.publish.report.data import LISTS, Table
from pipeline.publish.report.tables import csv_cell, write_csv, write_xlsx
from tests.publish import FORMULA_TITLE, SCRIPT_TITLE, Report

RISKY = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTab", "\rReturn", FORMULA_TITLE]


def _table(rows: list[tuple]) -> Table:
    return Table("sample", ("title", "count", "share", "flag", "names"), list(rows))


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def test_risky_text_is_neutralised_in_csv_and_plain_text_in_xlsx(tmp_path: Path) -> None:
    rows = [(title, -3, Decimal("0.5"), True, [title, "Ünïcode"]) for title in RISKY]
    rows.append(('Plain – ünïcode, "quoted"\nand multi-line', 0, None, False, []))
    table = _table(rows)
    write_csv(table, tmp_path / "sample.csv")
    write_xlsx(table, tmp_path / "sample.xlsx")

    header, *body = _csv_rows(tmp_path / "sample.csv")
    assert header == list(table.columns)
    for (title, *_), shown in zip(rows[:-1], body, strict=False):
        assert shown[0] == "'" + title
        assert shown[1] == "-3"  # a number stays a number
        assert shown[4].startswith("'")
    assert body[-1] == ['Plain – ünïcode, "quoted"\nand multi-line', "0", "", "false", ""]

    sheet = load_workbook(tmp_path / "sample.xlsx")["sample"]
    assert [c.value for c in sheet[1]] == list(table.columns)
    for (title, *_), cells in zip(rows, sheet.iter_rows(min_row=2), strict=True):
        # Shown exactly as typed, stored as text: nothing a spreadsheet would calculate. (A CR
        # is written as OOXML's escape _x000D_, which Excel shows as the CR; openpyxl leaves
        # the escape as it is.)
        assert cells[0].value == title.replace("\r", "_x000D_")
        assert cells[0].data_type == "s"
        assert cells[1].data_type == "n"
    assert all(cell.quotePrefix for cell in next(sheet.iter_cols(min_row=2, max_row=8)))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:E{len(rows) + 1}"


def test_csv_cells_join_arrays_and_keep_numbers() -> None:
    assert csv_cell(["a", None, "b"]) == "a; b"
    assert csv_cell(None) == ""
    assert csv_cell(-1) == "-1"
    assert csv_cell(Decimal("0.125")) == "0.125"
    assert csv_cell("-minus") == "'-minus"


def test_control_characters_xml_cannot_hold_are_dropped_from_xlsx(tmp_path: Path) -> None:
    write_xlsx(_table([("bell\x07 and nul\x00", 1, None, None, None)]), tmp_path / "c.xlsx")
    sheet = load_workbook(tmp_path / "c.xlsx")["sample"]
    assert sheet["A2"].value == "bell and nul"


def _view(report: Report, name: str) -> tuple[list[str], int]:
    """The view's columns and its number of rows."""
    with report.engine.connect() as connection:
        columns = list(connection.execute(text(f"SELECT * FROM reporting.{name} LIMIT 0")).keys())
        count = connection.execute(text(f"SELECT count(*) FROM reporting.{name}")).scalar_one()
    return columns, count


@pytest.mark.parametrize("name", LISTS)
def test_every_list_has_every_row_of_its_view(report: Report, name: str) -> None:
    lists = report.directory / "lists"
    columns, expected = _view(report, name)
    header, *body = _csv_rows(lists / f"{name}.csv")
    assert len(body) == expected
    assert "run_id" not in header
    # sql/report/ names the columns (to leave out run_id): every other one, in the view's order.
    assert header == [column for column in columns if column != "run_id"]
    workbook = load_workbook(lists / f"{name}.xlsx", read_only=True)
    sheet = workbook[name[:31]]
    rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    assert list(rows[0]) == header
    assert len(rows) - 1 == expected


def test_a_title_starting_with_equals_is_no_formula(report: Report) -> None:
    lists = report.directory / "lists"
    header, *body = _csv_rows(lists / "works_missing_from_orcid.csv")
    column = header.index("title")
    titles = [row[column] for row in body]
    assert "'" + FORMULA_TITLE in titles
    assert FORMULA_TITLE not in titles
    assert SCRIPT_TITLE in titles  # nothing else is changed

    sheet = load_workbook(lists / "works_missing_from_orcid.xlsx")["works_missing_from_orcid"]
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    planted = [cell for cell in cells if cell.value == FORMULA_TITLE]
    assert planted
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in planted)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
