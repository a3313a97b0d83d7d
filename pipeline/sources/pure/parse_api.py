"""Pure API records (the read/write API at `/ws/api`, OpenAPI 1.0) → `Work`, `Person`, `OrgUnit`.

The successor of the Web Service, and the only one that can write. Its records wrap localised
text as `{"en_GB": …}`, refer to other records by `{systemName, uuid}` only (no names), tag
polymorphic parts with `typeDiscriminator`, hold the DOI bare and keep extra identifiers in
`identifiers[]` (`PrimaryId`/`Id` with an `idSource`, `ClassifiedId` with a type URI).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline.sources.model import (
    Identifier,
    OrgUnit,
    Person,
    RecordError,
    Work,
    unique_identifiers,
)
from pipeline.sources.pure._common import (
    JSON,
    Kind,
    Parser,
    as_dict,
    clean,
    contributors,
    from_id_source,
    from_link,
    identifier,
    isbn_relationship,
    key_of,
    language,
    objects,
    org_unit_record,
    parse_lines,
    person_record,
    publication_status,
    required_title,
    required_uuid,
    strings,
    uri_tail,
    work_type,
)


def _value(item: JSON, field: str, warnings: list[str]) -> str | None:
    """A `FormattedString` (`{"value": …}`)."""
    return key_of(item, field, "value", warnings)


def parse_api_research_output(item: JSON) -> Work:
    """One `/research-outputs/{uuid}` record."""
    uuid = required_uuid(item)
    warnings: list[str] = []
    title = required_title(uuid, _value(item, "title", warnings))
    type_, type_uri = work_type(item.get("type"), warnings)
    (year, month, day), status = publication_status(item.get("publicationStatuses"), warnings)
    return Work(
        source="pure",
        source_record_id=uuid,
        owner_id=None,
        title=title,
        subtitle=_value(item, "subTitle", warnings),
        type=type_,
        source_type=type_uri,
        year=year,
        month=month,
        day=day,
        venue=_venue(item, warnings),
        language=language(item.get("language")),
        identifiers=_identifiers(item, uuid, type_uri, warnings),
        contributors=contributors(item, "contributors", "role", warnings),
        pure_workflow_step=key_of(item, "workflow", "step", warnings),
        pure_visibility=key_of(item, "visibility", "key", warnings),
        pure_publication_status=status,
        warnings=warnings,
    )


def _venue(item: JSON, warnings: list[str]) -> str | None:
    """The journal; for books and chapters the host book, else the series' publisher (the
    API refers to the publisher itself by uuid only)."""
    journal = as_dict(item.get("journalAssociation"), "journalAssociation", warnings)
    series = objects(item.get("publicationSeries"), "publicationSeries", warnings)
    candidates = (
        key_of(journal, "title", "title", warnings),
        _value(item, "hostPublicationTitle", warnings),
        *(clean(s.get("publisherName")) for s in series),
    )
    return next((c for c in candidates if c), None)


def _identifiers(
    item: JSON, uuid: str, type_uri: str | None, warnings: list[str]
) -> list[Identifier]:
    versions = objects(item.get("electronicVersions"), "electronicVersions", warnings)
    links = objects(item.get("links"), "links", warnings)
    ids = objects(item.get("identifiers"), "identifiers", warnings)
    journal = as_dict(item.get("journalAssociation"), "journalAssociation", warnings)
    issn = key_of(journal, "issn", "issn", warnings)
    isbns = [
        *strings(item.get("printISBNs"), "printISBNs", warnings),
        *strings(item.get("electronicISBNs"), "electronicISBNs", warnings),
    ]
    candidates = [
        *(identifier("doi", doi) for v in versions if (doi := clean(v.get("doi")))),
        *(from_link(v.get("link")) for v in versions),
        *(from_link(link.get("url")) for link in links),
        *(_from_identifier(i) for i in ids),
        *(identifier("isbn", isbn, isbn_relationship(type_uri)) for isbn in isbns),
        identifier("issn", issn, "part-of") if issn else None,
        identifier("source-work-id", uuid),
    ]
    return unique_identifiers(filter(None, candidates), warnings)


def _from_identifier(entry: JSON) -> Identifier | None:
    """`PrimaryId`/`Id` name their source; a `ClassifiedId` names it by its type URI."""
    if entry.get("typeDiscriminator") == "ClassifiedId":
        return from_id_source(uri_tail(entry.get("type")), entry.get("id"))
    return from_id_source(entry.get("idSource"), entry.get("value"))


def parse_api_person(item: JSON) -> Person:
    """A `/persons/{uuid}` record."""
    return person_record(item, "staffOrganizationAssociations", ("organization",))


def parse_api_org_unit(item: JSON) -> OrgUnit:
    """An `/organizations/{uuid}` record."""
    return org_unit_record(item)


API_PARSERS: dict[Kind, Parser] = {
    "research-output": parse_api_research_output,
    "person": parse_api_person,
    "org-unit": parse_api_org_unit,
}


def parse_api_jsonl(
    lines: Iterable[str], kind: Kind = "research-output"
) -> Iterator[Work | Person | OrgUnit | RecordError]:
    """Records of one kind from a saved response or dump (see `parse_ws_jsonl`)."""
    return parse_lines(lines, API_PARSERS[kind])
