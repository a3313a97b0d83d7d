"""What the two Pure API generations share once their wrappers are taken off.

The Web Service (WS 5.xx) and the Pure API name the same things differently (`personAssociations`
vs `contributors`, `{"text": [{locale, value}]}` vs `{"en_GB": …}`) but mean the same: the same
classification URIs, publication statuses, compound dates and external-id sources. Each parser
unwraps its own generation and hands the plain values to the helpers here, so the rules for
dates, identifiers and types are written once and the two generations cannot drift apart.

Every helper takes the record's `warnings` list: input Pure should not have sent is kept where
it can be and reported there, naming the field, instead of failing the record.
"""

from __future__ import annotations

import calendar
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, TypeVar

from pipeline.normalize import identifiers, work_types
from pipeline.sources.model import (
    Contributor,
    Identifier,
    OrgUnit,
    Person,
    RecordError,
    Relationship,
    Work,
)

JSON = dict[str, Any]
Kind = Literal["research-output", "person", "org-unit"]
"""The record types of Pure's collections, as staging names them."""
Parser = Callable[[JSON], Work | Person | OrgUnit]
T = TypeVar("T")

_ENGLISH = re.compile(r"(?i)^en([_-]|$)")


def as_dict(value: Any, field: str, warnings: list[str]) -> JSON:
    """`value` if it is a JSON object; {} (with a warning if something else was there)."""
    if isinstance(value, dict):
        return value
    if value is not None:
        warnings.append(f"{field}: expected an object, found {type(value).__name__}; ignored")
    return {}


def as_list(value: Any, field: str, warnings: list[str]) -> list[Any]:
    if isinstance(value, list):
        return value
    if value is not None:
        warnings.append(f"{field}: expected a list, found {type(value).__name__}; ignored")
    return []


def objects(value: Any, field: str, warnings: list[str]) -> list[JSON]:
    """The objects in a list field; anything else in it is skipped with a warning."""
    return [as_dict(entry, field, warnings) for entry in as_list(value, field, warnings)]


def key_of(item: JSON, field: str, key: str, warnings: list[str]) -> str | None:
    """`item[field][key]` as text: the workflow step, the visibility key…"""
    return clean(as_dict(item.get(field), field, warnings).get(key))


def clean(value: Any) -> str | None:
    """A string with its outer whitespace gone; None for anything empty or not a string."""
    if not isinstance(value, str):
        return None
    return value.strip() or None


def localized(value: Any) -> str | None:
    """The English text of a localised string in either generation's wrapping, else the first.

    WS: `{"formatted": …, "text": [{"locale": "en_US", "value": …}]}` (locale sometimes absent);
    Pure API: `{"en_GB": …}`. Institutions that write in another language (SPbU: ru_RU only)
    still get their text back.
    """
    if isinstance(value, dict) and isinstance(value.get("text"), list):
        pairs = [
            (str(entry.get("locale") or ""), entry.get("value"))
            for entry in value["text"]
            if isinstance(entry, dict)
        ]
    elif isinstance(value, dict):
        pairs = [(str(locale), text) for locale, text in value.items()]
    else:
        return None
    texts = [(locale, text) for locale, text in pairs if clean(text)]
    english = [text for locale, text in texts if _ENGLISH.match(locale)]
    return clean(english[0]) if english else (clean(texts[0][1]) if texts else None)


def uri_tail(classification: Any) -> str | None:
    """The last segment of a classification's URI: `…/status/published` → `published`."""
    if not isinstance(classification, dict):
        return None
    uri = clean(classification.get("uri"))
    if uri is None:
        return None
    return uri.rstrip("/").rsplit("/", 1)[-1] or None


UNKNOWN = "(unknown)"
"""The record id of a `RecordError` for a record without a uuid; pages replace it with the
record's position."""


def required_uuid(item: Any) -> str:
    """The record's UUID, which every stored row is keyed by: without it there is no record."""
    if not isinstance(item, dict):
        raise RecordError(UNKNOWN, "record", f"expected a JSON object, found {type(item).__name__}")
    uuid = clean(item.get("uuid"))
    if uuid is None:
        pure_id = item.get("pureId")
        where = f"pureId {pure_id}" if isinstance(pure_id, int) else UNKNOWN
        raise RecordError(where, "uuid", "the record has no uuid")
    return uuid


