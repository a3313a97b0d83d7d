"""Link two CSV files of bibliographic records (or find duplicates in one): `pure-orcid link`.

The same matcher as the pipeline's Pure-to-ORCID step, on any pair of tables with the columns
id, title, authors, venue, year and optionally doi; this is how the matcher is measured on
public benchmarks. Header names are matched without regard to case or surrounding spaces,
because every export spells them its own way. Values may hold HTML entities or LaTeX: the
normalisers decode both.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.match.config import MatchConfig
from pipeline.match.link import Link, link
from pipeline.match.records import MatchRecord, make_record
from pipeline.normalize.identifiers import doi
from pipeline.sources.model import Identifier

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


def _year(text: str) -> int | None:
    """Exports write "1999", "1999.0" or nothing; anything else is no year rather than an error,
    since a missing year only widens the comparison."""
    try:
        return int(float(text))
    except ValueError:
        return None


def read_records(path: Path, side: str, encoding: str = "utf-8-sig") -> list[MatchRecord]:
    """The rows of one CSV file as match records; ValueError naming the file and line for a
    missing column, a repeated id or text that is not in `encoding`."""
    try:
        with path.open(newline="", encoding=encoding) as handle:
            return _read(csv.reader(handle), path, side)
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{path}: not readable as {encoding} ({error.reason} at byte {error.start}); "
            "give the file's encoding, e.g. --encoding latin-1"
        ) from None


def _read(rows: csv.Reader, path: Path, side: str) -> list[MatchRecord]:
    header = [name.strip().lower() for name in next(rows, [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ValueError(f"{path}: no column {', '.join(missing)} (columns: {header})")
    column = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    records: list[MatchRecord] = []
    seen: set[str] = set()
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: row[i].strip() if i < len(row) else "" for name, i in column.items()}
        record_id = cells["id"]
        if record_id in seen:
            raise ValueError(f"{path}, line {rows.line_num}: id {record_id!r} repeated")
        seen.add(record_id)
        raw_doi = cells.get("doi", "")
        records.append(
            make_record(
                record_id,
                side,
                OWNER,
                title=cells["title"],
                year=_year(cells.get("year", "")),
                venue=cells.get("venue") or None,
                authors=cells.get("authors", ""),
                identifiers=[Identifier("doi", raw_doi, doi(raw_doi))] if raw_doi else [],
            )
        )
    return records


def write_links(path: Path, links: list[Link]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["left_id", "right_id", "score"])
        writer.writerows((k.left_id, k.right_id, f"{k.score:.4f}") for k in links)


def link_csv_files(
    left_path: Path,
    right_path: Path | None,
    out_path: Path,
    encoding: str = "utf-8-sig",
    *,
    one_to_one: bool = False,
) -> LinkSummary:
    """Write `left_id,right_id,score` for every pair of rows that are the same work.

    Either file may hold a work more than once (an export of ORCID holds a work once per
    source), so by default a row may link to several rows of the other file, when those are
    the same work as each other (`MatchConfig.assignment` "same-work-groups"). `one_to_one`
    links each row to at most one row: right for two bibliographies that each list a work
    once, where it settles a choice between two look-alikes that the groups would leave open.
    """
    began = time.monotonic()
    left = read_records(left_path, "left", encoding)
    right = None if right_path is None else read_records(right_path, "right", encoding)
    assignment = "one-to-one" if one_to_one else "same-work-groups"
    links = link(left, right, MatchConfig(assignment=assignment))
    write_links(out_path, links)
    return LinkSummary(
        left_records=len(left),
        right_records=None if right is None else len(right),
        links=len(links),
        seconds=time.monotonic() - began,
    )
