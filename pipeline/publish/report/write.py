"""Writing one run's report folder: index.html, the lists (HTML pages, CSV, XLSX) and the
per-researcher files.

The folder is built beside its final place and moved in when complete, so a reader (or the
research office's file share) never sees a half-written report, and a report written again for
the same run leaves no stale researcher folder behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup
from sqlalchemy import Connection, Engine

from pipeline.config import Settings
from pipeline.db.queries import query
from pipeline.probes import probe
from pipeline.publish.report.data import LISTS, ReportData, Table, read_report_data
from pipeline.publish.report.faculties import (
    STEP_COLUMNS,
    STEPS,
    FacultyPage,
    faculty_pages,
    write_faculty_pages,
)
from pipeline.publish.report.figures import (
    IDENTITY_GROUPS,
    KNOWN_PROBLEMS,
    MUST_CONNECT,
    PROBLEM_LABELS,
    WILL_BE_PUSHED,
    Figures,
    compute_figures,
)
from pipeline.publish.report.html import HIDDEN_COLUMNS, render
from pipeline.publish.report.researchers import (
    Office,
    ResearcherFiles,
    collect_actions,
    write_researcher_files,
)
from pipeline.publish.report.svg import bar_chart, small_multiples
from pipeline.publish.report.tables import write_table_files
from pipeline.publish.report.written import WRITTEN, load_summary, render_written

PREVIEW_ROWS = 50
"""Rows of each long list shown in index.html; the rest are a click away, so the page stays
quick to open at 10,000 researchers."""
PAGE_ROWS = 5000
"""Rows per HTML page of a list: a browser shows 5,000 table rows without strain."""
NO_FACULTY = "(no faculty)"
OUTPUTS = ("lists", "researchers", "faculties", WRITTEN, "index.html")
"""What a report folder holds, in the order it is moved into place (index.html last)."""
SECTIONS = (
    "header",
    "summary",
    "coverage",
    "funnel",
    "identity",
    "missing_from_orcid",
    "missing_from_pure",
    "hidden",
    "duplicates",
    "researchers",
    "lists",
)
"""The sections of index.html in order, each a template in templates/index/."""
STEP_LABELS = (
    "Valid ORCID iD in Pure",
    "Connected",
    "Works public",
    "All Pure outputs on ORCID",
    "All ORCID works in Pure",
)
"""The steps of the ORCID process as the office's charts name them, in STEPS order."""


@dataclass(frozen=True)
class ReportSummary:
    """What a report holds and where: the figures a run's log and the command line show."""

    run_id: int
    index: Path
    """The report's index.html."""
    directory: Path
    researchers: int
    researchers_with_actions: int
    faculty_pages: int
    identity_problems: int
    works_missing_from_orcid: int
    will_be_pushed: int
    researcher_must_act: int
    works_missing_from_pure: int
    import_candidates: int
    works_hidden_by_visibility: int
    validation_warnings: int
    bibtex_files: int
    bibtex_entries: int
    rewritten_researchers: int
    """Researchers whose files were written; the others' were linked from the previous run's."""
    files: int
    bytes: int
    seconds: float


def run_directory(settings: Settings, run_id: int) -> Path:
    """Where a run's report is written unless told otherwise: one folder per run."""
    return settings.report_root / f"run-{run_id}"


