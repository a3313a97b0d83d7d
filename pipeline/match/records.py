"""The one shape the matcher compares: a bibliographic record reduced to comparable keys.

Every source (Pure outputs, ORCID works, a CSV file of references) is turned into
`MatchRecord`s before matching, so the matcher never sees a source's quirks and the same code
links any two tables. Keys are computed once here, not per compared pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.match.types import UNKNOWN_TYPES
from pipeline.normalize.identifiers import normalise
from pipeline.normalize.names import AuthorName, author_names
from pipeline.normalize.titles import (
    TitleKeys,
    citation_context,
    is_note,
    looks_truncated,
    note_subject,
    title_key,
    title_keys,
)
from pipeline.sources.model import Identifier

ORCID_WORK = "orcid-work"
"""`<orcid>/work/<put-code>`: the id Pure keeps on works it imported from ORCID, and the
record id of every ORCID work (the matcher gives each ORCID work its own)."""

SOURCE_WORK_ID = "source-work-id"
"""The Pure UUID that Pure's ORCID integration writes on every work it pushes."""

Identifiers = Mapping[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class MatchRecord:
    record_id: str
    side: str
    """Which table the record comes from ("pure", "orcid", "left"…): for people reading links."""
    owner: str
    """The blocking key: only records of one owner are compared (a researcher in the pipeline;
    one constant when linking two files)."""
    title: str
    title_key: str
    main_key: str
    """The main title's key, for records where one side lacks the subtitle."""
    year: int | None
    work_type: str | None
    """ORCID's work type vocabulary; None when unknown."""
    venue_key: str
    identifiers: Identifiers = field(default_factory=dict)
    """Normalised ids of the work itself (relationship self), by ORCID external-id type."""
    versions: Identifiers = field(default_factory=dict)
    """Ids of other versions of the work (relationship version-of): those are other works."""
    note: str | None = None
    """The kind of note (correction, reply…) the title announces, see `is_note`."""
    truncated: bool = False
    """The title ends in an ellipsis: it may be a prefix of the full title."""
    core_key: str = ""
    """The title key without bracketed asides and genre labels (`title_core_key`)."""
    authors: tuple[AuthorName, ...] = ()
    """The authors as `AuthorName`s, for comparing spellings of one person."""
    subject_key: str = ""
    """A note's subject title as a key ("Erratum to: Correction to: X" → "correction to x"),
    see `note_subject`; empty for a record that is no note."""


def _record_id_value(type_: str, raw: str) -> str | None:
    """Pure writes the ORCID work id as `/0000-…/work/123`, ORCID names it `0000-…/work/123`."""
    value = raw.strip()
    if type_ == ORCID_WORK:
        value = value.removeprefix("https://orcid.org").removeprefix("http://orcid.org")
        value = value.strip("/")
    return value.lower() or None


def _comparable(identifier: Identifier) -> str | None:
    if identifier.type in (ORCID_WORK, SOURCE_WORK_ID):
        return _record_id_value(identifier.type, identifier.raw)
    return identifier.normalised or normalise(identifier.type, identifier.raw)


def _group(identifiers: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    grouped: dict[str, set[str]] = {}
    for type_, value in identifiers:
        grouped.setdefault(type_, set()).add(value)
    return {type_: frozenset(values) for type_, values in grouped.items()}


@lru_cache(maxsize=100_000)
def _title_keys(title: str | None, subtitle: str | None) -> tuple[TitleKeys, str | None, bool, str]:
    """Every key of one title, computed once: the sources of one ORCID work group, and Pure
    beside them, mostly write a title identically, so a matching run meets each title several
    times."""
    note = is_note(title)
    return (
        title_keys(title, subtitle),
        note,
        looks_truncated(title) and not subtitle,
        title_key(note_subject(title)) if note else "",
    )


@lru_cache(maxsize=100_000)
def _citation_context(title: str | None) -> tuple[str | None, int | None]:
    """The venue and year a title scraped from a reference list carries: a record that has
    them only there still has them."""
    return citation_context(title)


@lru_cache(maxsize=100_000)
def _author_names(authors: tuple[str, ...] | str) -> tuple[AuthorName, ...]:
    """A researcher's co-author lists recur across their records: each is parsed once."""
    return author_names(authors)


@lru_cache(maxsize=20_000)
def venue_key(venue: str | None) -> str:
    """A venue's key; cached, since a researcher publishes in a few venues over and over."""
    return title_key(venue)


PREPRINT_SERVERS = frozenset({
    "arxiv", "biorxiv", "medrxiv", "chemrxiv", "psyarxiv", "socarxiv", "eartharxiv", "engrxiv",
    "techrxiv", "ssrn", "research square", "preprints", "preprints org", "osf preprints",
    "authorea", "ssrn electronic journal",
})  # fmt: skip
"""Venues that only publish preprints: a record "in arXiv" is the preprint, whatever type a
researcher gave it by hand."""

_PREPRINT_DOI = re.compile(
    r"10\.48550/|10\.1101/\d{4}\.\d\d\.\d\d\.|10\.2139/ssrn\.|10\.21203/rs\.|10\.20944/preprints"
    r"|10\.31219/osf\.|10\.31234/osf\.|10\.31235/osf\.|10\.26434/chemrxiv|10\.36227/techrxiv"
)
"""DOI prefixes registered for preprints only: arXiv's DataCite DOIs, bioRxiv and medRxiv
(dated suffixes; 10.1101 without a date is Cold Spring Harbor's journals), SSRN, Research
Square, Preprints.org, OSF and its PsyArXiv and SocArXiv, ChemRxiv, TechRxiv."""


PREPRINT_SERVER_WORDS = frozenset({
    "arxiv", "biorxiv", "medrxiv", "chemrxiv", "psyarxiv", "socarxiv", "eartharxiv", "engrxiv",
    "techrxiv", "ssrn", "corr", "preprints", "authorea",
})  # fmt: skip
"""A venue that starts with one of these names a preprint server however it goes on ("arXiv
preprint arXiv:2101.00001", "CoRR abs/2101.00001", "SSRN Electronic Journal")."""


def is_preprint_venue(venue: str) -> bool:
    """Whether a venue key names a preprint server."""
    return venue in PREPRINT_SERVERS or venue.split(" ", 1)[0] in PREPRINT_SERVER_WORDS


def _work_type(work_type: str | None, venue: str, own: Sequence[tuple[str, str]]) -> str | None:
    """The record's type; a record whose type is unknown is a preprint when its venue is a
    preprint server or its own DOI is a preprint server's: ORCID hand entries typed "other"
    are otherwise indistinguishable from the published article, which is a different work."""
    if work_type not in UNKNOWN_TYPES:
        return work_type
    if is_preprint_venue(venue) or any(
        t == "doi" and _PREPRINT_DOI.match(value) for t, value in own
    ):
        return "preprint"
    return work_type


def make_record(
    record_id: str,
    side: str,
    owner: str,
    *,
    title: str | None,
    subtitle: str | None = None,
    year: int | None = None,
    work_type: str | None = None,
    venue: str | None = None,
    authors: Sequence[str] | str = (),
    identifiers: Iterable[Identifier] = (),
) -> MatchRecord:
    """A record from a work's fields as any source gives them (raw text, markup and all).

    `authors` is a list of display names or one author-list string. Part-of identifiers (the
    journal's ISSN, the book ISBN of a chapter) are left out: they name the container, and two
    works in one container are two works. A record of side "orcid" gets its own id as an
    `orcid-work` id and one of side "pure" its own as a `source-work-id`, so that Pure's copy of
    an ORCID work id, or ORCID's copy of a Pure UUID, matches the record it was copied from.
    """
    own: list[tuple[str, str]] = []
    versions: list[tuple[str, str]] = []
    for identifier in identifiers:
        value = _comparable(identifier)
        if value is None:
            continue
        if identifier.relationship == "self":
            own.append((identifier.type, value))
        elif identifier.relationship == "version-of":
            versions.append((identifier.type, value))
    if side == "orcid":
        own.append((ORCID_WORK, record_id.lower()))
    if side == "pure":
        own.append((SOURCE_WORK_ID, record_id.lower()))
    keys, note, truncated, subject = _title_keys(title, subtitle)
    if not venue or year is None:
        cited_venue, cited_year = _citation_context(title)
        venue = venue or cited_venue
        year = cited_year if year is None else year
    venue_text = venue_key(venue)
    names = _author_names(authors if isinstance(authors, str) else tuple(authors))
    return MatchRecord(
        record_id=record_id,
        side=side,
        owner=owner,
        title=title or "",
        title_key=keys.key,
        main_key=keys.main,
        year=year,
        work_type=_work_type(work_type, venue_text, own),
        venue_key=venue_text,
        identifiers=_group(own),
        versions=_group(versions),
        note=note,
        truncated=truncated,
        core_key=keys.core,
        authors=names,
        subject_key=subject,
    )
