"""How Pure writes values, read once for both API generations.

The Web Service (WS 5.xx) and the Pure API name the same things differently (`personAssociations`
vs `contributors`, `{"text": [{locale, value}]}` vs `{"en_GB": …}`) but mean the same: the same
classification URIs, publication statuses, compound dates and external-id sources. The rules for
reading them are written here once, so the two generations cannot drift apart.

Every helper takes the record's `warnings` list: input Pure should not have sent is kept where
it can be and reported there, naming the field, instead of failing the record.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from typing import Any

from pipeline.normalize import identifiers, work_types
from pipeline.sources.limits import MAX_TITLE_CHARS, too_long
from pipeline.sources.model import Identifier, RecordError, Relationship

JSON = dict[str, Any]

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
    if (problem := too_long(title, MAX_TITLE_CHARS)) is not None:
        raise RecordError(uuid, "title", problem)
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


def unique_strings(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
