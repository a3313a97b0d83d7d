"""The common shapes built from ORCID documents, whichever the format: the JSON and XML readers
only pick values out of their format into a `RawWork` (or a `RawError`, names for a Person), and
every judgement (types, dates, identifiers, owners, warnings) is made here once, so the two
formats cannot drift apart on the same work.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import cast, get_args

from pipeline.normalize import identifiers, work_types
from pipeline.sources.limits import MAX_TITLE_CHARS, too_long
from pipeline.sources.model import (
    Contributor,
    Identifier,
    Parsed,
    Person,
    RecordError,
    Relationship,
    Work,
)

_RELATIONSHIPS: tuple[str, ...] = get_args(Relationship)
DEACTIVATED = "deactivated"
"""The warning a deactivated record's Person carries."""

_WORK_PATH = re.compile(r"/?[^/]+/work/(\d+)/?")
_PUT_CODE_IN_MESSAGE = re.compile(r"'(\d+)' is not a valid put code")
_PRIMARY_IN_MESSAGE = re.compile(r"refer to account:\s*(\S+?)\.?(?:\s|$)")
_DEACTIVATED_CODE = "9044"
_DEPRECATED_CODE = "9007"


@dataclass(slots=True)
class RawExternalId:
    type: object
    value: object
    relationship: object
    orcid_normalised: object = None
    """ORCID's transient `external-id-normalized`, when the response carries one."""
    orcid_failed: bool = False
    """ORCID sent `external-id-normalized-error`: it could not normalise the value either."""


@dataclass(slots=True)
class RawContributor:
    order: int
    credit_name: object
    orcid: object
    role: object


@dataclass(slots=True)
class RawWork:
    """A work's values as the document holds them; `object` where a malformed document may put
    anything, so that the checks below, not the readers, decide what is wrong."""

    put_code: object
    path: object
    title: object
    subtitle: object
    type: object
    year: object
    month: object
    day: object
    journal_title: object
    language_code: object
    source_client_id: object
    source_name: object
    visibility: object
    external_ids: list[RawExternalId] = field(default_factory=list)
    contributors: list[RawContributor] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Shape problems the reader already stepped over."""


@dataclass(frozen=True, slots=True)
class RawError:
    code: object
    developer_message: object


def show(value: object) -> str:
    """A value quoted for a warning, short enough for a report cell."""
    return reprlib.repr(value)


def text(value: object, name: str, warnings: list[str]) -> str | None:
    """Trimmed text, or None; a number stands in for its digits, anything else is dropped."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        warnings.append(f"{name}: {show(value)} is not text, read as '{value}'")
        return str(value)
    warnings.append(f"{name}: {show(value)} is not text")
    return None


def orcid_from_path(path: object) -> str | None:
    """The iD at the head of an ORCID path: `/0000-…/work/1`, `/0000-…/works`, `0000-…`."""
    if not isinstance(path, str):
        return None
    head = path.strip().strip("/").split("/", 1)[0]
    return identifiers.orcid(head) if head else None


def work_record_id(owner: str | None, put_code: int | None) -> str:
    """`<orcid>/work/<put-code>`, with `?` for what is not known, so an error still points."""
    return f"{owner or '?'}/work/{'?' if put_code is None else put_code}"


def _date_part(
    value: object, name: str, pattern: str, high: int, warnings: list[str]
) -> int | None:
    """A year, month or day written as text ("2019", "06") or, in hand-made JSON, a number."""
    kind = name.rsplit(".", 1)[-1]
    if isinstance(value, bool) or not isinstance(value, str | int | None):
        warnings.append(f"{name}: {show(value)} is not a {kind}")
        return None
    raw = "" if value is None else str(value).strip()
    if not raw:
        return None
    found = re.match(pattern, raw)
    if found is None or not 1 <= int(found.group()) <= high:
        warnings.append(f"{name}: {show(value)} is not a {kind}")
        return None
    number = int(found.group())
    if found.group() != raw:
        warnings.append(f"{name}: {show(value)} read as {number}")
    return number


def _put_code(raw: RawWork, warnings: list[str]) -> int | None:
    """The put-code, else the one the work's path ends with: both are ORCID's, and they agree."""
    in_path = _WORK_PATH.fullmatch(raw.path) if isinstance(raw.path, str) else None
    from_path = int(in_path.group(1)) if in_path else None
    if raw.put_code is None:
        if from_path is None:
            warnings.append("put-code: missing")
        return from_path
    code = str(raw.put_code).strip() if isinstance(raw.put_code, str | int) else ""
    if code.isdigit():
        return int(code)
    fallback = "" if from_path is None else f", read from the path as {from_path}"
    warnings.append(f"put-code: {show(raw.put_code)} is not a number{fallback}")
    return from_path


