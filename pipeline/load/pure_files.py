"""Import files for a Pure that cannot be written to (Web Service 5.24 is read-only): the works
the load stage would have proposed, as BibTeX and as RIS, one pair per faculty, for the
faculty's Pure administrator to import (Pure imports both formats).

Each entry names the ORCID records it comes from (`/<orcid>/work/<put-code>`, in BibTeX `note`
and RIS `N1`), the form of id Pure keeps on works imported from ORCID, so whoever imports it
can link it to the researcher's ORCID work. A work that researchers of two faculties list goes
in the first researcher's faculty's files only, so it is imported once.

BibTeX is written with bibtexparser 2; RIS by hand, strictly to the format: a `TY` line first,
`TAG  - value` lines (two letters or a letter and a digit, two spaces, a hyphen, a space), one
value per line with no line breaks inside it, and `ER  - ` last.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry, Field

from pipeline.config import Settings
from pipeline.load.pure_body import Proposal
from pipeline.publish.report.researchers import slug
from pipeline.publish.report.write import run_directory

FOLDER = "import-into-pure"
NO_FACULTY = "No faculty"

BIBTEX_TYPES = {
    "journal-article": "article",
    "review": "article",
    "conference-paper": "inproceedings",
    "book-chapter": "incollection",
    "book": "book",
    "edited-book": "book",
    "report": "techreport",
    "dissertation-thesis": "phdthesis",
}
"""ORCID work types → BibTeX entry types; anything else is `misc`."""
VENUE_FIELDS = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}

RIS_TYPES = {
    "journal-article": "JOUR",
    "review": "JOUR",
    "conference-paper": "CPAPER",
    "book-chapter": "CHAP",
    "book": "BOOK",
    "edited-book": "EDBOOK",
    "report": "RPRT",
    "dissertation-thesis": "THES",
    "preprint": "UNPB",
    "working-paper": "UNPB",
    "data-set": "DATA",
    "software": "COMP",
}
"""ORCID work types → RIS reference types; anything else is `GEN`."""


def write_import_files(settings: Settings, run_id: int, proposals: list[Proposal]) -> list[str]:
    """Write `<faculty>.bib` and `<faculty>.ris` under the run's report folder; returns their
    paths relative to it. Files of an earlier attempt at the run are replaced."""
    folder = run_directory(settings, run_id) / FOLDER
    by_faculty: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        by_faculty[proposal.researchers[0].faculty or NO_FACULTY].append(proposal)
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("*.bib"), *folder.glob("*.ris")]:
        old.unlink()
    written = []
    for faculty, works in sorted(by_faculty.items()):
        stem = slug(faculty) or "faculty"
        for suffix, text in ((".bib", bibtex_text(works)), (".ris", ris_text(works))):
            path = folder / f"{stem}{suffix}"
            _replace(path, text)
            written.append(str(path.relative_to(folder.parent)))
    return written


def _replace(path: Path, text: str) -> None:
    """Write beside, then rename: an importer never reads half a file."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8", newline="")
    partial.replace(path)


# --------------------------------------------------------------------------- BibTeX


def bibtex_text(proposals: list[Proposal]) -> str:
    library = bibtexparser.Library()
    for proposal in proposals:
        library.add(bibtex_entry(proposal))
    return bibtexparser.write_string(library)


def bibtex_entry(proposal: Proposal) -> Entry:
    entry_type = BIBTEX_TYPES.get(proposal.work_type, "misc")
    fields = [("title", _plain(_title(proposal))), ("author", _authors(proposal))]
    if proposal.pub_year is not None:
        fields.append(("year", str(proposal.pub_year)))
    if proposal.pub_month is not None:
        fields.append(("month", str(proposal.pub_month)))
    if proposal.venue:
        fields.append((VENUE_FIELDS.get(entry_type, "howpublished"), _plain(proposal.venue)))
    for name, value in (
        ("doi", proposal.doi),
        ("issn", proposal.issn),
        ("isbn", proposal.isbn),
        ("language", proposal.language),
    ):
        if value:
            fields.append((name, _plain(value)))
    fields.append(("note", _plain(_origin(proposal))))
    return Entry(entry_type, _key(proposal), [Field(k, v) for k, v in fields if v])


def _key(proposal: Proposal) -> str:
    """`orcid-<orcid>-<put-code>`: unique per work, and only characters every parser takes."""
    return "orcid-" + re.sub(r"[^0-9A-Za-z]+", "-", proposal.orcid_records[0]).replace(
        "-work-", "-"
    )


def _plain(text: str) -> str:
    """A value for the writer to enclose in braces, line breaks folded: braces kept when they
    pair up (LaTeX such as `\\emph{…}` in ORCID titles), all dropped when one is unmatched (it
    would end the entry early)."""
    folded = " ".join(text.split())
    depth = 0
    for char in folded:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    return folded if depth == 0 else re.sub(r"[{}]", "", folded)


def _authors(proposal: Proposal) -> str:
    """`and`-separated names, each braced whole if it holds an `and` or a comma of its own."""
    names = (_plain(name) for name in _author_names(proposal))
    return " and ".join("{" + n + "}" if re.search(r"\band\b|,", n) else n for n in names if n)


# --------------------------------------------------------------------------- RIS


def ris_text(proposals: list[Proposal]) -> str:
    return "".join(ris_record(p) for p in proposals)


def ris_record(proposal: Proposal) -> str:
    lines = [("TY", RIS_TYPES.get(proposal.work_type, "GEN")), ("TI", _title(proposal))]
    lines += [("AU", name) for name in _author_names(proposal)]
    if proposal.pub_year is not None:
        lines.append(("PY", str(proposal.pub_year)))
        month = f"{proposal.pub_month:02d}" if proposal.pub_month else ""
        day = f"{proposal.pub_day:02d}" if proposal.pub_month and proposal.pub_day else ""
        lines.append(("DA", f"{proposal.pub_year}/{month}/{day}/"))
    if proposal.venue:
        lines.append(("T2", proposal.venue))
    for tag, value in (
        ("SN", proposal.issn or proposal.isbn),
        ("DO", proposal.doi),
        ("LA", proposal.language),
    ):
        if value:
            lines.append((tag, value))
    lines.append(("N1", _origin(proposal)))
    text = "".join(f"{tag}  - {_line(value)}\r\n" for tag, value in lines if _line(value))
    return text + "ER  - \r\n\r\n"


def _line(value: str) -> str:
    """One RIS value: no line break inside (it would start a new tag), no stray spaces."""
    return " ".join(value.split())


# --------------------------------------------------------------------------- shared


def _title(proposal: Proposal) -> str:
    return f"{proposal.title}: {proposal.subtitle}" if proposal.subtitle else proposal.title


def _author_names(proposal: Proposal) -> list[str]:
    """ORCID's author list; the researchers, as Pure names them, when ORCID lists none."""
    listed = [a for a in proposal.authors if a and a.strip()]
    if listed:
        return listed
    return [" ".join(p for p in (r.given_names, r.family_name) if p) for r in proposal.researchers]


def _origin(proposal: Proposal) -> str:
    return "ORCID " + "; ".join(f"/{record}" for record in proposal.orcid_records)
