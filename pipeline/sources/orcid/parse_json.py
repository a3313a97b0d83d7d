"""ORCID v3.0 JSON (`application/vnd.orcid+json`, the sandbox samples and the simulator).

JSON lets a malformed document put any type anywhere, so every step down checks what it got:
a part of the wrong shape is skipped with a warning naming it, and only a work that is not an
object at all fails. Most text is wrapped as `{"value": …}`, some (subtitle in write samples,
type, visibility) is bare; both are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from pipeline.sources.model import Parsed, Person, RecordError, Work
from pipeline.sources.orcid.build import (
    BulkItem,
    RawContributor,
    RawError,
    RawExternalId,
    RawWork,
    build_person,
    build_work,
    bulk_items,
    guarded,
    orcid_from_path,
    show,
    work_record_id,
)

Json = dict[str, Any]
_WORK_KEYS = ("put-code", "title", "type", "external-ids")
"""A work without any of these is something else (a record, a bulk) passed by mistake."""


def _leaf(value: object) -> object:
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


def _object(node: Json, key: str, name: str, warnings: list[str]) -> Json:
    value = node.get(key)
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    warnings.append(f"{name}: expected an object, got {show(value)}")
    return {}


def _objects(node: Json, key: str, name: str, warnings: list[str]) -> list[tuple[int, Json]]:
    """The objects of a list with their positions from 1, so a skipped item shifts nothing."""
    value = node.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        warnings.append(f"{name}: expected a list, got {show(value)}")
        return []
    found = []
    for position, item in enumerate(value, start=1):
        if isinstance(item, dict):
            found.append((position, item))
        else:
            warnings.append(f"{name}[{position}]: expected an object, got {show(item)}")
    return found


def _external_ids(node: Json, warnings: list[str]) -> list[RawExternalId]:
    container = _object(node, "external-ids", "external-ids", warnings)
    return [
        RawExternalId(
            type=_leaf(ext.get("external-id-type")),
            value=_leaf(ext.get("external-id-value")),
            relationship=_leaf(ext.get("external-id-relationship")),
            orcid_normalised=_leaf(ext.get("external-id-normalized")),
            orcid_failed=ext.get("external-id-normalized-error") is not None,
        )
        for _, ext in _objects(container, "external-id", "external-ids", warnings)
    ]


def _contributors(node: Json, warnings: list[str]) -> list[RawContributor]:
    container = _object(node, "contributors", "contributors", warnings)
    contributors = []
    for order, item in _objects(container, "contributor", "contributors", warnings):
        name = f"contributors[{order}]"
        orcid = _object(item, "contributor-orcid", f"{name}.contributor-orcid", warnings)
        attributes = _object(
            item, "contributor-attributes", f"{name}.contributor-attributes", warnings
        )
        contributors.append(
            RawContributor(
                order=order,
                credit_name=_leaf(item.get("credit-name")),
                orcid=_leaf(orcid.get("path")) or _leaf(orcid.get("uri")),
                role=_leaf(attributes.get("contributor-role")),
            )
        )
    return contributors


def _raw_work(node: Json) -> RawWork:
    warnings: list[str] = []
    title = _object(node, "title", "title", warnings)
    date = _object(node, "publication-date", "publication-date", warnings)
    source = _object(node, "source", "source", warnings)
    client = _object(source, "source-client-id", "source.source-client-id", warnings)
    return RawWork(
        put_code=_leaf(node.get("put-code")),
        path=_leaf(node.get("path")),
        title=_leaf(title.get("title")),
        subtitle=_leaf(title.get("subtitle")),
        type=_leaf(node.get("type")),
        year=_leaf(date.get("year")),
        month=_leaf(date.get("month")),
        day=_leaf(date.get("day")),
        journal_title=_leaf(node.get("journal-title")),
        language_code=_leaf(node.get("language-code")),
        source_client_id=_leaf(client.get("path")),
        source_name=_leaf(source.get("source-name")),
        visibility=_leaf(node.get("visibility")),
        external_ids=_external_ids(node, warnings),
        contributors=_contributors(node, warnings),
        warnings=warnings,
    )


def error(node: object) -> RawError | None:
    """The v3.0 error object, alone or as a bulk item; None for anything else."""
    if not isinstance(node, dict) or "error-code" not in node:
        return None
    return RawError(code=node.get("error-code"), developer_message=node.get("developer-message"))


def work(node: object, *, orcid: str | None) -> Work:
    """One work or work summary, read as far as it goes."""
    unknown = work_record_id(orcid, None)
    if not isinstance(node, dict):
        raise RecordError(unknown, "work", f"expected an object, got {show(node)}")
    if not any(key in node for key in _WORK_KEYS):
        raise RecordError(unknown, "work", f"not a work: no {', '.join(_WORK_KEYS)}")
    return build_work(_raw_work(node), orcid)


def _document_orcid(document: Json) -> str | None:
    identifier = document.get("orcid-identifier")
    path = identifier.get("path") if isinstance(identifier, dict) else None
    return orcid_from_path(path) or orcid_from_path(document.get("path"))


def _works_section(document: Json, orcid: str | None) -> Json:
    """`/works` itself, or the works inside `/activities` or `/record`."""
    if "group" in document:
        return document
    activities = document.get("activities-summary", document)
    works = activities.get("works") if isinstance(activities, dict) else None
    if isinstance(works, dict):
        return works
    raise RecordError(orcid or "?", "document", "not a works summary, activities or record")


def works_summary(document: Json, *, orcid: str | None) -> list[Parsed]:
    works = _works_section(document, orcid)
    owner = orcid or orcid_from_path(works.get("path")) or _document_orcid(document)
    groups = works.get("group") or []
    if not isinstance(groups, list):
        raise RecordError(owner or "?", "group", f"expected a list, got {show(groups)}")
    unknown = work_record_id(owner, None)
    parsed: list[Parsed] = []
    for index, group in enumerate(groups):
        summaries = group.get("work-summary") if isinstance(group, dict) else None
        if not isinstance(summaries, list):
            message = f"expected a group with a work-summary list, got {show(group)}"
            parsed.append(RecordError(unknown, f"group[{index}]", message))
            continue
        parsed.extend(
            guarded(
                partial(work, summary, orcid=owner), unknown, f"group[{index}].work-summary[{i}]"
            )
            for i, summary in enumerate(summaries)
        )
    return parsed


def _bulk_item(item: object, orcid: str | None) -> BulkItem:
    if not isinstance(item, dict):
        return None
    if "error" in item:
        return error(item["error"])
    if "work" in item:
        return partial(work, item["work"], orcid=orcid)
    return None


def bulk(document: Json, *, orcid: str | None, put_codes: Sequence[int] | None) -> list[Parsed]:
    items = document.get("bulk")
    if not isinstance(items, list):
        raise RecordError(orcid or "?", "bulk", f"expected a list, got {show(items)}")
    return bulk_items([_bulk_item(item, orcid) for item in items], orcid, put_codes)


def has_deactivation_date(document: Json) -> bool:
    history = document.get("history")
    return isinstance(history, dict) and _leaf(history.get("deactivation-date")) is not None


def person(document: Json, *, orcid: str | None) -> Person:
    """`/record` (names under `person`) or `/person` itself."""
    if "person" in document:
        section = document["person"] if isinstance(document["person"], dict) else {}
    elif "name" in document:
        section = document
    else:
        raise RecordError(orcid or "?", "document", "not a record or a person")
    name = section.get("name")
    if not isinstance(name, dict):
        name = {}
    owner = orcid or _document_orcid(document) or orcid_from_path(_leaf(name.get("path")))
    return build_person(
        owner,
        _leaf(name.get("given-names")),
        _leaf(name.get("family-name")),
        has_deactivation_date(document),
    )