def _owner(raw: RawWork, orcid: str | None, warnings: list[str]) -> str | None:
    """The caller's iD wins; a work whose path names someone else is kept, but said so."""
    in_path = orcid_from_path(raw.path)
    if orcid and in_path and in_path != orcid:
        warnings.append(f"path: {show(raw.path)} belongs to {in_path}, not {orcid}")
    return orcid or in_path


def _type(raw: RawWork, warnings: list[str]) -> tuple[str | None, str | None]:
    source_type = text(raw.type, "type", warnings)
    if source_type is None:
        return None, None
    known = work_types.from_orcid(source_type)
    if known is None:
        warnings.append(f"type: {show(source_type)} is not an ORCID work type, read as 'other'")
        return "other", source_type
    return known, source_type


def _relationship(value: object, name: str, warnings: list[str]) -> Relationship:
    """ORCID 3.0 writes `self`, older JSON `SELF`. ORCID refuses a work without relationships,
    so a missing or unknown one is a damaged document: read as self, and said so."""
    raw = text(value, name, warnings)
    relationship = (raw or "").lower().replace("_", "-")
    if relationship in _RELATIONSHIPS:
        return cast(Relationship, relationship)
    warnings.append(f"{name}: {show(raw)} is not a relationship, read as 'self'")
    return "self"


def _cross_check(
    type_: str, value: str, ours: str | None, ext: RawExternalId, warnings: list[str]
) -> None:
    """ORCID's own normalised form only checks ours: whether the value is valid at all, and
    for DOIs (the strongest match key, written the same bare lower-case way by both) the form."""
    name = f"external-ids.{type_}"
    theirs = text(ext.orcid_normalised, f"{name}.external-id-normalized", warnings)
    if ours is None and theirs is not None:
        warnings.append(f"{name}: ORCID reads {show(value)} as {show(theirs)}, we cannot")
    elif ours is not None and ext.orcid_failed:
        warnings.append(f"{name}: ORCID cannot normalise {show(value)}, we read {show(ours)}")
    elif type_ == "doi" and ours and theirs and ours != theirs.lower():
        warnings.append(f"{name}: ORCID reads {show(value)} as {show(theirs)}, we {show(ours)}")


def _identifier(ext: RawExternalId, warnings: list[str]) -> Identifier | None:
    type_ = text(ext.type, "external-ids.external-id-type", warnings)
    name = f"external-ids.{type_ or '?'}"
    value = text(ext.value, f"{name}.external-id-value", warnings)
    if type_ is None or value is None:
        warnings.append(f"{name}: an external id without a type or a value is left out")
        return None
    type_ = type_.lower()
    name = f"external-ids.{type_}"
    ours = identifiers.normalise(type_, value)
    if ours is None:
        warnings.append(f"{name}: {show(value)} is not a valid {type_}")
    _cross_check(type_, value, ours, ext, warnings)
    relationship = _relationship(ext.relationship, f"{name}.relationship", warnings)
    return Identifier(type=type_, raw=value, normalised=ours, relationship=relationship)


def _contributor(raw: RawContributor, warnings: list[str]) -> Contributor:
    name = f"contributors[{raw.order}]"
    credit_name = text(raw.credit_name, f"{name}.credit-name", warnings)
    if credit_name is None:
        warnings.append(f"{name}.credit-name: missing")
    written_id = text(raw.orcid, f"{name}.contributor-orcid", warnings)
    orcid = identifiers.orcid(written_id) if written_id else None
    if written_id and orcid is None:
        warnings.append(f"{name}.contributor-orcid: {show(written_id)} is not an ORCID iD")
    return Contributor(
        order=raw.order,
        name=credit_name or "",
        orcid=orcid,
        role=text(raw.role, f"{name}.contributor-role", warnings),
    )


