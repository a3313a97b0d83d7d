"""Reading one published run for its report.

Everything a report shows is read in one read-only REPEATABLE READ transaction with the session
setting `pure_orcid.report_run` naming the run, so the report reads exactly what analysts see in
the `reporting` views for that run, and its figures agree with each other even while a nightly
run publishes beside it. The publish stage writes its run's report inside its own transaction,
before it commits, so it reads the lists it has just copied, which nobody else sees yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row

from pipeline.db.queries import query

LISTS = (
    "researchers",
    "coverage_per_researcher",
    "coverage_per_faculty",
    "works_missing_from_orcid",
    "works_missing_from_pure",
    "works_hidden_by_visibility",
    "identity_problems",
    "researcher_steps",
    "funnel_per_faculty",
    "duplicates_in_pure",
    "duplicates_in_orcid",
)
"""The published lists, each exported whole (CSV, XLSX, HTML pages) under its view's name."""


OWN_ONLY = frozenset({"doi", "pmid", "arxiv"})
"""Identifiers that name the work itself only: one of its container (part-of) is left out."""

Contributor = tuple[str | None, str | None, str | None, str | None]


class RunNotPublished(LookupError):
    """The run asked for does not exist or published nothing: there is no report to write."""


@dataclass(frozen=True)
class Table:
    """One list as the view gives it: its columns and its rows (SQLAlchemy rows, which read like
    tuples and by attribute, and weigh far less than a dict each at 100,000 rows)."""

    name: str
    columns: tuple[str, ...]
    rows: list[Row[Any]]

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class RunInfo:
    run_id: int
    trigger: str | None
    status: str
    started_at: datetime | None
    finished_at: datetime | None
    published_at: datetime


@dataclass
class BibWork:
    """What a BibTeX entry says of one Pure output: its staged details, or only what the
    published list kept when the output has left staging since the run."""

    pure_uuid: str
    title: str | None
    subtitle: str | None = None
    work_type: str | None = None
    source_type: str | None = None
    pub_year: int | None = None
    pub_month: int | None = None
    venue: str | None = None
    language: str | None = None
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    """(type, value) in source order, the normalised value where there is one."""
    contributors: list[Contributor] = field(default_factory=list)
    """(display name, given names, family name, role), in author order."""


@dataclass(frozen=True)
class ReportData:
    run: RunInfo
    lists: dict[str, Table]
    trend: list[Row[Any]]
    funnel_trend: list[Row[Any]]
    validation: list[Row[Any]]
    failures: list[Row[Any]]
    """What failed during the run (`reporting.run_failures`): records, then requests."""
    bib_works: dict[str, BibWork]
    languages: dict[str, Row[Any]]
    """Per Pure person, the language they chose and their nationality (either may be null)."""


def read_report_data(
    engine: Engine, run_id: int | None, publishing: Connection | None = None
) -> ReportData:
    """Every figure and row of the report of `run_id` (default: the latest published run);
    through `publishing`, the publish stage's open transaction, when it writes its own."""
    if publishing is not None:
        return _read(publishing, run_id)
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            return _read(connection, run_id)


def _read(connection: Connection, run_id: int | None) -> ReportData:
    run = resolve_run(connection, run_id)
    params = {"run_id": run.run_id}
    connection.execute(query("report/select_run"), params)
    lists = {name: _table(connection, name) for name in LISTS}
    trend = list(connection.execute(query("report/coverage_trend"), params))
    funnel_trend = list(connection.execute(query("report/funnel_trend"), params))
    validation = list(connection.execute(query("report/validation_results"), params))
    failures = list(connection.execute(query("report/run_failures"), params))
    bib_works = _bib_works(connection, lists["works_missing_from_orcid"])
    languages = {row.person_uuid: row for row in connection.execute(query("report/languages"))}
    return ReportData(run, lists, trend, funnel_trend, validation, failures, bib_works, languages)


def resolve_run(connection: Connection, run_id: int | None) -> RunInfo:
    row = connection.execute(query("report/run"), {"run_id": run_id}).one_or_none()
    if row is None:
        if run_id is None:
            raise RunNotPublished("no run has published anything yet: there is nothing to report")
        raise RunNotPublished(f"run {run_id} does not exist")
    if row.published_at is None:
        reason = row.message or f"it is {row.status} and did not reach the publish stage"
        raise RunNotPublished(f"run {row.run_id} published nothing: {reason}")
    return RunInfo(
        run_id=row.run_id,
        trigger=row.trigger,
        status=row.status,
        started_at=row.started_at,
        finished_at=row.finished_at,
        published_at=row.published_at,
    )


def _table(connection: Connection, name: str) -> Table:
    result = connection.execute(query(f"report/{name}"))
    return Table(name, tuple(result.keys()), list(result))


def _bib_works(connection: Connection, missing: Table) -> dict[str, BibWork]:
    """The BibTeX material of every output a researcher must import themselves; an output no
    longer staged keeps the title, year, type and DOI the published list recorded."""
    works = {
        row.pure_uuid: BibWork(**row._asdict())
        for row in connection.execute(query("report/bibtex_works"))
    }
    identifiers: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in connection.execute(query("report/bibtex_identifiers")):
        value = row.normalised_value or row.raw_value
        if row.id_type in OWN_ONLY and row.relationship != "self":
            continue  # a chapter's book DOI is not the chapter's
        if value:  # repeats are dropped by `bibtex.entry`, after it cleans each value
            identifiers[row.pure_uuid].append((row.id_type, value))
    contributors: dict[str, list[Contributor]] = defaultdict(list)
    for row in connection.execute(query("report/bibtex_contributors")):
        contributors[row.pure_uuid].append(
            (row.display_name, row.given_names, row.family_name, row.role)
        )
    for row in missing.rows:
        if row.connected or row.pure_uuid in works:
            continue
        works[row.pure_uuid] = BibWork(
            pure_uuid=row.pure_uuid, title=row.title, work_type=row.work_type, pub_year=row.pub_year
        )
        if row.doi:
            identifiers[row.pure_uuid] = [("doi", row.doi)]
    for uuid, work in works.items():
        work.identifiers = identifiers.get(uuid, [])
        work.contributors = contributors.get(uuid, [])
    return works
