"""The records both Pure API generations describe, built once: a research output from a field map
per generation (`OutputFields`: where each generation keeps each part), persons and
organisational units from the few names in which they differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pipeline.sources.model import (
    Contributor,
    Identifier,
    OrgUnit,
    Person,
    RecordError,
    Work,
    unique_identifiers,
)
from pipeline.sources.pure.values import (
    JSON,
    as_dict,
    clean,
    from_link,
    identifier,
    isbn_relationship,
    key_of,
    language,
    localized,
    objects,
    publication_status,
    required_title,
    required_uuid,
    strings,
    unique_strings,
    uri_tail,
    work_type,
)

Kind = Literal["research-output", "person", "org-unit"]
"""The record types of Pure's collections, as staging names them."""
Parser = Callable[[JSON], Work | Person | OrgUnit]

Read = Callable[[JSON, str, list[str]], str | None]
"""Text of a field of a record: (record, field, warnings) → the text."""
ReadPart = Callable[[JSON, list[str]], Any]
"""Something a generation keeps in a place or shape of its own: (record, warnings) → it."""


@dataclass(frozen=True)
class OutputFields:
    """Where one API generation keeps each part of a research output."""

    text: Read
    """A formatted string: `title`, `subTitle`, `hostPublicationTitle`."""
    journal_title: ReadPart
    """The journal's title, from the `journalAssociation`."""
    journal_issn: ReadPart
    """The journal's ISSN, from the `journalAssociation`."""
    publisher: ReadPart
    """The publisher's name, where the record carries it."""
    external_ids: Callable[[JSON, list[str]], list[Identifier | None]]
    """The identifiers the record keeps besides electronic versions, links and ISBNs."""
    links: str
    isbns: tuple[str, str]
    """Print and electronic ISBN lists."""
    contributors: str
    contributor_role: str
    workflow_step: str


def build_research_output(item: JSON, fields: OutputFields) -> Work:
    """One research output of either generation."""
    uuid = required_uuid(item)
    warnings: list[str] = []
    title = required_title(uuid, fields.text(item, "title", warnings))
    type_, type_uri = work_type(item.get("type"), warnings)
    (year, month, day), status = publication_status(item.get("publicationStatuses"), warnings)
    return Work(
        source="pure",
        source_record_id=uuid,
        owner_id=None,
        title=title,
        subtitle=fields.text(item, "subTitle", warnings),
        type=type_,
        source_type=type_uri,
        year=year,
        month=month,
        day=day,
        venue=_venue(item, fields, warnings),
        language=language(item.get("language")),
        identifiers=_identifiers(item, uuid, type_uri, fields, warnings),
        contributors=contributors(item, fields.contributors, fields.contributor_role, warnings),
        pure_workflow_step=key_of(item, "workflow", fields.workflow_step, warnings),
        pure_visibility=key_of(item, "visibility", "key", warnings),
        pure_publication_status=status,
        warnings=warnings,
    )


def _venue(item: JSON, fields: OutputFields, warnings: list[str]) -> str | None:
    """The journal; for books and chapters the host book, else the publisher or the series'."""
    journal = as_dict(item.get("journalAssociation"), "journalAssociation", warnings)
    publisher = fields.publisher(item, warnings)
    series = objects(item.get("publicationSeries"), "publicationSeries", warnings)
    candidates = (
        fields.journal_title(journal, warnings),
        fields.text(item, "hostPublicationTitle", warnings),
        publisher,
        *(clean(s.get("publisherName")) for s in series),
    )
    return next((c for c in candidates if c), None)


def _identifiers(
    item: JSON, uuid: str, type_uri: str | None, fields: OutputFields, warnings: list[str]
) -> list[Identifier]:
    versions = objects(item.get("electronicVersions"), "electronicVersions", warnings)
    links = objects(item.get(fields.links), fields.links, warnings)
    external = fields.external_ids(item, warnings)
    journal = as_dict(item.get("journalAssociation"), "journalAssociation", warnings)
    issn = fields.journal_issn(journal, warnings)
    isbns = [isbn for name in fields.isbns for isbn in strings(item.get(name), name, warnings)]
    candidates = [
        *(identifier("doi", doi) for v in versions if (doi := clean(v.get("doi")))),
        *(from_link(v.get("link")) for v in versions),
        *(from_link(link.get("url")) for link in links),
        *external,
        *(identifier("isbn", isbn, isbn_relationship(type_uri)) for isbn in isbns),
        identifier("issn", issn, "part-of") if issn else None,
        identifier("source-work-id", uuid),
    ]
    return unique_identifiers(filter(None, candidates), warnings)


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
    staff = objects(item.get(associations), associations, warnings)
    units = [next((a[f] for f in unit_fields if isinstance(a.get(f), dict)), {}) for a in staff]
    return Person(
        source="pure",
        source_record_id=uuid,
        given_names=clean(name.get("firstName")),
        family_name=clean(name.get("lastName")),
        orcid=orcid,
        org_unit_ids=unique_strings(clean(u.get("uuid")) for u in units),
        warnings=warnings,
        emails=unique_strings(
            _email(e) for a in staff for e in objects(a.get("emails"), "emails", warnings)
        ),
        nationality=uri_tail(item.get("nationality")),
    )


def _email(entry: JSON) -> str | None:
    """An address of either generation: WS wraps it (`{"value": {"value": "a@b"}}`), the Pure
    API does not (`{"value": "a@b"}`). Anything without an @ is not an address."""
    value = entry.get("value")
    if isinstance(value, dict):
        value = value.get("value")
    address = clean(value)
    return address if address and "@" in address.strip("@") else None


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
