"""Link two CSV files of bibliographic records (or find duplicates in one): `pure-orcid link`.

The same matcher as the pipeline's Pure-to-ORCID step, on any pair of tables with the columns
id, title, authors, venue, year and optionally doi; this is how the matcher is measured on
public benchmarks. Header names are matched without regard to case or surrounding spaces,
because every export spells them its own way. Values may hold HTML entities or LaTeX: the
normalisers decode both.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.match.config import MatchConfig
from pipeline.match.link import Link, link
from pipeline.match.records import MatchRecord, make_record
from pipeline.normalize.identifiers import doi
from pipeline.sources.limits import MAX_FIELD_CHARS, MAX_TITLE_CHARS, InputError, decode, too_long
from pipeline.sources.model import Identifier, RecordError

REQUIRED = ("id", "title")
OPTIONAL = ("authors", "venue", "year", "doi")
OWNER = "csv"
"""Every row of a file belongs to one owner: a file is one block, compared as a whole."""


@dataclass(frozen=True, slots=True)
class LinkSummary:
    left_records: int
    right_records: int | None
    """None when one file was searched for its own duplicates."""
    links: int
    seconds: float
    rejected: list[RecordError] = field(default_factory=list)
    """The rows of either file that could not be read, each naming its file and line."""


@dataclass(frozen=True, slots=True)
class CsvRecords:
    records: list[MatchRecord]
    rejected: list[RecordError]
    """Rows not read, each naming the file, its line and why: the rest are linked."""


def _year(text: str) -> int | None:
    """Exports write "1999", "1999.0" or nothing; anything else is no year rather than an error,
    since a missing year only widens the comparison."""
    try:
        return int(float(text))
    except ValueError:
        return None


def read_records(path: Path, side: str, encoding: str | None = None) -> CsvRecords:
    """The rows of one CSV file as match records, and the rows that could not be read.

    The file is read in `encoding`, else as its byte-order mark says (UTF-8, UTF-16), else as
    UTF-8. InputError, naming the file, for text that is not in that encoding, a missing
    column or a file without one readable row."""
    text = decode(path.read_bytes(), path.name, encoding)
    csv.field_size_limit(MAX_FIELD_CHARS)
    # strict: a stray or unclosed quote is an error at its line, not a field that runs on
    # through the rows after it.
    read = _read(csv.reader(io.StringIO(text, newline=""), strict=True), path, side)
    if not read.records:
        reasons = "".join(f"; {error}" for error in read.rejected[:3])
        more = len(read.rejected) - 3
        raise InputError(
            f"{path.name}: no row could be read{reasons}"
            + (f" (and {more} more)" if more > 0 else "")
        )
    return read


def _rows(rows: csv.Reader, path: Path) -> Iterator[tuple[int, list[str] | RecordError]]:
    """(line, cells) for each row, or (line, RecordError) for one the csv module refuses; the
    reader goes on at the next line."""
    while True:
        line = rows.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            yield line, RecordError(f"{path.name}, line {line}", "row", _csv_problem(error, line))
            continue
        yield line, row


def _csv_problem(error: csv.Error, line: int) -> str:
    message = str(error)
    if "field larger than field limit" in message:
        return f"a cell longer than {MAX_FIELD_CHARS:,} characters (a quote never closed?)"
    if "unexpected end of data" in message:
        return f"the quote opened in the row at line {line} is never closed"
    return f"not CSV: {message}"


def _read(rows: csv.Reader, path: Path, side: str) -> CsvRecords:
    try:
        header = [name.strip().lower() for name in next(rows, [])]
    except csv.Error as error:
        raise InputError(f"{path.name}, line 1: {_csv_problem(error, 1)}") from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputError(f"{path.name}: no column {', '.join(missing)} (columns: {header})")
    column = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    records: list[MatchRecord] = []
    rejected: list[RecordError] = []
    first_line: dict[str, int] = {}
    for line, row in _rows(rows, path):
        if isinstance(row, RecordError):
            rejected.append(row)
            continue
        if not any(cell.strip() for cell in row):
            continue
        problem = _row_problem(row, len(header), column, first_line)
        if problem is not None:
            rejected.append(RecordError(f"{path.name}, line {line}", *problem))
            continue
        cells = {name: row[i].strip() if i < len(row) else "" for name, i in column.items()}
        first_line[cells["id"]] = line
        raw_doi = cells.get("doi", "")
        records.append(
            make_record(
                cells["id"],
                side,
                OWNER,
                title=cells["title"],
                year=_year(cells.get("year", "")),
                venue=cells.get("venue") or None,
                authors=cells.get("authors", ""),
                identifiers=[Identifier("doi", raw_doi, doi(raw_doi))] if raw_doi else [],
            )
        )
    return CsvRecords(records, rejected)


def _row_problem(
    row: list[str], width: int, column: dict[str, int], first_line: dict[str, int]
) -> tuple[str, str] | None:
    """(field, what is wrong) for a row that cannot be linked; None for one that can."""
    if len(row) > width and any(cell.strip() for cell in row[width:]):
        return "row", f"{len(row)} cells, the header has {width} (a comma in an unquoted value?)"
    record_id = row[column["id"]].strip() if column["id"] < len(row) else ""
    title = row[column["title"]].strip() if column["title"] < len(row) else ""
    if not record_id:
        return "id", "empty"
    if record_id in first_line:
        return "id", f"{record_id!r} repeats the row at line {first_line[record_id]}"
    if not title:
        return "title", f"empty (id {record_id!r})"
    if (problem := too_long(title, MAX_TITLE_CHARS)) is not None:
        return "title", f"{problem} (id {record_id!r})"
    return None


def write_links(path: Path, links: list[Link]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["left_id", "right_id", "score"])
        writer.writerows((k.left_id, k.right_id, f"{k.score:.4f}") for k in links)


def link_csv_files(
    left_path: Path,
    right_path: Path | None,
    out_path: Path,
    encoding: str | None = None,
    *,
    one_to_one: bool = False,
) -> LinkSummary:
    """Write `left_id,right_id,score` for every pair of rows that are the same work. The
    output's folder is checked first, so that a long linking does not end in a failed write.

    Either file may hold a work more than once (an export of ORCID holds a work once per
    source), so by default a row may link to several rows of the other file, when those are
    the same work as each other (`MatchConfig.assignment` "same-work-groups"). `one_to_one`
    links each row to at most one row: right for two bibliographies that each list a work
    once, where it settles a choice between two look-alikes that the groups would leave open.
    """
    began = time.monotonic()
    _check_writable(out_path)
    left = read_records(left_path, "left", encoding)
    right = None if right_path is None else read_records(right_path, "right", encoding)
    assignment = "one-to-one" if one_to_one else "same-work-groups"
    links = link(
        left.records,
        None if right is None else right.records,
        MatchConfig(assignment=assignment),
    )
    write_links(out_path, links)
    return LinkSummary(
        left_records=len(left.records),
        right_records=None if right is None else len(right.records),
        links=len(links),
        seconds=time.monotonic() - began,
        rejected=[*left.rejected, *(right.rejected if right is not None else [])],
    )


def _check_writable(path: Path) -> None:
    folder = path.parent
    if path.is_dir():
        raise InputError(f"--out {path}: a folder, not a file")
    if not folder.is_dir():
        raise InputError(f"--out {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"--out {path}: not allowed to write there")
