"""Per researcher: one printable page of what they must do, and the BibTeX file of their Pure
outputs that only they can bring to ORCID.

Only researchers with something to do get a folder. A connected researcher whose missing works
the pipeline will push gets no BibTeX file: importing it too would put each work on their
record twice.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Row

from pipeline.config import Language, Settings
from pipeline.progress import meter
from pipeline.publish.report.bibtex import bibtex_file
from pipeline.publish.report.data import ReportData, RunInfo
from pipeline.publish.report.figures import CONNECTION_PROBLEMS, PROBLEM_LABELS
from pipeline.publish.report.html import render
from pipeline.publish.report.i18n import LANGUAGES, language_of, other_language

BIBTEX_NAME = "missing-from-orcid.bib"
DIGESTS = ".digests.json"
"""In `researchers/`: each folder's digest of what its files say, so the next run rewrites only
the researchers whose files would change."""
LANGUAGE_NAMES: dict[Language, str] = {"nl": "Nederlands", "en": "English"}
"""Each language named in itself, for the link from a page to its other language."""


def actions_page(language: Language) -> str:
    """A researcher's page in one language, in their folder."""
    return f"actions.{language}.html"


@dataclass(frozen=True)
class Office:
    """Who researchers and coordinators are told to ask, from the settings."""

    name: str
    email: str | None
    url: str | None

    @classmethod
    def of(cls, settings: Settings) -> Office:
        url = str(settings.office_url) if settings.office_url else None
        return cls(settings.office_name, settings.office_email, url)


@dataclass
class ResearcherActions:
    """Everything one researcher must do, from every list."""

    person: Row[Any]
    folder: str = ""
    language: Language = "en"
    """The language they read their page and e-mail in."""
    stuck_at: str | None = None
    """The first step of the ORCID process they have not taken (`researcher_steps.stuck_at`)."""
    identity: list[Row[Any]] = field(default_factory=list)
    connection: list[Row[Any]] = field(default_factory=list)
    to_import: list[Row[Any]] = field(default_factory=list)
    """Pure outputs missing from ORCID that they must bring there (not connected)."""
    to_push: list[Row[Any]] = field(default_factory=list)
    """Pure outputs missing from ORCID that the pipeline will push."""
    hidden: list[Row[Any]] = field(default_factory=list)
    for_pure: list[Row[Any]] = field(default_factory=list)
    """Public ORCID works to import into Pure."""
    probably_in_pure: list[Row[Any]] = field(default_factory=list)
    """Public ORCID works Pure probably has already (to check, not to import)."""

    @property
    def has_actions(self) -> bool:
        return bool(
            self.identity
            or self.connection
            or self.to_import
            or self.hidden
            or self.for_pure
            or self.probably_in_pure
        )


def collect_actions(data: ReportData, default_language: Language) -> list[ResearcherActions]:
    """The researchers with something to do, in the order of the researchers list (family
    name, given names), each with the language to write to them in."""
    people = {row.person_uuid: ResearcherActions(row) for row in data.lists["researchers"].rows}
    orphans: dict[str, ResearcherActions] = {}

    def of(row: Row[Any]) -> ResearcherActions:
        # Every list row names a researcher of the same run; guard anyway, never drop a row.
        found = people.get(row.person_uuid) or orphans.get(row.person_uuid)
        if found is None:
            found = orphans[row.person_uuid] = ResearcherActions(row)
        return found

    for row in data.lists["identity_problems"].rows:
        target = of(row)
        (target.connection if row.problem in CONNECTION_PROBLEMS else target.identity).append(row)
    for row in data.lists["works_missing_from_orcid"].rows:
        (of(row).to_push if row.connected else of(row).to_import).append(row)
    for row in data.lists["works_hidden_by_visibility"].rows:
        of(row).hidden.append(row)
    for row in data.lists["works_missing_from_pure"].rows:
        (of(row).probably_in_pure if row.probably_in_pure else of(row).for_pure).append(row)
    chosen = [r for r in [*people.values(), *orphans.values()] if r.has_actions]
    taken: set[str] = set()
    steps = {row.person_uuid: row.stuck_at for row in data.lists["researcher_steps"].rows}
    for researcher in chosen:
        researcher.folder = _unique(folder_name(researcher.person), taken)
        researcher.stuck_at = steps.get(researcher.person.person_uuid)
        known = data.languages.get(researcher.person.person_uuid)
        researcher.language = language_of(
            known.chosen if known else None, known.nationality if known else None, default_language
        )
    return chosen


def folder_name(person: Row[Any]) -> str:
    """`<family>-<given>-<uuid8>` in lower-case ASCII: safe on every file system and in a URL,
    readable in a file browser, unique through the UUID."""
    mapping = person._mapping
    family = mapping.get("family_name") or mapping.get("name") or ""
    given = mapping.get("given_names") or ""
    uuid8 = slug(person.person_uuid).replace("-", "")[:8] or "person"
    parts = [slug(family)[:40] or "unknown", slug(given)[:40], uuid8]
    return "-".join(part for part in parts if part)


