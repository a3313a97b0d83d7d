"""The CSV reader of `pure-orcid link`, on rows with any Unicode (quotes, commas, newlines,
control characters, NUL), empty and repeated ids, missing titles, extra cells, and on raw lines
that break the quoting: every row is a record or a rejection naming its line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.link_csv import CsvRecords, read_records
from pipeline.sources.limits import InputError, is_binary
from tests.properties.strategies import EXAMPLES, text

HEADER = ["id", "title", "authors", "year"]
cell = text.filter(lambda value: "\r" not in value)
"""A lone carriage return inside a cell is the one thing the csv module cannot give back."""


_ids = st.sampled_from(["", "a", "b", "c"]) | st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True)
_row = st.tuples(_ids, cell, cell, st.sampled_from(["", "1999", "x"])).map(list)
_extra = st.lists(cell, min_size=1, max_size=2)


@st.composite
def _rows(draw: st.DrawFn) -> list[list[str]]:
    """Rows with empty, repeated and fresh ids; rows with id "c" may have cells beyond the
    header's."""
    rows = draw(st.lists(_row, min_size=1, max_size=8))
    return [r + draw(_extra) if draw(st.booleans()) and r[0] == "c" else r for r in rows]


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


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for all examples: each example rewrites the same file."""
    return tmp_path_factory.mktemp("csv")


def _write(folder: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([HEADER, *rows])
    path = folder / "refs.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def _refused_as_binary(path: Path) -> bool:
    """Cells full of control characters make a file that is refused whole, as binary (one
    error naming the file accounts for all its rows); True when that is what happened."""
    if not is_binary(path.read_text(encoding="utf-8")):
        return False
    with pytest.raises(InputError, match=r"^refs\.csv: a binary file"):
        read_records(path, "left")
    return True


@EXAMPLES
@given(_rows())
def test_every_row_is_a_record_or_a_rejection_naming_its_line(
    folder: Path, rows: list[list[str]]
) -> None:
    path = _write(folder, rows)
    if _refused_as_binary(path):
        return
    written = [r for r in rows if any(c.strip() for c in r)]
    good = _expected_good(rows)
    if good == 0:
        with pytest.raises(InputError, match=r"^refs\.csv: no row could be read"):
            read_records(path, "left")
        return
    read = read_records(path, "left")
    assert len(read.records) == good
    assert len(read.records) + len(read.rejected) == len(written)
    for rejected in read.rejected:
        assert rejected.record_id.startswith("refs.csv, line ")


def _read_or_refusal(path: Path) -> CsvRecords | InputError:
    """The rows read, or the one error that refuses the whole file (nothing else may be raised)."""
    try:
        return read_records(path, "left")
    except InputError as error:
        return error


@EXAMPLES
@given(_rows(), st.data())
def test_broken_quoting_is_rejected_by_line_never_raised(
    folder: Path, rows: list[list[str]], data: st.DataObject
) -> None:
    path = _write(folder, rows)
    content = path.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(len("id,title,authors,year\r\n"), len(content)))
        content = content[:at] + data.draw(st.sampled_from(['"', ",", "\n", "\x00"])) + content[at:]
    path.write_text(content, encoding="utf-8", newline="")
    read = _read_or_refusal(path)
    if isinstance(read, InputError):
        assert str(read).startswith("refs.csv")
        return
    assert read.records
    for rejected in read.rejected:
        assert rejected.record_id.startswith("refs.csv, line ")


def _surname(n: int) -> str:
    """A distinct surname of letters for each n (names with digits are not names)."""
    return "Q" + "".join("abcdefghijklmnopqrstuvwxyz"[n // 26**i % 26] for i in range(3))


def test_a_row_with_5000_authors_is_read(tmp_path: Path) -> None:
    authors = "; ".join(f"{_surname(n)}, A." for n in range(5000))
    path = _write(tmp_path, [["k1", "A title", authors, "2020"]])
    [record] = read_records(path, "left").records
    assert len(record.authors) == 5000