def required_title(uuid: str, title: str | None) -> str:
    if title is None:
        raise RecordError(uuid, "title", "the record has no title")
    return title


# --- types, languages, dates -------------------------------------------------------------


def work_type(type_: Any, warnings: list[str]) -> tuple[str, str | None]:
    """(ORCID work type, Pure type URI); a type Pure knows and we do not is "other", warned."""
    uri = clean(type_.get("uri")) if isinstance(type_, dict) else None
    if uri is None:
        warnings.append("type: the record has no type URI; read as other")
        return "other", None
    mapped = work_types.from_pure(uri)
    if mapped is None:
        warnings.append(f"type: unknown Pure type URI {uri!r}; read as other")
        return "other", uri
    return mapped, uri


def language(classification: Any) -> str | None:
    """`…/languages/en_US` → `en`. Pure's `und` ("Undefined/Unknown") says nothing, so None."""
    tail = uri_tail(classification)
    if tail is None:
        return None
    code = re.split(r"[_-]", tail)[0].lower()
    return None if code == "und" else code or None


Date = tuple[int | None, int | None, int | None]


def compound_date(value: Any, field: str, warnings: list[str]) -> Date:
    """A Pure `{year, month?, day?}`. A year alone is Pure's normal case; a part that cannot be
    a date is dropped with a warning, and so is everything finer than it."""
    date = as_dict(value, field, warnings)
    year = _part(date.get("year"), f"{field}.year", 1, 9999, warnings)
    if year is None:
        if date.get("year") is None and (date.get("month") or date.get("day")) is not None:
            warnings.append(f"{field}: a month or day without a year; dropped")
        return None, None, None
    month = _part(date.get("month"), f"{field}.month", 1, 12, warnings)
    if month is None:
        if date.get("month") is None and date.get("day") is not None:
            warnings.append(f"{field}.day: a day without a month; dropped")
        return year, None, None
    day = _part(date.get("day"), f"{field}.day", 1, calendar.monthrange(year, month)[1], warnings)
    return year, month, day


def _part(value: Any, field: str, low: int, high: int, warnings: list[str]) -> int | None:
    if value is None:
        return None
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value)
    if number is None or not low <= number <= high:
        warnings.append(f"{field}: {value!r} is not in {low}–{high}; dropped")
        return None
    if number != value:
        warnings.append(f"{field}: {value!r} read as {number}")
    return number


def publication_status(statuses: Any, warnings: list[str]) -> tuple[Date, str | None]:
    """The date and status (URI tail) of the current publication status.

    An output keeps its whole history (submitted, accepted, published…); the one marked
    `current` is what the output is now. Without one the first is the best guess, warned.
    """
    entries = [s for s in as_list(statuses, "publicationStatuses", warnings) if isinstance(s, dict)]
    if not entries:
        warnings.append("publicationStatuses: none given; no publication date")
        return (None, None, None), None
    current = next((i for i, s in enumerate(entries) if s.get("current") is True), None)
    if current is None:
        warnings.append("publicationStatuses: none is marked current; the first was used")
        current = 0
    chosen = entries[current]
    field = f"publicationStatuses[{current}].publicationDate"
    return compound_date(chosen.get("publicationDate"), field, warnings), uri_tail(
        chosen.get("publicationStatus")
    )


# --- identifiers -----------------------------------------------------------------------------

_ID_SOURCES = {
    "pubmed": "pmid",
    "pmid": "pmid",
    "pubmedcentral": "pmc",
    "pmc": "pmc",
    "pmcid": "pmc",
    "scopus": "eid",
    # UMN's article carries its Scopus id a second time under the source "QABO".
    "qabo": "eid",
    "wos": "wosuid",
    "isi": "wosuid",
    "arxiv": "arxiv",
    "doi": "doi",
    "handle": "handle",
    "orcid": "orcid-work",
}
"""Pure `idSource` names (case-insensitive) → ORCID external-id types. Sources not named here
(`PublicationPreSubmission`, import-job ids) are Pure's own bookkeeping and are not kept.

`orcid-work` is the `/<orcid>/work/<put-code>` link Pure keeps on an output imported from
ORCID; it is not an ORCID external-id type but the address of the ORCID work itself."""

