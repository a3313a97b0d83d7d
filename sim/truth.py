"""The ground truth of a synthetic institution as CSV files, and a reader for them.

The benchmarks score the pipeline against these files rather than against a live `Institution`,
so a run can be scored after the fact, by another process, or by a person with a spreadsheet.
Lists inside a cell (tags, person UUIDs, org units) are joined with ";"; an empty cell is None.
Rows are named tuples because a 10,000-researcher truth has about a million of them.

Files: org_units.csv, persons.csv, orcid_records.csv, true_works.csv, pure_outputs.csv,
orcid_works.csv, hard_negatives.csv.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, get_type_hints

from sim.institution import hard_negative_pairs
from sim.model import Institution

SEPARATOR = ";"


class OrgUnitRow(NamedTuple):
    uuid: str
    pure_id: int
    name: str
    kind: str
    parent_uuid: str | None


class PersonRow(NamedTuple):
    uuid: str
    pure_id: int
    given_names: str
    family_name: str
    orcid: str | None
    """The iD as Pure holds it."""
    true_orcid: str | None
    """The iD of the record that really is this person's, if they have one."""
    orcid_problem: str
    org_unit_uuids: tuple[str, ...]
    token_granted: bool


class OrcidRecordRow(NamedTuple):
    orcid: str
    status: str
    primary_orcid: str | None
    person_uuid: str | None
    """Whose record it is; for a deprecated iD, the person it was merged for."""
    works: int


class TrueWorkRow(NamedTuple):
    id: int
    type: str
    title: str
    subtitle: str | None
    year: int
    venue: str | None
    issn: str | None
    isbn: str | None
    doi: str | None
    pmid: str | None
    arxiv: str | None
    eid: str | None
    person_uuids: tuple[str, ...]
    version_of: int | None
    part_of: int | None
    note_on: int | None
    planted: tuple[str, ...]


class PureOutputRow(NamedTuple):
    uuid: str
    pure_id: int
    true_work_id: int
    person_uuids: tuple[str, ...]
    workflow_step: str
    visibility: str
    publication_status: str
    title: str
    doi: str | None
    planted: tuple[str, ...]


class OrcidWorkRow(NamedTuple):
    orcid: str
    put_code: int
    true_work_id: int
    source_client_id: str | None
    visibility: str
    title: str
    planted: tuple[str, ...]


class HardNegativeRow(NamedTuple):
    work_a: int
    work_b: int
    reason: str


@dataclass(slots=True)
class Truth:
    org_units: list[OrgUnitRow]
    persons: list[PersonRow]
    orcid_records: list[OrcidRecordRow]
    true_works: list[TrueWorkRow]
    pure_outputs: list[PureOutputRow]
    orcid_works: list[OrcidWorkRow]
    hard_negatives: list[HardNegativeRow]

    def pure_work_ids(self) -> dict[str, int]:
        """Pure UUID → true work id: what a benchmark needs to score a Pure-side link."""
        return {row.uuid: row.true_work_id for row in self.pure_outputs}

    def orcid_work_ids(self) -> dict[tuple[str, int], int]:
        """(ORCID iD, put-code) → true work id: the same for an ORCID-side link."""
        return {(row.orcid, row.put_code): row.true_work_id for row in self.orcid_works}


FILES: dict[str, Any] = {
    "org_units.csv": OrgUnitRow,
    "persons.csv": PersonRow,
    "orcid_records.csv": OrcidRecordRow,
    "true_works.csv": TrueWorkRow,
    "pure_outputs.csv": PureOutputRow,
    "orcid_works.csv": OrcidWorkRow,
    "hard_negatives.csv": HardNegativeRow,
}


def _person_rows(institution: Institution) -> Iterator[PersonRow]:
    """A person's true iD is not on the `Person` (that is what Pure holds, possibly wrong); it is
    on the `Author` that stands for them in every work they wrote."""
    true_orcids: dict[str, str | None] = {}
    for work in institution.true_works.values():
        for author in work.authors:
            if author.person_uuid is not None:
                true_orcids.setdefault(author.person_uuid, author.orcid)
    granted = {token.orcid for token in institution.tokens}
    for person in institution.persons:
        yield PersonRow(
            uuid=person.uuid,
            pure_id=person.pure_id,
            given_names=person.given_names,
            family_name=person.family_name,
            orcid=person.orcid,
            true_orcid=true_orcids.get(person.uuid),
            orcid_problem=person.orcid_problem,
            org_unit_uuids=tuple(person.org_unit_uuids),
            token_granted=person.orcid is not None and person.orcid in granted,
        )


def _record_rows(institution: Institution, persons: list[PersonRow]) -> Iterator[OrcidRecordRow]:
    owners = {p.true_orcid: p.uuid for p in persons if p.true_orcid}
    for p in persons:
        if p.orcid_problem == "deprecated" and p.orcid:
            owners[p.orcid] = p.uuid
    for record in institution.orcid_records.values():
        yield OrcidRecordRow(
            record.orcid,
            record.status,
            record.primary_orcid,
            owners.get(record.orcid),
            len(record.works),
        )