def remove_report_leftovers(settings: Settings, run_id: int, *, published: bool) -> None:
    """Remove what a run that stopped half-way left in the reports folder: half-built folders
    (`.run-<id>-*`, a process killed while writing) and, if the run did not publish, a report
    moved into place just before its publish stage failed to commit."""
    directory = run_directory(settings, run_id)
    for leftover in directory.parent.glob(f".{directory.name}-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if not published:
        shutil.rmtree(directory, ignore_errors=True)


def write_report(
    engine: Engine,
    settings: Settings,
    run_id: int | None = None,
    out_dir: Path | None = None,
    *,
    publishing: Connection | None = None,
) -> ReportSummary:
    """Write the report of `run_id` (default: the latest published run) into `out_dir`, by
    default `settings.report_root / "run-<id>"`. Raises `RunNotPublished` for a run that does
    not exist or published nothing. `publishing` is the publish stage's transaction, in which
    its run is published but not yet committed; that nightly report links the researchers'
    files that the previous published run's report holds unchanged instead of writing them."""
    started = time.perf_counter()
    data = read_report_data(engine, run_id, publishing)
    run = data.run.run_id
    directory = Path(out_dir) if out_dir is not None else run_directory(settings, run)
    data_docs = settings.data_docs_dir / "index.html"
    figures = compute_figures(data)
    with _replacing(directory) as building:
        lists = building / "lists"
        lists.mkdir()
        people = {row.person_uuid: row.name for row in data.lists["researchers"].rows}
        for table in data.lists.values():
            write_table_files(table, lists)
            _write_list_pages(data, table, lists, people)
        office = Office.of(settings)
        researchers = collect_actions(data, settings.default_language)
        previous = _previous_researchers(engine, settings, run) if publishing else None
        files = write_researcher_files(
            data, researchers, building / "researchers", office, previous
        )
        faculties = faculty_pages(data)
        pages = write_faculty_pages(data, faculties, researchers, building / "faculties", office)
        (building / WRITTEN).write_text(_render_written(engine, data, publishing), encoding="utf-8")
        index = _render_index(data, figures, files, faculties, data_docs, directory)
        (building / "index.html").write_text(index, encoding="utf-8")
        probe("publish")
    count, size = _measure(directory)
    return ReportSummary(
        run_id=run,
        index=directory / "index.html",
        directory=directory,
        researchers=figures.researchers,
        researchers_with_actions=files.researchers,
        faculty_pages=pages,
        identity_problems=figures.list_rows["identity_problems"],
        works_missing_from_orcid=figures.list_rows["works_missing_from_orcid"],
        will_be_pushed=figures.missing_from_orcid.get(WILL_BE_PUSHED, 0),
        researcher_must_act=figures.missing_from_orcid.get(MUST_CONNECT, 0),
        works_missing_from_pure=figures.missing_from_pure,
        import_candidates=figures.import_candidates,
        works_hidden_by_visibility=figures.list_rows["works_hidden_by_visibility"],
        validation_warnings=figures.validation_failed.get("warning", 0),
        bibtex_files=files.bibtex_files,
        bibtex_entries=files.bibtex_entries,
        rewritten_researchers=files.rewritten,
        files=count,
        bytes=size,
        seconds=round(time.perf_counter() - started, 3),
    )


def _render_written(engine: Engine, data: ReportData, publishing: Connection | None) -> str:
    """The "written tonight" page as the run's load stage left it; while the run publishes,
    its load stage is still to come."""
    if publishing is not None:
        return render_written(publishing, data.run, None)
    with engine.connect() as connection:
        return render_written(connection, data.run, load_summary(connection, data.run.run_id))


def _previous_researchers(engine: Engine, settings: Settings, run_id: int) -> Path | None:
    with engine.connect() as connection:
        previous = connection.execute(
            query("report/previous_published"), {"run_id": run_id}
        ).scalar()
    folder = run_directory(settings, previous) / "researchers" if previous else None
    return folder if folder is not None and folder.is_dir() else None


def _render_index(
    data: ReportData,
    figures: Figures,
    files: ResearcherFiles,
    faculties: list[FacultyPage],
    data_docs: Path,
    directory: Path,
) -> str:
    coverage = data.lists["coverage_per_faculty"].rows
    coverage_chart = bar_chart(
        [(f.faculty or NO_FACULTY, f.pure_on_orcid_share, f.orcid_in_pure_share) for f in coverage],
        ("Pure → ORCID", "ORCID → Pure"),
        "Coverage per faculty, both ways",
    )
    funnel = data.lists["funnel_per_faculty"].rows
    funnel_chart = bar_chart(
        [
            (f.faculty or NO_FACULTY, *(getattr(f, f"{c}_share") for c in STEP_COLUMNS))
            for f in funnel
        ],
        STEP_LABELS,
        "Share of researchers who took each step of the ORCID process (and those before it)",
    )
    coverage_trend = _trend(
        data.trend,
        (("pure_on_orcid_share", "Pure → ORCID"), ("orcid_in_pure_share", "ORCID → Pure")),
        "Coverage per faculty over the published runs",
    )
    funnel_trend = _trend(
        data.funnel_trend,
        (("connected_share", "Connected"), ("orcid_in_pure_share", "Every step taken")),
        "The ORCID process per faculty over the published runs",
    )
    people = {row.person_uuid: row.name for row in data.lists["researchers"].rows}
    previews = {name: table.rows[:PREVIEW_ROWS] for name, table in data.lists.items()}
    return render(
        "index.html.j2",
        sections=SECTIONS,
        run=data.run,
        figures=figures,
        faculties=coverage,
        coverage_chart=coverage_chart,
        coverage_trend=coverage_trend,
        funnel=funnel,
        funnel_chart=funnel_chart,
        funnel_trend=funnel_trend,
        faculty_pages=faculties,
        steps=STEPS,
        step_columns=STEP_COLUMNS,
        step_labels=STEP_LABELS,
        trend_runs=len({row.run_id for row in data.trend}),
        data_docs=_relative_link(data_docs, directory) if data_docs.is_file() else None,
        data_docs_expected=str(data_docs),
        validation_failed=[row for row in data.validation if not row.success],
        failures=data.failures,
        people=people,
        previews=previews,
        identity_groups=IDENTITY_GROUPS,
        known_problems=KNOWN_PROBLEMS,
        problem_labels=PROBLEM_LABELS,
        researcher_files=files,
        list_names=LISTS,
    )


def _trend(rows: list[Any], series: tuple[tuple[str, str], ...], title: str) -> Markup:
    """Small multiples, one panel per faculty, of `series` (column, label) over the runs."""
    runs = list(dict.fromkeys(row.run_id for row in rows))
    names = list(dict.fromkeys(row.faculty or NO_FACULTY for row in rows))
    values = {(row.run_id, row.faculty or NO_FACULTY): row for row in rows}

    def line(name: str, column: str) -> list[Any]:
        found = (values.get((run, name)) for run in runs)
        return [getattr(row, column) if row is not None else None for row in found]

    panels = [(name, [(label, line(name, column)) for column, label in series]) for name in names]
    return small_multiples([f"run {run}" for run in runs], panels, title)


def _relative_link(target: Path, directory: Path) -> str:
    """A link that keeps working when the reports folder is copied or served as a whole."""
    relative = os.path.relpath(target.resolve(), directory.resolve())
    return quote(Path(relative).as_posix())


def _write_list_pages(
    data: ReportData, table: Table, directory: Path, people: dict[str, str]
) -> None:
    def page_file(number: int) -> str:
        return f"{table.name}.html" if number == 1 else f"{table.name}-{number}.html"

    pages = max(1, -(-len(table.rows) // PAGE_ROWS))
    shown = [(i, column) for i, column in enumerate(table.columns) if column not in HIDDEN_COLUMNS]
    for page in range(1, pages + 1):
        first = (page - 1) * PAGE_ROWS
        rows = table.rows[first : first + PAGE_ROWS]
        html = render(
            "list.html.j2",
            run=data.run,
            name=table.name,
            shown=shown,
            people=people,
            rows=rows,
            total=len(table.rows),
            page=page,
            pages=pages,
            first=first + 1,
            last=first + len(rows),
            page_file=page_file,
        )
        (directory / page_file(page)).write_text(html, encoding="utf-8")


@contextmanager
def _replacing(directory: Path) -> Iterator[Path]:
    """Build in a hidden folder beside `directory`, then move each output in, replacing the
    old one; files in `directory` that a report does not write are left alone (the folder
    may be one a person chose with `--out`)."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        yield building
        directory.mkdir(exist_ok=True)
        for name in OUTPUTS:
            target = directory / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
            os.replace(building / name, target)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _measure(directory: Path) -> tuple[int, int]:
    count = size = 0
    for name in OUTPUTS:
        path = directory / name
        for file in [path] if path.is_file() else path.rglob("*"):
            if file.is_file():
                count += 1
                size += file.stat().st_size
    return count, size
