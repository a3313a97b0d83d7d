"""BibTeX files of a researcher's Pure outputs, for ORCID's "Import BibTeX".

ORCID's importer reads plain BibTeX in UTF-8, so accents stay Unicode; only the characters
that mean something to BibTeX or LaTeX are escaped, and titles are wrapped in a second pair of
braces so that no style lower-cases them. Entries are keyed with the output's Pure UUID without
hyphens, as Pure keys its own export: keys are then unique, and the project's own reader
(`pipeline.sources.bibtex`) links a re-imported entry back to the Pure output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.publish.report.data import BibWork, Contributor
from pipeline.publish.report.titles import title_text

ENTRY_TYPES = {
    **dict.fromkeys(
        (
            "journal-article",
            "magazine-article",
            "newspaper-article",
            "newsletter-article",
            "review",
            "book-review",
            "journal-issue",
        ),
        "article",
    ),
    **dict.fromkeys(
        (
            "conference-paper",
            "conference-abstract",
            "conference-poster",
            "conference-presentation",
            "conference-output",
        ),
        "inproceedings",
    ),
    "conference-proceedings": "proceedings",
    "book": "book",
    "edited-book": "book",
    "book-chapter": "incollection",
    "encyclopedia-entry": "incollection",
    "dictionary-entry": "incollection",
    "dissertation-thesis": "phdthesis",
    "report": "techreport",
    "manual": "manual",
    "working-paper": "unpublished",
    "preprint": "unpublished",
}
"""ORCID's work type (the project's one vocabulary) → the classic BibTeX entry type that ORCID's
importer and every reference manager know; anything else is `misc`."""

VENUE_FIELDS = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "proceedings": "publisher",
    "book": "publisher",
    "phdthesis": "school",
    "mastersthesis": "school",
    "techreport": "institution",
    "manual": "organization",
    "unpublished": "institution",
    "misc": "publisher",
}
"""Where each entry type keeps the staged venue (journal, book, publisher, school…), as BibTeX
styles and the project's reader expect it."""

IDENTIFIER_FIELDS = (
    ("doi", "doi"),
    ("isbn", "isbn"),
    ("issn", "issn"),
    ("pmid", "pmid"),
    ("arxiv", "eprint"),
)
"""Identifiers ORCID's importer or reference managers read, in the fields they read them from
(an arXiv id as biblatex's `eprint` with `archiveprefix = {arXiv}`)."""
LISTED = frozenset({"isbn", "issn"})