def _true_work_rows(institution: Institution) -> Iterator[TrueWorkRow]:
    for w in institution.true_works.values():
        yield TrueWorkRow(
            w.id, w.type, w.title, w.subtitle, w.year, w.venue, w.issn, w.isbn, w.doi, w.pmid,
            w.arxiv, w.eid, tuple(a.person_uuid for a in w.authors if a.person_uuid),
            w.version_of, w.part_of, w.note_on, tuple(w.planted),
        )  # fmt: skip


def _pure_rows(institution: Institution) -> Iterator[PureOutputRow]:
    for o in institution.pure_outputs:
        yield PureOutputRow(
            o.uuid, o.pure_id, o.true_work_id, tuple(o.person_uuids), o.workflow_step,
            o.visibility, o.publication_status, o.title, o.doi, tuple(o.planted),
        )  # fmt: skip


def _orcid_rows(institution: Institution) -> Iterator[OrcidWorkRow]:
    for record in institution.orcid_records.values():
        for w in record.works:
            yield OrcidWorkRow(
                w.orcid, w.put_code, w.true_work_id, w.source_client_id, w.visibility, w.title,
                tuple(w.planted),
            )  # fmt: skip


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return SEPARATOR.join(value)
    return str(value)


def _write(path: Path, row_type: Any, rows: Iterable[Any]) -> None:
    names = list(row_type._fields)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        writer.writerows([_cell(getattr(row, n)) for n in names] for row in rows)


def write_truth(institution: Institution, directory: Path) -> dict[str, Path]:
    """Write every truth file into `directory` (created if needed); returns file name → path."""
    directory.mkdir(parents=True, exist_ok=True)
    persons = list(_person_rows(institution))
    pairs = hard_negative_pairs(institution.true_works.values())
    rows: dict[str, Iterable[Any]] = {
        "org_units.csv": (
            OrgUnitRow(u.uuid, u.pure_id, u.name, u.kind, u.parent_uuid)
            for u in institution.org_units
        ),
        "persons.csv": persons,
        "orcid_records.csv": _record_rows(institution, persons),
        "true_works.csv": _true_work_rows(institution),
        "pure_outputs.csv": _pure_rows(institution),
        "orcid_works.csv": _orcid_rows(institution),
        "hard_negatives.csv": (HardNegativeRow(p.a, p.b, p.reason) for p in pairs),
    }
    written = {}
    for name, row_type in FILES.items():
        written[name] = directory / name
        _write(written[name], row_type, rows[name])
    return written


def _parser(hint: Any) -> Callable[[str], Any] | None:
    """The inverse of `_cell` for one field's type; None where the text is already the value."""
    if hint is int:
        return int
    if hint == int | None:
        return lambda text: int(text) if text else None
    if hint == str | None:
        return lambda text: text or None
    if hint is bool:
        return lambda text: text == "yes"
    if hint == tuple[str, ...]:
        return lambda text: tuple(text.split(SEPARATOR)) if text else ()
    return None


def _read(path: Path, row_type: Any) -> list[Any]:
    hints = get_type_hints(row_type)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        parsers = [(i, _parser(hints[name])) for i, name in enumerate(header)]
        converters = [(i, parse) for i, parse in parsers if parse is not None]
        rows = []
        for row in reader:
            for i, parse in converters:
                row[i] = parse(row[i])
            rows.append(row_type._make(row))
        return rows


def read_truth(directory: Path) -> Truth:
    """Load the files `write_truth` wrote, with numbers, flags and lists parsed back."""
    loaded = {name: _read(directory / name, row_type) for name, row_type in FILES.items()}
    return Truth(
        org_units=loaded["org_units.csv"],
        persons=loaded["persons.csv"],
        orcid_records=loaded["orcid_records.csv"],
        true_works=loaded["true_works.csv"],
        pure_outputs=loaded["pure_outputs.csv"],
        orcid_works=loaded["orcid_works.csv"],
        hard_negatives=loaded["hard_negatives.csv"],
    )


UPDATE_SCOPE = "/activities/update"


def missing_and_pushable(institution: Institution) -> set[tuple[str, int]]:
    """(iD, true work) for every work the load stage should push: a Pure output that passes
    Pure's export rules (approved, public, published or e-pub ahead of print), of a researcher
    whose iD in Pure is theirs (or deprecated: then its primary's record) and who granted the
    institution `/activities/update`, whose work is on that record in no visibility."""
    records = institution.orcid_records
    writers = {t.orcid for t in institution.tokens if t.orcid and UPDATE_SCOPE in t.scopes}
    missing = set()
    for person in institution.persons:
        if person.orcid_problem not in ("none", "deprecated") or person.orcid not in records:
            continue
        record = records[person.orcid]
        if record.status == "deprecated" and record.primary_orcid:
            record = records[record.primary_orcid]
        if record.status != "active" or record.orcid not in writers:
            continue
        on_record = {w.true_work_id for w in record.works}
        for output in institution.pure_outputs:
            if (
                person.uuid in output.person_uuids
                and output.workflow_step == "approved"
                and output.visibility == "FREE"
                and output.publication_status in ("published", "epub")
                and output.true_work_id not in on_record
            ):
                missing.add((record.orcid, output.true_work_id))
    return missing