_LINK_IDENTIFIERS = (
    ("doi", re.compile(r"(?i)^https?://(dx\.)?doi\.org/")),
    ("arxiv", re.compile(r"(?i)^https?://(www\.)?arxiv\.org/(abs|pdf)/")),
    ("handle", re.compile(r"(?i)^https?://(hdl\.)?handle\.net/")),
)

_ORCID_WORK = re.compile(r"\s*/?([^/\s]+)/work/(\d+)\s*")


def identifier(kind: str, raw: str, relationship: Relationship = "self") -> Identifier:
    normalised = orcid_work(raw) if kind == "orcid-work" else identifiers.normalise(kind, raw)
    return Identifier(kind, raw, normalised, relationship)


def orcid_work(raw: str) -> str | None:
    """`/0000-0001-6249-7591/work/144831024` → `0000-0001-6249-7591/work/144831024`: the same
    form as an ORCID work's `source_record_id`, so the two records join on it directly."""
    found = _ORCID_WORK.fullmatch(raw)
    orcid = identifiers.orcid(found.group(1)) if found else None
    return f"{orcid}/work/{int(found.group(2))}" if found and orcid else None


def from_id_source(source: Any, value: Any) -> Identifier | None:
    kind = _ID_SOURCES.get(str(source).strip().lower()) if isinstance(source, str) else None
    raw = clean(value)
    return identifier(kind, raw) if kind and raw else None


def from_link(url: Any) -> Identifier | None:
    """A DOI, arXiv or handle written as a link (Lund keeps arXiv preprints as link versions)."""
    raw = clean(url)
    if raw is None:
        return None
    for kind, pattern in _LINK_IDENTIFIERS:
        if pattern.match(raw):
            return identifier(kind, raw)
    return None


def isbn_relationship(type_uri: str | None) -> Relationship:
    """A chapter's ISBNs are its book's (`part-of`); any other output's are its own."""
    return "part-of" if type_uri and "/contributiontobookanthology" in type_uri else "self"


def strings(value: Any, field: str, warnings: list[str]) -> list[str]:
    """A list of plain strings (ISBN lists), skipping what is not one."""
    return [s for s in (clean(v) for v in as_list(value, field, warnings)) if s]


# --- contributors ------------------------------------------------------------------------


def contributors(item: JSON, field: str, role: str, warnings: list[str]) -> list[Contributor]:
    """The contributors in Pure's order (WS `personAssociations`, API `contributors`).

    The name is the association's own `{firstName, lastName}`, as printed on the output; without
    one, the display name of the linked person or author collaboration (the WS carries it, the
    API refers by uuid only). A contributor with no name at all is left out, warned, and the
    others keep their positions.
    """
    result: list[Contributor] = []
    for index, association in enumerate(objects(item.get(field), field, warnings)):
        person = association.get("person")
        person = person if isinstance(person, dict) else {}
        linked = (
            person or association.get("externalPerson") or association.get("authorCollaboration")
        )
        name = association.get("name")
        parts = name if isinstance(name, dict) else {}
        given, family = clean(parts.get("firstName")), clean(parts.get("lastName"))
        display = localized(linked.get("name")) if isinstance(linked, dict) else None
        full = " ".join(p for p in (given, family) if p) or display
        if full is None:
            warnings.append(f"{field}[{index}]: a contributor without a name; left out")
            continue
        result.append(
            Contributor(
                order=index + 1,
                name=full,
                given_names=given,
                family_name=family,
                pure_person_id=clean(person.get("uuid")),
                role=uri_tail(association.get(role)),
            )
        )
    return result


