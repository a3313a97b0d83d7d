"""A Pure output as the ORCID work the institution pushes for it (v3.0 JSON, the shape of
ORCID's write samples, shared/fixtures/orcid/orcid-model/write_samples).

Every work carries the Pure UUID as a `source-work-id` with relationship `self`: it is the
`self` identifier ORCID 3.0 asks for on a POST, what ORCID's duplicate check (9021) keys on, so
a second POST of one output can never create a second work, and what the matcher links the
pushed work back to its Pure output with. The body never names a visibility: ORCID ignores it
on a POST (the researcher's default applies) and refuses a changed one on a PUT (9035).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pipeline.normalize.identifiers import orcid as valid_orcid

PUSHED_ID_TYPES = frozenset(
    {"doi", "pmid", "pmc", "eid", "wosuid", "arxiv", "handle", "isbn", "issn"}
)
"""Pure's identifiers that are ORCID external-id types (`orcid-work`, Pure's link to an ORCID
work, is not one)."""
RELATIONSHIPS = frozenset({"self", "part-of", "version-of"})
SOURCE_WORK_ID = "source-work-id"
MAX_CONTRIBUTORS = 100
"""ORCID shows a work's first contributors; a consortium paper's thousands add nothing there."""
_URLS = {"doi": "https://doi.org/{}", "handle": "https://hdl.handle.net/{}"}


@dataclass(frozen=True, slots=True)
class PureOutput:
    """One Pure output, read for pushing (sql/load/pure_outputs.sql)."""

    pure_uuid: str
    title: str | None
    subtitle: str | None
    work_type: str | None
    pub_year: int | None
    pub_month: int | None
    pub_day: int | None
    venue: str | None
    language: str | None
    exported: bool
    id_types: list[str]
    id_values: list[str]
    id_relationships: list[str]
    author_names: list[str]
    author_orcids: list[str]


def _value(text: str | None) -> dict[str, str] | None:
    return {"value": text} if text else None


def _date(output: PureOutput) -> dict[str, Any] | None:
    if output.pub_year is None:
        return None
    date: dict[str, Any] = {"year": {"value": f"{output.pub_year:04d}"}}
    if output.pub_month is not None:
        date["month"] = {"value": f"{output.pub_month:02d}"}
        if output.pub_day is not None:
            date["day"] = {"value": f"{output.pub_day:02d}"}
    return date


def _external_ids(output: PureOutput) -> list[dict[str, Any]]:
    ids = []
    seen: set[tuple[str, str]] = set()
    for type_, value, relationship in zip(
        output.id_types, output.id_values, output.id_relationships, strict=True
    ):
        if type_ not in PUSHED_ID_TYPES or relationship not in RELATIONSHIPS or not value:
            continue
        if (type_, value.lower()) in seen:
            continue
        seen.add((type_, value.lower()))
        item: dict[str, Any] = {
            "external-id-type": type_,
            "external-id-value": value,
            "external-id-relationship": relationship,
        }
        if type_ in _URLS:
            item["external-id-url"] = {"value": _URLS[type_].format(value)}
        ids.append(item)
    ids.append(
        {
            "external-id-type": SOURCE_WORK_ID,
            "external-id-value": output.pure_uuid,
            "external-id-relationship": "self",
        }
    )
    return ids


def _contributors(output: PureOutput) -> list[dict[str, Any]]:
    people = []
    for position, (name, orcid) in enumerate(
        zip(output.author_names, output.author_orcids, strict=True)
    ):
        if position == MAX_CONTRIBUTORS:
            break
        person: dict[str, Any] = {}
        valid = valid_orcid(orcid) if orcid else None
        if valid:
            person["contributor-orcid"] = {
                "uri": f"https://orcid.org/{valid}",
                "path": valid,
                "host": "orcid.org",
            }
        person["credit-name"] = {"value": name or "Anonymous"}
        person["contributor-attributes"] = {
            "contributor-sequence": "first" if position == 0 else "additional",
            "contributor-role": "author",
        }
        people.append(person)
    return people


def work_body(output: PureOutput, put_code: int | None = None) -> dict[str, Any]:
    """The ORCID work for `output`; with `put_code`, the body of a PUT that replaces it."""
    title: dict[str, Any] = {"title": {"value": output.title or "(untitled)"}}
    if output.subtitle:
        title["subtitle"] = {"value": output.subtitle}
    body: dict[str, Any] = {}
    if put_code is not None:
        body["put-code"] = put_code
    body["title"] = title
    if output.venue:
        body["journal-title"] = _value(output.venue)
    body["type"] = output.work_type or "other"
    date = _date(output)
    if date is not None:
        body["publication-date"] = date
    body["external-ids"] = {"external-id": _external_ids(output)}
    body["contributors"] = {"contributor": _contributors(output)}
    if output.language and len(output.language) == 2:
        body["language-code"] = output.language.lower()
    return body


def content_hash(body: dict[str, Any]) -> str:
    """A digest of what a body says (its put-code aside): equal digests, nothing to update."""
    content = {key: value for key, value in body.items() if key != "put-code"}
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]
