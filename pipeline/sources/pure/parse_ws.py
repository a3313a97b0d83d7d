"""Pure Web Service records (WS 5.24; 5.18–5.22 have the same shape) → `Work`, `Person`, `OrgUnit`.

The WS is read-only and is retired with Pure 5.28, but it is the only generation with a
`/changes` feed, and the one most institutions' saved dumps come from. Its records wrap
localised text as `{"formatted", "text": [{locale, value}]}`, print the DOI as a doi.org URL
and keep extra identifiers in `info.additionalExternalIds`. Datasets come from their own
endpoint in a shape of their own (localised title, top-level `doi` and `publicationDate`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from pipeline.sources.model import (
    Identifier,
    OrgUnit,
    Parsed,
    Person,
    RecordError,
    Work,
    unique_identifiers,
)
from pipeline.sources.pure.build import (
    Kind,
    OutputFields,
    Parser,
    build_research_output,
    contributors,
    org_unit_record,
    person_record,
)
from pipeline.sources.pure.pages import parse_lines, parse_page
from pipeline.sources.pure.values import (
    JSON,
    as_dict,
    clean,
    compound_date,
    from_id_source,
    from_link,
    identifier,
    key_of,
    localized,
    objects,
    required_title,
    required_uuid,
    work_type,
)

_DATASET_TYPES = "/dk/atira/pure/dataset/"


def _text(value: Any) -> str | None:
    """A WS `{"formatted", "value"}` or a localised string, whichever the field holds."""
    if isinstance(value, dict) and "value" in value:
        return clean(value["value"])
    return localized(value) or clean(value)


def _field_text(item: JSON, field: str, warnings: list[str]) -> str | None:
    return _text(item.get(field))


def _journal_title(journal: JSON, warnings: list[str]) -> str | None:
    return _text(journal.get("title"))


def _journal_issn(journal: JSON, warnings: list[str]) -> str | None:
    return clean(as_dict(journal.get("issn"), "journalAssociation.issn", warnings).get("value"))


def _publisher(item: JSON, warnings: list[str]) -> str | None:
    return localized(as_dict(item.get("publisher"), "publisher", warnings).get("name"))


def _external_ids(item: JSON, warnings: list[str]) -> list[Identifier | None]:
    """The record's own `externalId`, and the `info.additionalExternalIds`."""
    info = as_dict(item.get("info"), "info", warnings)
    external = objects(info.get("additionalExternalIds"), "info.additionalExternalIds", warnings)
    return [
        from_id_source(item.get("externalIdSource"), item.get("externalId")),
        *(from_id_source(e.get("idSource"), e.get("value")) for e in external),
    ]


WS_OUTPUT_FIELDS = OutputFields(
    text=_field_text,
    journal_title=_journal_title,
    journal_issn=_journal_issn,
    publisher=_publisher,
    external_ids=_external_ids,
    links="additionalLinks",
    isbns=("isbns", "electronicIsbns"),
    contributors="personAssociations",
    contributor_role="personRole",
    workflow_step="workflowStep",
)


def parse_ws_research_output(item: JSON) -> Work:
    """One `/research-outputs/{uuid}` record (a `/datasets/{uuid}` record is read as well)."""
    if _is_dataset(item):
        return parse_ws_dataset(item)
    return build_research_output(item, WS_OUTPUT_FIELDS)


def parse_ws_dataset(item: JSON) -> Work:
    """One `/datasets/{uuid}` record: a data set is a work like any other in ORCID."""
    uuid = required_uuid(item)
    warnings: list[str] = []
    title = required_title(uuid, _text(item.get("title")))
    type_, type_uri = work_type(item.get("type"), warnings)
    year, month, day = compound_date(item.get("publicationDate"), "publicationDate", warnings)
    doi = clean(item.get("doi"))
    candidates = [
        identifier("doi", doi) if doi else None,
        *(from_link(link.get("url")) for link in objects(item.get("links"), "links", warnings)),
        identifier("source-work-id", uuid),
    ]
    return Work(
        source="pure",
        source_record_id=uuid,
        owner_id=None,
        title=title,
        type=type_,
        source_type=type_uri,
        year=year,
        month=month,
        day=day,
        venue=localized(as_dict(item.get("publisher"), "publisher", warnings).get("name")),
        identifiers=unique_identifiers(filter(None, candidates), warnings),
        contributors=contributors(item, "personAssociations", "personRole", warnings),
        pure_workflow_step=key_of(item, "workflow", "workflowStep", warnings),
        pure_visibility=key_of(item, "visibility", "key", warnings),
        warnings=warnings,
    )