def unique_strings(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# --- persons and organisational units ------------------------------------------------------


def person_record(item: Any, associations: str, unit_fields: tuple[str, ...]) -> Person:
    """A person of either generation; they differ only in how the affiliation is spelt.

    The ORCID iD is kept exactly as Pure stores it: reports list the researchers whose stored
    iD is malformed, so it must not be tidied here. Every staff association counts, past ones
    too: an output is credited to the unit the author was in when it was written.
    """
    uuid = required_uuid(item)
    warnings: list[str] = []
    name = as_dict(item.get("name"), "name", warnings)
    orcid = item.get("orcid")
    if orcid is not None and not isinstance(orcid, str):
        warnings.append(f"orcid: expected a string, found {type(orcid).__name__}; ignored")
        orcid = None
    units = [
        next((a[f] for f in unit_fields if isinstance(a.get(f), dict)), {})
        for a in objects(item.get(associations), associations, warnings)
    ]
    return Person(
        source="pure",
        source_record_id=uuid,
        given_names=clean(name.get("firstName")),
        family_name=clean(name.get("lastName")),
        orcid=orcid,
        org_unit_ids=unique_strings(clean(u.get("uuid")) for u in units),
        warnings=warnings,
    )


def org_unit_record(item: Any) -> OrgUnit:
    """An organisational unit of either generation, or a reference to one inside another
    record (WS references carry the name and type too)."""
    uuid = required_uuid(item)
    name = localized(item.get("name"))
    if name is None:
        raise RecordError(uuid, "name", "the organisational unit has no name")
    # A unit can sit under several parents; the first is the one Pure lists as its main one.
    parents = item.get("parents")
    first = parents[0] if isinstance(parents, list) and parents else None
    return OrgUnit(
        source_record_id=uuid,
        name=name,
        kind=uri_tail(item.get("type")),
        parent_id=clean(first.get("uuid")) if isinstance(first, dict) else None,
    )


# --- files and pages ----------------------------------------------------------------------


def located_items(document: Any, where: str) -> list[tuple[str, Any]]:
    """(location, record) for the records of a list response (`{count, pageInformation,
    items}`), or for the document itself when it is a single record. A page with nothing
    visible on it (`count: 0`) may leave `items` out altogether."""
    prefix = f"{where} " if where else ""
    if isinstance(document, dict) and "items" in document:
        items = document["items"]
        if not isinstance(items, list):
            return [(f"{prefix}items", RecordError(f"{prefix}items", "items", "not a list"))]
        return [(f"{prefix}items[{index}]", item) for index, item in enumerate(items)]
    if isinstance(document, dict) and "count" in document and "uuid" not in document:
        return []
    return [(where or "document", document)]


def parse_located(
    located: Iterable[tuple[str, Any]], parse: Callable[[Any], T]
) -> Iterator[T | RecordError]:
    """Each record parsed on its own: one that cannot be read is reported, the rest go on."""
    for where, item in located:
        if isinstance(item, RecordError):
            yield item
            continue
        try:
            yield parse(item)
        except RecordError as error:
            if error.record_id == UNKNOWN:
                error = RecordError(where, error.field, error.message)
            yield error


def parse_page(document: Any, parse: Callable[[Any], T]) -> list[T | RecordError]:
    """A list response (or a single record): what `parse` makes of each item, or its error."""
    return list(parse_located(located_items(document, ""), parse))


def parse_lines(lines: Iterable[str], parse: Callable[[Any], T]) -> Iterator[T | RecordError]:
    """Every record in a JSON-lines file (a record or a list page on each line), or in one
    JSON document spread over many lines: saved responses are pretty-printed, dumps such as
    Lund's LUCRIS files are one record per line. A first line that is not JSON on its own
    means the text is one document; if it is not that either, each line is tried alone."""
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    first = next(numbered, None)
    if first is None:
        return
    try:
        json.loads(first[1])
    except json.JSONDecodeError:
        rest = [first, *numbered]
        try:
            document = json.loads("".join(line for _, line in rest))
        except json.JSONDecodeError:
            yield from _line_by_line(rest, parse)
            return
        yield from parse_page(document, parse)
        return
    yield from _line_by_line(itertools.chain([first], numbered), parse)


def _line_by_line(
    numbered: Iterable[tuple[int, str]], parse: Callable[[Any], T]
) -> Iterator[T | RecordError]:
    for number, line in numbered:
        where = f"line {number}"
        try:
            document = json.loads(line)
        except json.JSONDecodeError as error:
            yield RecordError(where, "json", f"not JSON: {error.msg}")
            continue
        yield from parse_located(located_items(document, where), parse)