def build_work(raw: RawWork, orcid: str | None) -> Work:
    """The `Work` a raw work stands for: every doubt becomes a warning; only a title beyond
    `MAX_TITLE_CHARS` (a paste gone wrong, which matching cannot compare) is a RecordError."""
    warnings = list(raw.warnings)
    put_code = _put_code(raw, warnings)
    owner = _owner(raw, orcid, warnings)
    title = text(raw.title, "title", warnings)
    if title is None:
        warnings.append("title: missing")
    elif (problem := too_long(title, MAX_TITLE_CHARS)) is not None:
        raise RecordError(work_record_id(owner, put_code), "title", problem)
    type_, source_type = _type(raw, warnings)
    identifiers_ = [_identifier(ext, warnings) for ext in raw.external_ids]
    source_client = text(raw.source_client_id, "source.source-client-id", warnings)
    return Work(
        source="orcid",
        source_record_id=work_record_id(owner, put_code),
        owner_id=owner,
        title=title,
        subtitle=text(raw.subtitle, "subtitle", warnings),
        type=type_,
        source_type=source_type,
        year=_date_part(raw.year, "publication-date.year", r"\d{4}", 9999, warnings),
        month=_date_part(raw.month, "publication-date.month", r"\d{1,2}", 12, warnings),
        day=_date_part(raw.day, "publication-date.day", r"\d{1,2}", 31, warnings),
        venue=text(raw.journal_title, "journal-title", warnings),
        language=text(raw.language_code, "language-code", warnings),
        identifiers=[i for i in identifiers_ if i is not None],
        contributors=[_contributor(c, warnings) for c in raw.contributors],
        orcid_put_code=put_code,
        orcid_source_client=source_client,
        orcid_source_name=text(raw.source_name, "source.source-name", warnings),
        orcid_visibility=text(raw.visibility, "visibility", warnings),
        warnings=warnings,
    )


def record_error(error: RawError, record_id: str, field: str) -> RecordError:
    """ORCID's error body as a RecordError: the code first, as every handler branches on it."""
    code = "?" if error.code is None else str(error.code).strip()
    message = str(error.developer_message or "no message").strip()
    return RecordError(record_id, field, f"ORCID error {code}: {message}")


def put_code_of_error(error: RawError) -> int | None:
    """The put-code an unknown-put-code error (9034) names in its message; others name none."""
    found = _PUT_CODE_IN_MESSAGE.search(str(error.developer_message))
    return int(found.group(1)) if found else None


def is_deactivated_error(error: RawError) -> bool:
    return str(error.code).strip() == _DEACTIVATED_CODE


def primary_of_deprecated(error: RawError) -> str | None:
    """The primary iD a 9007 body points to ("Please refer to account: https://orcid.org/…")."""
    if str(error.code).strip() != _DEPRECATED_CODE:
        return None
    found = _PRIMARY_IN_MESSAGE.search(str(error.developer_message))
    return identifiers.orcid(found.group(1)) if found else None


def guarded(read: Callable[[], Work], record_id: str, field: str) -> Parsed:
    """One work of a list: whatever is wrong with it stays with it, the list goes on. The error
    names the work's place in the list, which is all there is to find an unreadable work by."""
    try:
        return read()
    except RecordError as error:
        # A work read far enough to know its put-code, or a field at fault, says so as well.
        known = error.record_id if not error.record_id.endswith("?") else record_id
        message = error.message if error.field == "work" else f"{error.field}: {error.message}"
        return RecordError(known, field, message)


BulkItem = Callable[[], Work] | RawError | None
"""A bulk element as a reader finds it: a work to read, an error, or something else."""


def bulk_items(
    items: Sequence[BulkItem], orcid: str | None, put_codes: Sequence[int] | None
) -> list[Parsed]:
    """ORCID answers a bulk read item by item in the order the put-codes were asked for, so
    the put-codes given name each error; without them only a 9034 names its own put-code."""
    asked = put_codes if put_codes is not None and len(put_codes) == len(items) else None
    parsed: list[Parsed] = []
    for index, item in enumerate(items):
        put_code = asked[index] if asked else None
        if isinstance(item, RawError):
            if put_code is None:
                put_code = put_code_of_error(item)
            parsed.append(record_error(item, work_record_id(orcid, put_code), "bulk"))
        elif item is None:
            parsed.append(
                RecordError(
                    work_record_id(orcid, put_code), f"bulk[{index}]", "neither a work nor an error"
                )
            )
        else:
            parsed.append(guarded(item, work_record_id(orcid, put_code), f"bulk[{index}]"))
    return parsed


def build_person(
    owner: str | None, given_names: object, family_name: object, deactivated: bool
) -> Person:
    if owner is None:
        raise RecordError("?", "path", "the document names no ORCID iD; pass orcid=")
    warnings = [DEACTIVATED] if deactivated else []
    return Person(
        source="orcid",
        source_record_id=owner,
        given_names=text(given_names, "name.given-names", warnings),
        family_name=text(family_name, "name.family-name", warnings),
        orcid=owner,
        warnings=warnings,
    )
