"""Per faculty, for its coordinator: how far its researchers have come in the ORCID process,
who is stuck at which step (so the first thing each must do is the one asked of them), and the
outputs Pure holds twice, to merge. One page per faculty in every language, and an index.

Someone in two faculties is on both pages; researchers in none have a page of their own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Row

from pipeline.config import Language
from pipeline.publish.report.data import ReportData, RunInfo
from pipeline.publish.report.html import render
from pipeline.publish.report.i18n import LANGUAGES, other_language
from pipeline.publish.report.researchers import (
    LANGUAGE_NAMES,
    Office,
    ResearcherActions,
    actions_page,
    slug,
)

STEPS = ("valid-orcid", "connected", "works-public", "pure-on-orcid", "orcid-in-pure")
"""The steps of the ORCID process in the order researchers take them (`researcher_steps`)."""
STEP_COLUMNS = ("valid_orcid", "connected", "works_public", "pure_on_orcid", "orcid_in_pure")
"""The `funnel_per_faculty` column counting those who took each step and all before it."""
NO_FACULTY = "(no faculty)"


@dataclass
class FacultyPage:
    name: str | None
    """As in Pure; None for the researchers in no faculty."""
    file_stem: str
    funnel: Row[Any] | None
    stuck: dict[str, list[Row[Any]]] = field(default_factory=lambda: {s: [] for s in STEPS})
    """Researchers per step they are stuck at (`researcher_steps` rows), in name order."""
    done: int = 0
    duplicates: list[Row[Any]] = field(default_factory=list)
    """Works Pure holds twice or more among the faculty's researchers, each set of outputs once."""

    @property
    def label(self) -> str:
        return self.name if self.name is not None else NO_FACULTY

    def page(self, language: str) -> str:
        return f"{self.file_stem}.{language}.html"


def faculty_pages(data: ReportData) -> list[FacultyPage]:
    """A page for every faculty of the funnel, in its order (by name, "no faculty" last)."""
    pages: dict[str | None, FacultyPage] = {}
    taken: set[str] = set()
    for row in data.lists["funnel_per_faculty"].rows:
        stem = slug(row.faculty or "no-faculty")[:60] or "faculty"
        while stem in taken:
            stem += "-2"
        taken.add(stem)
        pages[row.faculty] = FacultyPage(row.faculty, stem, row)
    for row in data.lists["researcher_steps"].rows:
        for faculty in row.faculties or [None]:
            page = pages.get(faculty)
            if page is None:
                continue  # every faculty of a researcher has a funnel row; guard anyway
            if row.stuck_at is None:
                page.done += 1
            else:
                page.stuck[row.stuck_at].append(row)
    seen: dict[str | None, set[tuple[str, ...]]] = defaultdict(set)
    for row in data.lists["duplicates_in_pure"].rows:
        outputs = tuple(row.pure_uuids)
        for faculty in row.faculties or [None]:
            if faculty in pages and outputs not in seen[faculty]:
                seen[faculty].add(outputs)
                pages[faculty].duplicates.append(row)
    return list(pages.values())


def faculty_html(
    run: RunInfo,
    page: FacultyPage,
    language: Language,
    office: Office,
    researchers: dict[str, ResearcherActions] | None = None,
    *,
    email: bool = False,
) -> str:
    """A faculty's page in `language`, linking each researcher to their page (`researchers`:
    their files by Pure UUID) unless it is the body of the coordinator's e-mail (`email`)."""
    other = other_language(language)
    return render(
        "faculty.html.j2",
        language,
        run=run,
        faculty=page,
        steps=STEPS,
        step_columns=STEP_COLUMNS,
        researchers=researchers or {},
        actions_page=actions_page,
        office=office,
        other_lang=other,
        other_page=page.page(other),
        other_label=LANGUAGE_NAMES[other],
        email=email,
    )


def faculty_text(run: RunInfo, page: FacultyPage, language: Language, office: Office) -> str:
    """The faculty's page as plain text: the coordinator's e-mail's text part."""
    return render(
        "faculty.txt.j2",
        language,
        run=run,
        faculty=page,
        steps=STEPS,
        step_columns=STEP_COLUMNS,
        office=office,
    )


def write_faculty_pages(
    data: ReportData,
    pages: list[FacultyPage],
    researchers: list[ResearcherActions],
    directory: Path,
    office: Office,
) -> int:
    """`faculties/index.html` and each faculty's page in every language; returns the pages."""
    directory.mkdir(parents=True, exist_ok=True)
    folders = {r.person.person_uuid: r for r in researchers}
    written = 0
    for page in pages:
        for language in LANGUAGES:
            html = faculty_html(data.run, page, language, office, folders)
            (directory / page.page(language)).write_text(html, encoding="utf-8")
            written += 1
    index = render(
        "faculties.html.j2",
        run=data.run,
        pages=pages,
        steps=STEPS,
        step_columns=STEP_COLUMNS,
        languages=LANGUAGES,
        language_names=LANGUAGE_NAMES,
    )
    (directory / "index.html").write_text(index, encoding="utf-8")
    return written