def _is_dataset(item: Any) -> bool:
    type_ = item.get("type") if isinstance(item, dict) else None
    uri = clean(type_.get("uri")) if isinstance(type_, dict) else None
    return bool(uri and uri.startswith(_DATASET_TYPES))


def parse_ws_person(item: JSON) -> Person:
    """A `/persons/{uuid}` record."""
    # UMN's records name the unit `organisationalUnit`; the 5.24 swagger names it `organisation`.
    return person_record(
        item, "staffOrganisationAssociations", ("organisationalUnit", "organisation")
    )


def parse_ws_org_unit(item: JSON) -> OrgUnit:
    """An `/organisational-units/{uuid}` record, or the reference to one inside another record."""
    return org_unit_record(item)


def parse_ws_page(document: JSON) -> list[Parsed]:
    """A `/research-outputs` (or `/datasets`) list response: a Work or a RecordError per item."""
    return parse_page(document, parse_ws_research_output)


WS_PARSERS: dict[Kind, Parser] = {
    "research-output": parse_ws_research_output,
    "person": parse_ws_person,
    "org-unit": parse_ws_org_unit,
}


def parse_ws_jsonl(
    lines: Iterable[str], kind: Kind = "research-output"
) -> Iterator[Work | Person | OrgUnit | RecordError]:
    """Records of one kind from a saved response or dump: JSON lines (a record or a page on
    each line) or one JSON document, a list page or a single record."""
    return parse_lines(lines, WS_PARSERS[kind])


# --- the change feed -------------------------------------------------------------------------


class Change(NamedTuple):
    uuid: str
    family: str
    """Pure's `familySystemName`: ResearchOutput, Person, Organisation, ImportResult…"""
    change_type: str
    """CREATE, UPDATE or DELETE."""
    version: int | None
    """The record's version after the change; -1 on changes without one. The feed can repeat
    a uuid, so a harvester keeps the highest version it saw."""


@dataclass(frozen=True, slots=True)
class ChangesPage:
    """One `/changes/{date|token}` response.

    `count` is the number of changes on this page that the API key may see, not a total: a
    page can hold `count: 0` and still say `more_changes` (UMN saw four such pages in a row),
    so only `more_changes` ends the harvest.
    """

    changes: list[Change]
    count: int
    resumption_token: str | None
    more_changes: bool
    errors: list[RecordError]


def parse_ws_change(item: JSON) -> Change:
    uuid = required_uuid(item)
    change_type = clean(item.get("changeType"))
    if change_type is None:
        raise RecordError(uuid, "changeType", "the change has no type")
    family = clean(item.get("familySystemName")) or clean(item.get("family"))
    if family is None:
        raise RecordError(uuid, "familySystemName", "the change names no family")
    version = item.get("version")
    return Change(
        uuid=uuid,
        family=family.rsplit(".", 1)[-1],
        change_type=change_type.upper(),
        version=version if isinstance(version, int) and not isinstance(version, bool) else None,
    )


def parse_ws_changes(document: JSON) -> ChangesPage:
    changes: list[Change] = []
    errors: list[RecordError] = []
    for parsed in parse_page(document, parse_ws_change):
        (errors if isinstance(parsed, RecordError) else changes).append(parsed)
    count = document.get("count")
    return ChangesPage(
        changes=changes,
        count=count if isinstance(count, int) else len(changes),
        resumption_token=clean(document.get("resumptionToken")),
        more_changes=document.get("moreChanges") is True,
        errors=errors,
    )
