"""The CSV reader of `pure-orcid link`, on rows with any Unicode (quotes, commas, newlines,
control characters, NUL), empty and repeated ids, missing titles, extra cells, and on raw lines
that break the quoting: every row is a record or a rejection naming its line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pipeline.link_csv import read_records
from pipeline.sources.limits import InputError
from tests.properties.strategies import EXAMPLES, text

HEADER = ["id", "title", "authors", "year"]
cell = text.filter(lambda value: "\r" not in value)
"""A lone carriage return inside a cell is the one thing the csv module cannot give back."""


@st.composite
def _rows(draw: st.DrawFn) -> list[list[str]]:
    ids = st.sampled_from(["", "a", "b", "c"]) | st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True)
    row = st.tuples(ids, cell, cell, st.sampled_from(["", "1999", "x"])).map(list)
    extra = st.lists(cell, min_size=1, max_size=2)
    rows = draw(st.lists(row, min_size=1, max_size=8))
    return [r + draw(extra) if draw(st.booleans()) and r[0] == "c" else r for r in rows]


def _expected_good(rows: list[list[str]]) -> int:
    seen: set[str] = set()
    good = 0
    for row in rows:
        record_id, title = row[0].strip(), row[1].strip()
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(HEADER) and any(c.strip() for c in row[len(HEADER) :]):
            continue
        if not record_id or record_id in seen or not title:
            continue
        seen.add(record_id)
        good += 1
    return good


def _write(folder: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([HEADER, *rows])
    path = folder / "refs.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


@EXAMPLES
@given(_rows())
def test_every_row_is_a_record_or_a_rejection_naming_its_line(
    tmp_path_factory, rows: list[list[str]]
) -> None:
    path = _write(tmp_path_factory.mktemp("csv"), rows)
    written = [r for r in rows if any(c.strip() for c in r)]
    good = _expected_good(rows)
    if good == 0:
        try:
            read_records(path, "left")
        except InputError as error:
            assert "refs.csv: no row could be read" in str(error)
        return
    read = read_records(path, "left")
    assert len(read.records) == good
    assert len(read.records) + len(read.rejected) == len(written)
    for rejected in read.rejected:
        assert rejected.record_id.startswith("refs.csv, line ")


@EXAMPLES
@given(_rows(), st.data())
def test_broken_quoting_is_rejected_by_line_never_raised(
    tmp_path_factory, rows: list[list[str]], data: st.DataObject
) -> None:
    path = _write(tmp_path_factory.mktemp("csv"), rows)
    content = path.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(len("id,title,authors,year\r\n"), len(content)))
        content = content[:at] + data.draw(st.sampled_from(['"', ",", "\n", "\x00"])) + content[at:]
    path.write_text(content, encoding="utf-8", newline="")
    try:
        read = read_records(path, "left")
    except InputError as error:
        assert "refs.csv" in str(error)
        return
    assert read.records
    for rejected in read.rejected:
        assert rejected.record_id.startswith("refs.csv, line ")


def test_a_row_with_5000_authors_is_read(tmp_path: Path) -> None:
    authors = "; ".join(f"Author{n}, A." for n in range(5000))
    path = _write(tmp_path, [["k1", "A title", authors, "2020"]])
    [record] = read_records(path, "left").records
    assert len(record.authors) >= 5000