_NOT_DECOMPOSED = str.maketrans(
    {"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}
    | {"æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "þ": "th", "Þ": "TH"}
)
"""Latin letters that Unicode does not decompose into a base letter and an accent."""


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens: safe in any file name or URL."""
    plain = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED))
    folded = plain.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}-{number}", number + 1
    taken.add(candidate)
    return candidate


@dataclass(frozen=True)
class ResearcherFiles:
    researchers: int
    bibtex_files: int
    bibtex_entries: int
    rewritten: int
    """Researchers whose files were written, not linked from an earlier run's report."""


def researcher_bibtex(data: ReportData, researcher: ResearcherActions) -> str:
    """Their Pure outputs to bring to ORCID themselves, for ORCID's "Import BibTeX"."""
    works = [data.bib_works[row.pure_uuid] for row in researcher.to_import]
    heading = (
        f"Pure outputs of {researcher.person.name} missing from ORCID (report of run "
        f"{data.run.run_id}). In ORCID: Works, Add, Import BibTeX, and choose this file."
    )
    return bibtex_file(works, heading)


def actions_html(
    run: RunInfo,
    researcher: ResearcherActions,
    language: Language,
    office: Office,
    *,
    email: bool = False,
) -> str:
    """A researcher's page in `language`: in their report folder, or as the body of their
    e-mail (`email`: no links to the rest of the report, the BibTeX file attached)."""
    other = other_language(language)
    return render(
        "actions.html.j2",
        language,
        run=run,
        r=researcher,
        bibtex=BIBTEX_NAME if researcher.to_import else None,
        office=office,
        other_lang=other,
        other_page=actions_page(other),
        other_label=LANGUAGE_NAMES[other],
        email=email,
    )


def actions_text(
    run: RunInfo, researcher: ResearcherActions, language: Language, office: Office
) -> str:
    """The same page as plain text: the e-mail's text part."""
    bibtex = BIBTEX_NAME if researcher.to_import else None
    return render("actions.txt.j2", language, run=run, r=researcher, bibtex=bibtex, office=office)


def _write_one(
    data: ReportData, researcher: ResearcherActions, directory: Path, office: Office
) -> None:
    """One researcher's folder: their page in every language and, if they must import works
    themselves, their BibTeX file."""
    folder = directory / researcher.folder
    folder.mkdir()
    if researcher.to_import:
        (folder / BIBTEX_NAME).write_text(researcher_bibtex(data, researcher), "utf-8")
    for language in LANGUAGES:
        page = actions_html(data.run, researcher, language, office)
        (folder / actions_page(language)).write_text(page, encoding="utf-8")


def write_researcher_files(
    data: ReportData,
    researchers: list[ResearcherActions],
    directory: Path,
    office: Office,
    previous: Path | None = None,
) -> ResearcherFiles:
    """`researchers/index.html`, and per researcher their page in every language
    (`actions.nl.html`, `actions.en.html`) and, when they must import works themselves,
    `missing-from-orcid.bib`.

    `previous` is the `researchers/` folder of an earlier run's report: a researcher whose files
    would say what theirs there say (the same rows, office and report code) gets those files
    linked, not written again, so a night rewrites only the researchers whose lists changed.
    Such a page still names the run that wrote it: nothing on it has changed since.
    """
    directory.mkdir(parents=True, exist_ok=True)
    earlier = _digests(previous)
    digests: dict[str, str] = {}
    rewritten = 0
    with meter("publish: researcher pages", len(researchers)) as written:
        for researcher in researchers:
            digest = digests[researcher.folder] = _digest(data, researcher, office)
            if earlier.get(researcher.folder) != digest or not _link(
                researcher, directory, previous
            ):
                _write_one(data, researcher, directory, office)
                rewritten += 1
            written.advance()
    (directory / DIGESTS).write_text(json.dumps(digests), encoding="utf-8")
    importing = [researcher for researcher in researchers if researcher.to_import]
    per_faculty: dict[str, int] = defaultdict(int)
    for researcher in researchers:
        for faculty in researcher.person._mapping.get("faculties") or [None]:
            per_faculty[faculty or ""] += 1
    index = render(
        "researchers.html.j2",
        run=data.run,
        researchers=researchers,
        bibtex_name=BIBTEX_NAME,
        actions_page=actions_page,
        language_names=LANGUAGE_NAMES,
        problem_labels=PROBLEM_LABELS,
        per_faculty=sorted(per_faculty.items(), key=lambda item: (item[0] == "", item[0])),
    )
    (directory / "index.html").write_text(index, encoding="utf-8")
    return ResearcherFiles(
        len(researchers), len(importing), sum(len(r.to_import) for r in importing), rewritten
    )


def _link(researcher: ResearcherActions, directory: Path, previous: Path | None) -> bool:
    """The researcher's files linked from `previous`; False (and nothing left) when they
    cannot be: gone, or on another file system."""
    if previous is None:
        return False
    names = [actions_page(language) for language in LANGUAGES]
    names += [BIBTEX_NAME] if researcher.to_import else []
    folder = directory / researcher.folder
    folder.mkdir()
    try:
        for name in names:
            os.link(previous / researcher.folder / name, folder / name)
    except OSError:
        shutil.rmtree(folder)
        return False
    return True


def _digests(previous: Path | None) -> dict[str, str]:
    try:
        return json.loads((previous / DIGESTS).read_text(encoding="utf-8")) if previous else {}
    except (OSError, ValueError):
        return {}


@functools.cache
def _report_code() -> bytes:
    """The report's code, templates and catalogues: a change to any changes every page."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for file in sorted(root.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(str(file.relative_to(root)).encode() + b"\0" + file.read_bytes())
    return digest.digest()


def _digest(data: ReportData, researcher: ResearcherActions, office: Office) -> str:
    """What a researcher's files say, but for the run that writes them."""
    digest = hashlib.sha256(_report_code())
    digest.update(repr(office).encode())
    digest.update(repr(researcher).encode())
    digest.update(repr([data.bib_works[row.pure_uuid] for row in researcher.to_import]).encode())
    return digest.hexdigest()
