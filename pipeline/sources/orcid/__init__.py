"""ORCID v3.0 responses, JSON or XML, read into the common `Work` and `Person` shapes.

Every entry point takes the document as the API sent it (text or bytes, either format) or as
already-decoded JSON, so staging can keep the raw body and re-parse it later. Lists (works
summary, bulk) yield a `Parsed` per work: one bad work becomes a RecordError beside the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from xml.etree.ElementTree import Element, ParseError

from pipeline.sources.limits import load_json
from pipeline.sources.model import Parsed, Person, RecordError, Work
from pipeline.sources.orcid import parse_json, parse_xml
from pipeline.sources.orcid.build import (
    DEACTIVATED,
    RawError,
    is_deactivated_error,
    primary_of_deprecated,
    record_error,
)

__all__ = [
    "DEACTIVATED",
    "deprecated_primary",
    "is_deactivated",
    "parse_bulk",
    "parse_error",
    "parse_person",
    "parse_work",
    "parse_works_summary",
]

Document = dict[str, Any] | bytes | str
T = TypeVar("T")


def _load(document: Document, record_id: str) -> dict[str, Any] | Element:
    """JSON object or XML root; a body that is neither is a RecordError for the whole document."""
    if isinstance(document, dict):
        return document
    document = document.lstrip()
    if document[:1] in ("<", b"<"):
        try:
            return parse_xml.load(document)
        except (ParseError, ValueError) as error:
            raise RecordError(record_id, "document", f"not XML: {error}") from error
    loaded = load_json(document, record_id)
    if not isinstance(loaded, dict):
        raise RecordError(record_id, "document", "JSON document is not an object")
    return loaded


def _content(document: Document, record_id: str) -> dict[str, Any] | Element:
    """As `_load`, but ORCID's error body where content was expected is raised as what it says."""
    loaded = _load(document, record_id)
    found = _error(loaded)
    if found is not None:
        raise record_error(found, record_id, "document")
    return loaded


def _error(loaded: dict[str, Any] | Element) -> RawError | None:
    return parse_xml.error(loaded) if isinstance(loaded, Element) else parse_json.error(loaded)


def _dispatch(
    loaded: dict[str, Any] | Element,
    from_json: Callable[[dict[str, Any]], T],
    from_xml: Callable[[Element], T],
) -> T:
    return from_xml(loaded) if isinstance(loaded, Element) else from_json(loaded)


def parse_work(document: Document, *, orcid: str | None = None) -> Work:
    """`GET /{orcid}/work/{put-code}` (or a work body); the owner is `orcid`, else the path's.

    Raises RecordError when there is no work to read (an error body, not a work, not parseable).
    """
    return _dispatch(
        _content(document, orcid or "?"),
        lambda node: parse_json.work(node, orcid=orcid),
        lambda root: parse_xml.work(root, orcid=orcid),
    )


def parse_works_summary(document: Document, *, orcid: str | None = None) -> list[Parsed]:
    """`GET /{orcid}/works`, `/activities` or `/record`: one entry per work summary, in order.

    Groups are flattened: the identifiers each summary carries are what links it to its group.
    """
    return _dispatch(
        _content(document, orcid or "?"),
        lambda node: parse_json.works_summary(node, orcid=orcid),
        lambda root: parse_xml.works_summary(root, orcid=orcid),
    )


def parse_bulk(
    document: Document, *, orcid: str | None = None, put_codes: Sequence[int] | None = None
) -> list[Parsed]:
    """`GET /{orcid}/works/{put-codes}` or a bulk POST answer: a Work or a RecordError per item.

    Pass the put-codes asked for, in order, so that every error names its put-code.
    """
    return _dispatch(
        _content(document, orcid or "?"),
        lambda node: parse_json.bulk(node, orcid=orcid, put_codes=put_codes),
        lambda root: parse_xml.bulk(root, orcid=orcid, put_codes=put_codes),
    )


def parse_person(document: Document, *, orcid: str | None = None) -> Person:
    """`GET /{orcid}/record` or `/person`: the names, and DEACTIVATED among the warnings of a
    record that ORCID still serves (200) with a deactivation date."""
    return _dispatch(
        _content(document, orcid or "?"),
        lambda node: parse_json.person(node, orcid=orcid),
        lambda root: parse_xml.person(root, orcid=orcid),
    )


def parse_error(document: Document, *, record_id: str, field: str = "response") -> RecordError:
    """An ORCID error body (any failed call) as the RecordError of the record it was about."""
    found = _error(_load(document, record_id))
    if found is None:
        return RecordError(record_id, field, "not an ORCID error body")
    return record_error(found, record_id, field)


def is_deactivated(document: Document) -> bool:
    """A deactivated record, both as older ORCID serves it (200, `history/deactivation-date`)
    and as current ORCID refuses it (409, error 9044)."""
    loaded = _load(document, "?")
    if _dispatch(loaded, parse_json.has_deactivation_date, parse_xml.has_deactivation_date):
        return True
    found = _error(loaded)
    return found is not None and is_deactivated_error(found)


def deprecated_primary(document: Document) -> str | None:
    """The primary iD a deprecated (merged) record's 301/409 body (error 9007) points to."""
    found = _error(_load(document, "?"))
    return None if found is None else primary_of_deprecated(found)