_MASTERS = re.compile(r"/thesis/(master|bachelor)")
"""Pure's type URIs tell a master's or bachelor's thesis from a doctoral one."""

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    # `\textasciicircum` would be the usual name, but readers built on pylatexenc (the
    # project's own among them) turn it into U+02C6; `\string^` is the character itself.
    "^": r"{\string^}",
}
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[?!])(?=`)")
"""`--`, ``` `` ```, `''`, ``?` `` and ``!` `` are typeset (and decoded) as dashes, quotes and ¿¡;
an empty group between the two characters keeps them as typed."""

_AND = re.compile(r"(?i)(^|\s)and(\s|$)|,")
"""A name part holding a comma or the word "and" would split the name list: it goes in braces."""


def latex_escape(text: str) -> str:
    """Text as a LaTeX string: the special characters escaped, Unicode left as it is.

    A brace is escaped as `\\{`/`\\}` when it has its partner: BibTeX counts even escaped
    braces, so only pairs keep an entry balanced. One without goes as `$\\lbrace$`, which holds
    no brace character at all.
    """
    unmatched = _unmatched_braces(text)
    parts = []
    for index, char in enumerate(text):
        if char in "{}":
            if index in unmatched:
                parts.append(r"$\lbrace$" if char == "{" else r"$\rbrace$")
            else:
                parts.append("\\" + char)
        else:
            parts.append(_LATEX_SPECIALS.get(char, char))
    return _LIGATURE.sub("{}", "".join(parts))


def _unmatched_braces(text: str) -> set[int]:
    opened: list[int] = []
    unmatched: set[int] = set()
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                unmatched.add(index)
    return unmatched | set(opened)


def entry_type(work: BibWork) -> str:
    kind = ENTRY_TYPES.get(work.work_type or "", "misc")
    if kind == "phdthesis" and _MASTERS.search(work.source_type or ""):
        return "mastersthesis"
    return kind


def citation_key(pure_uuid: str) -> str:
    """Pure's own export key: the UUID without hyphens (anything else unsafe in a key dropped)."""
    return re.sub(r"[^0-9A-Za-z]", "", pure_uuid) or "pure"


def full_title(work: BibWork) -> str:
    """Title and subtitle as Pure shows them together; BibTeX has no subtitle field. Markup a
    source put in them (`<i>`, entities, LaTeX commands) is decoded first: ORCID would show it
    as typed."""
    title = title_text(work.title).strip()
    subtitle = title_text(work.subtitle).strip()
    if not subtitle:
        return title
    return f"{title} {subtitle}" if title.endswith((":", "?", "!", ".")) else f"{title}: {subtitle}"


def name_list(people: Iterable[Contributor]) -> str:
    """`Family, Given and Family, Given`; a body (no given or family name) braced whole."""
    names = []
    for display, given, family, _role in people:
        if family and given:
            names.append(f"{_name_part(family)}, {_name_part(given)}")
        elif family or display or given:
            names.append("{" + latex_escape((family or display or given or "").strip()) + "}")
    return " and ".join(names)


def _name_part(part: str) -> str:
    escaped = latex_escape(part.strip())
    # Braced when several words, as Pure does (`{van Kampen}`): no parser may re-split it.
    return "{" + escaped + "}" if " " in part.strip() or _AND.search(part) else escaped


def entry(work: BibWork, key: str) -> str:
    """One BibTeX entry; fields whose values are unknown are left out."""
    kind = entry_type(work)
    authors = [c for c in work.contributors if (c[3] or "author").lower() != "editor"]
    editors = [c for c in work.contributors if (c[3] or "").lower() == "editor"]
    fields: list[tuple[str, str]] = []
    if authors:
        fields.append(("author", name_list(authors)))
    if editors:
        fields.append(("editor", name_list(editors)))
    fields.append(("title", "{" + latex_escape(full_title(work)) + "}"))
    if work.pub_year:
        fields.append(("year", str(work.pub_year)))
    if work.pub_month:
        fields.append(("month", str(work.pub_month)))
    if work.venue and work.venue.strip():
        fields.append((VENUE_FIELDS.get(kind, "publisher"), latex_escape(work.venue.strip())))
    for id_type, field_name in IDENTIFIER_FIELDS:
        values = [_verbatim(v) for t, v in work.identifiers if t == id_type]
        values = list(dict.fromkeys(v for v in values if v))
        if values:
            # One DOI, PMID or arXiv id (readers never split a DOI); ISBNs and ISSNs as a list.
            fields.append((field_name, ", ".join(values) if id_type in LISTED else values[0]))
            if id_type == "arxiv":
                fields.append(("archiveprefix", "arXiv"))
    if work.language:
        fields.append(("language", latex_escape(work.language)))
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def _verbatim(value: str) -> str:
    """An identifier as it is: never LaTeX-escaped (readers take DOIs verbatim, `%2F` and all),
    but without braces, which would unbalance the entry, or whitespace, which no identifier has."""
    return re.sub(r"[{}\s]", "", value)


def bibtex_file(works: Iterable[BibWork], heading: str) -> str:
    """A whole file: a comment line (no `@`: some importers take any `@` for an entry), then
    one entry per work, each under a unique key."""
    comment = "% " + " ".join(heading.replace("@", " ").split())
    seen: set[str] = set()
    entries = []
    for work in works:
        key = citation_key(work.pure_uuid)
        while key in seen:
            key += "x"
        seen.add(key)
        entries.append(entry(work, key))
    return comment + "\n\n" + "\n".join(entries)
