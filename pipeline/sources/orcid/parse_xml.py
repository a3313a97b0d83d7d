"""ORCID v3.0 XML (`application/vnd.orcid+xml`, ORCID's default and the form of its samples).

Elements are found by namespace, never by prefix: ORCID's own documents declare the same
namespaces under the usual prefixes, but nothing obliges another writer to.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from xml.etree.ElementTree import Element, fromstring

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
    work_record_id,
)

NS = {
    prefix: f"http://www.orcid.org/ns/{prefix}"
    for prefix in (
        "activities",
        "bulk",
        "common",
        "error",
        "history",
        "person",
        "personal-details",
        "record",
        "summary",
        "work",
    )
}


def _tag(qualified: str) -> str:
    prefix, local = qualified.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


_WORKS = _tag("activities:works")
_ACTIVITIES = _tag("activities:activities-summary")
_RECORD = _tag("record:record")
_PERSON = _tag("person:person")
_SUMMARY = _tag("summary:record-summary")
_BULK = _tag("bulk:bulk")
_WORK = _tag("work:work")
_WORK_SUMMARY = _tag("work:work-summary")
_ERROR = _tag("error:error")


def load(document: bytes | str) -> Element:
    """The parsed document. ORCID's answers are parsed with the standard library: its expat
    refuses external entities and, since expat 2.4.1, caps entity expansion."""
    return fromstring(document)  # noqa: S314


def _text(element: Element | None, path: str) -> str | None:
    """All text under the element at `path`, markup inside it dropped; None when absent."""
    found = None if element is None else element.find(path, NS)
    return None if found is None else "".join(found.itertext())


def _external_id(element: Element) -> RawExternalId:
    return RawExternalId(
        type=_text(element, "common:external-id-type"),
        value=_text(element, "common:external-id-value"),
        relationship=_text(element, "common:external-id-relationship"),
        orcid_normalised=_text(element, "common:external-id-normalized"),
        orcid_failed=element.find("common:external-id-normalized-error", NS) is not None,
    )


def _contributor(order: int, element: Element) -> RawContributor:
    return RawContributor(
        order=order,
        credit_name=_text(element, "work:credit-name"),
        orcid=_text(element, "common:contributor-orcid/common:path")
        or _text(element, "common:contributor-orcid/common:uri"),
        role=_text(element, "work:contributor-attributes/work:contributor-role"),
    )


def _raw_work(element: Element) -> RawWork:
    date = element.find("common:publication-date", NS)
    contributors = element.iterfind("work:contributors/work:contributor", NS)
    return RawWork(
        put_code=element.get("put-code"),
        path=element.get("path"),
        title=_text(element, "work:title/common:title"),
        subtitle=_text(element, "work:title/common:subtitle"),
        type=_text(element, "work:type"),
        year=_text(date, "common:year"),
        month=_text(date, "common:month"),
        day=_text(date, "common:day"),
        journal_title=_text(element, "work:journal-title"),
        language_code=_text(element, "common:language-code"),
        source_client_id=_text(element, "common:source/common:source-client-id/common:path"),
        source_name=_text(element, "common:source/common:source-name"),
        visibility=element.get("visibility"),
        external_ids=[
            _external_id(ext)
            for ext in element.iterfind("common:external-ids/common:external-id", NS)
        ],
        contributors=[_contributor(order, c) for order, c in enumerate(contributors, start=1)],
    )


def error(element: Element) -> RawError | None:
    """The v3.0 error element, alone or as a bulk item; None for anything else."""
    if element.tag != _ERROR:
        return None
    return RawError(
        code=_text(element, "error:error-code"),
        developer_message=_text(element, "error:developer-message"),
    )


def work(element: Element, *, orcid: str | None) -> Work:
    """One work or work summary, read as far as it goes."""
    if element.tag not in (_WORK, _WORK_SUMMARY):
        message = f"expected a work, got <{_local(element)}>"
        raise RecordError(work_record_id(orcid, None), "work", message)
    return build_work(_raw_work(element), orcid)


def _document_orcid(root: Element) -> str | None:
    return orcid_from_path(root.get("path")) or orcid_from_path(
        _text(root, "common:orcid-identifier/common:path")
    )


def works_summary(root: Element, *, orcid: str | None) -> list[Parsed]:
    """`/works` itself, or the works inside `/activities` or `/record`."""
    if root.tag == _WORKS:
        works = root
    elif root.tag == _ACTIVITIES:
        works = root.find("activities:works", NS)
    elif root.tag == _RECORD:
        works = root.find("activities:activities-summary/activities:works", NS)
    else:
        message = f"not a works summary, activities or record: <{_local(root)}>"
        raise RecordError(orcid or "?", "document", message)
    if works is None:
        return []
    owner = orcid or orcid_from_path(works.get("path")) or _document_orcid(root)
    unknown = work_record_id(owner, None)
    return [
        guarded(partial(work, summary, orcid=owner), unknown, f"group[{g}].work-summary[{s}]")
        for g, group in enumerate(works.iterfind("activities:group", NS))
        for s, summary in enumerate(group.iterfind("work:work-summary", NS))
    ]


def _bulk_item(element: Element, orcid: str | None) -> BulkItem:
    if element.tag == _WORK:
        return partial(work, element, orcid=orcid)
    return error(element)


def bulk(root: Element, *, orcid: str | None, put_codes: Sequence[int] | None) -> list[Parsed]:
    if root.tag != _BULK:
        raise RecordError(orcid or "?", "bulk", f"expected <bulk>, got <{_local(root)}>")
    return bulk_items([_bulk_item(item, orcid) for item in root], orcid, put_codes)


def has_deactivation_date(root: Element) -> bool:
    return bool((_text(root, "history:history/history:deactivation-date") or "").strip())


def person(root: Element, *, orcid: str | None) -> Person:
    """`/record`, `/person`, or the member API's `/summary` (which has an iD but no names)."""
    if root.tag == _RECORD:
        name = root.find("person:person/person:name", NS)
    elif root.tag == _PERSON:
        name = root.find("person:name", NS)
    elif root.tag == _SUMMARY:
        name = None
    else:
        raise RecordError(orcid or "?", "document", f"not a record or person: <{_local(root)}>")
    owner = (
        orcid
        or _document_orcid(root)
        or orcid_from_path(None if name is None else name.get("path"))
    )
    return build_person(
        owner,
        _text(name, "personal-details:given-names"),
        _text(name, "personal-details:family-name"),
        has_deactivation_date(root),
    )
