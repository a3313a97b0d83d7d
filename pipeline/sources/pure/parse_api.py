"""Pure API records (the read/write API at `/ws/api`, OpenAPI 1.0) → `Work`, `Person`, `OrgUnit`.

The successor of the Web Service, and the only one that can write. Its records wrap localised
text as `{"en_GB": …}`, refer to other records by `{systemName, uuid}` only (no names), tag
polymorphic parts with `typeDiscriminator`, hold the DOI bare and keep extra identifiers in
`identifiers[]` (`PrimaryId`/`Id` with an `idSource`, `ClassifiedId` with a type URI).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline.sources.model import Identifier, OrgUnit, Person, RecordError, Work
from pipeline.sources.pure.build import (
    Kind,
    OutputFields,
    Parser,
    build_research_output,
    org_unit_record,
    person_record,
)
from pipeline.sources.pure.pages import parse_lines
from pipeline.sources.pure.values import JSON, from_id_source, key_of, objects, uri_tail


def _value(item: JSON, field: str, warnings: list[str]) -> str | None:
    """A `FormattedString` (`{"value": …}`)."""
    return key_of(item, field, "value", warnings)


def _journal_title(journal: JSON, warnings: list[str]) -> str | None:
    return key_of(journal, "title", "title", warnings)


def _journal_issn(journal: JSON, warnings: list[str]) -> str | None:
    return key_of(journal, "issn", "issn", warnings)


def _no_publisher(item: JSON, warnings: list[str]) -> None:
    """The API refers to the publisher by uuid only."""
    return None


def _external_ids(item: JSON, warnings: list[str]) -> list[Identifier | None]:
    return [_from_identifier(i) for i in objects(item.get("identifiers"), "identifiers", warnings)]


def _from_identifier(entry: JSON) -> Identifier | None:
    """`PrimaryId`/`Id` name their source; a `ClassifiedId` names it by its type URI."""
    if entry.get("typeDiscriminator") == "ClassifiedId":
        return from_id_source(uri_tail(entry.get("type")), entry.get("id"))
    return from_id_source(entry.get("idSource"), entry.get("value"))


API_OUTPUT_FIELDS = OutputFields(
    text=_value,
    journal_title=_journal_title,
    journal_issn=_journal_issn,
    publisher=_no_publisher,
    external_ids=_external_ids,
    links="links",
    isbns=("printISBNs", "electronicISBNs"),
    contributors="contributors",
    contributor_role="role",
    workflow_step="step",
)


def parse_api_research_output(item: JSON) -> Work:
    """One `/research-outputs/{uuid}` record."""
    return build_research_output(item, API_OUTPUT_FIELDS)


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
