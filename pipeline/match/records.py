"""The one shape the matcher compares: a bibliographic record reduced to comparable keys.

Every source (Pure outputs, ORCID works, a CSV file of references) is turned into
`MatchRecord`s before matching, so the matcher never sees a source's quirks and the same code
links any two tables. Keys are computed once here, not per compared pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.normalize.identifiers import normalise
from pipeline.normalize.names import author_keys
from pipeline.normalize.titles import is_note, looks_truncated, title_key, title_main_key
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
    author_keys: frozenset[str]
    """Family-name keys of the authors."""
    identifiers: Identifiers = field(default_factory=dict)
    """Normalised ids of the work itself (relationship self), by ORCID external-id type."""
    versions: Identifiers = field(default_factory=dict)
    """Ids of other versions of the work (relationship version-of): those are other works."""
    note: str | None = None
    """The kind of note (correction, reply…) the title announces, see `is_note`."""
    truncated: bool = False
    """The title ends in an ellipsis: it may be a prefix of the full title."""


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
    return MatchRecord(
        record_id=record_id,
        side=side,
        owner=owner,
        title=title or "",
        title_key=title_key(title, subtitle),
        main_key=title_main_key(title, subtitle),
        year=year,
        work_type=work_type,
        venue_key=title_key(venue),
        author_keys=frozenset(author_keys(authors)),
        identifiers=_group(own),
        versions=_group(versions),
        note=is_note(title),
        truncated=looks_truncated(title) and not subtitle,
    )
