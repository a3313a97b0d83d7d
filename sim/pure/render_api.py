"""PureOutput, Person and OrgUnit as Pure API JSON, in the shape of the Utrecht records.

The Pure API wraps terms as `{"en_GB": ...}`, refers to other records as `{systemName, uuid}`,
tags every polymorphic object with `typeDiscriminator`, shows the DOI as stored (bare, unless the
generator planted a variant) and carries the `version` token that guards writes.
"""

from __future__ import annotations

from typing import Any

from sim.model import Author, OrgUnit, Person, PureOutput
from sim.pure import vocabulary as vocab
from sim.pure.context import RenderContext
from sim.pure.derived import api_timestamp, publication_date, stable_pure_id, stable_uuid

JSON = dict[str, Any]


def term(value: str) -> JSON:
    return {vocab.LOCALE: value}


def classification(uri: str, text: str) -> JSON:
    return {"uri": uri, "term": term(text)}


def ref(system_name: str, uuid: str) -> JSON:
    return {"systemName": system_name, "uuid": uuid}


def organization(ctx: RenderContext, unit: OrgUnit, version: str) -> JSON:
    """An `/organizations/{uuid}` record (OpenAPI `Organization`). The unit above it is in
    `parents[]` as an `OrganizationRef`, the university has none. The spec requires a
    `lifecycle`; the model keeps no founding dates, so it is open at both ends."""
    uri, label = vocab.ORG_TYPES[unit.kind]
    record: JSON = {
        "pureId": unit.pure_id,
        "uuid": unit.uuid,
        "portalUrl": ctx.portal_url("organisations", unit.uuid),
        "version": version,
        "name": term(unit.name),
        "type": classification(uri, label),
        "lifecycle": {},
    }
    if unit.parent_uuid is not None and unit.parent_uuid in ctx.org_units:
        record["parents"] = [ref("Organization", unit.parent_uuid)]
    record["visibility"] = {
        "key": "FREE",
        "description": term(vocab.VISIBILITY_TERMS["FREE"]),
    }
    record["systemName"] = "Organization"
    return record


def person(ctx: RenderContext, p: Person, version: str) -> JSON:
    record: JSON = {
        "pureId": p.pure_id,
        "uuid": p.uuid,
        "modifiedDate": api_timestamp(p.modified, ctx.zone),
        "portalUrl": ctx.portal_url("persons", p.uuid),
        "version": version,
        "name": {"firstName": p.given_names, "lastName": p.family_name},
    }
    if p.orcid:
        record["orcid"] = p.orcid
    units = [u for u in p.org_unit_uuids if u in ctx.org_units]
    if units:
        record["staffOrganizationAssociations"] = [
            {
                "typeDiscriminator": "StaffOrganizationAssociation",
                "pureId": stable_pure_id("staff-association", f"{p.uuid}/{unit}"),
                "organization": ref("Organization", unit),
                "primaryAssociation": index == 0,
            }
            for index, unit in enumerate(units)
        ]
        if p.email:
            record["staffOrganizationAssociations"][0]["emails"] = [
                {
                    "pureId": stable_pure_id("person-email", p.uuid),
                    "value": p.email,
                    "type": classification(vocab.EMAIL_URI, "Email"),
                }
            ]
    if p.nationality:
        record["nationality"] = classification(
            vocab.COUNTRY_URI + p.nationality, vocab.COUNTRIES[p.nationality]
        )
    record["visibility"] = {
        "key": "FREE",
        "description": term(vocab.VISIBILITY_TERMS["FREE"]),
    }
    if p.employee_id:
        record["identifiers"] = [
            {
                "typeDiscriminator": "ClassifiedId",
                "pureId": stable_pure_id("person-id", p.uuid),
                "id": p.employee_id,
                "type": classification(vocab.EMPLOYEE_ID_URI, "Employee ID"),
            }
        ]
    record["systemName"] = "Person"
    return record


def _contributor(ctx: RenderContext, output: PureOutput, index: int, author: Author) -> JSON:
    out_type = vocab.OUTPUT_TYPES[output.type]
    internal = ctx.persons.get(author.person_uuid) if author.person_uuid else None
    contributor: JSON = {
        "typeDiscriminator": (
            "InternalContributorAssociation" if internal else "ExternalContributorAssociation"
        ),
        "pureId": stable_pure_id("author", f"{output.uuid}/{index}"),
        "hidden": False,
        "correspondingAuthor": False,
        "name": {"firstName": author.given_names, "lastName": author.family_name},
        "role": classification(out_type.role_uri, out_type.role.title()),
    }
    if internal is not None:
        contributor["person"] = ref("Person", internal.uuid)
        units = [u for u in internal.org_unit_uuids if u in ctx.org_units]
        if units:
            contributor["organizations"] = [ref("Organization", u) for u in units]
    else:
        display = f"{author.given_names} {author.family_name}".strip()
        contributor["externalPerson"] = ref(
            "ExternalPerson", stable_uuid("external-person", display)
        )
    return contributor


def _identifiers(output: PureOutput) -> list[JSON]:
    """ORCID import ids are the record's primary id (Utrecht `book.json`); the rest are plain."""
    identifiers = []
    for external in output.additional_ids:
        source = vocab.id_source(external.type)
        identifiers.append(
            {
                "typeDiscriminator": "PrimaryId" if source == "ORCID" else "Id",
                "pureId": stable_pure_id("identifier", f"{output.uuid}/{source}/{external.value}"),
                "idSource": source,
                "value": external.value,
            }
        )
    return identifiers


def research_output(ctx: RenderContext, output: PureOutput, version: str) -> JSON:
    out_type = vocab.OUTPUT_TYPES[output.type]
    record: JSON = {
        "typeDiscriminator": out_type.discriminator,
        "pureId": output.pure_id,
        "uuid": output.uuid,
        "createdDate": api_timestamp(output.created, ctx.zone),
        "modifiedDate": api_timestamp(output.modified, ctx.zone),
        "portalUrl": ctx.portal_url("publications", output.uuid),
        "version": version,
        "title": {"value": output.title},
    }
    if output.subtitle:
        record["subTitle"] = {"value": output.subtitle}
    record["type"] = classification(out_type.uri, out_type.term)
    record["category"] = classification(vocab.CATEGORY_URI, vocab.CATEGORY_TERM)
    record["publicationStatuses"] = [
        {
            "pureId": stable_pure_id("publication-status", output.uuid),
            "current": True,
            "publicationStatus": classification(
                f"{vocab.RO_STATUS}/{output.publication_status}",
                vocab.STATUS_TERMS[output.publication_status],
            ),
            "publicationDate": publication_date(output),
        }
    ]
    record["language"] = classification(
        vocab.language_uri(output.language), vocab.language(output.language)[1]
    )
    record["contributors"] = [
        _contributor(ctx, output, index, author) for index, author in enumerate(output.authors)
    ]
    orgs = ctx.output_org_uuids(output)
    if orgs:
        record["organizations"] = [ref("Organization", u) for u in orgs]
    record["totalNumberOfContributors"] = len(output.authors)
    managing = ctx.managing_org_uuid(orgs)
    if managing is not None:
        record["managingOrganization"] = ref("Organization", managing)
    if output.doi:
        record["electronicVersions"] = [
            {
                "typeDiscriminator": "DoiElectronicVersion",
                "pureId": stable_pure_id("electronic-version", output.uuid),
                "doi": output.doi,
                "versionType": classification(vocab.DOI_VERSION_URI, vocab.DOI_VERSION_TERM),
            }
        ]
    record["visibility"] = {
        "key": output.visibility,
        "description": term(vocab.VISIBILITY_TERMS[output.visibility]),
    }
    step, label = vocab.API_WORKFLOW[output.workflow_step]
    record["workflow"] = {"step": step, "description": term(label)}
    identifiers = _identifiers(output)
    if identifiers:
        record["identifiers"] = identifiers
    if out_type.hosted_in_journal:
        record["journalAssociation"] = _journal_association(output)
    elif out_type.hosted_in_book:
        record["hostPublicationTitle"] = {"value": output.venue or ""}
    if output.isbns and not out_type.hosted_in_journal:
        record["printISBNs"] = list(output.isbns)
    record["systemName"] = "ResearchOutput"
    return record


def _journal_association(output: PureOutput) -> JSON:
    key = output.venue or output.issn or output.uuid
    association: JSON = {"pureId": stable_pure_id("journal-association", output.uuid)}
    if output.venue:
        association["title"] = {
            "pureId": stable_pure_id("journal-title", output.venue),
            "title": output.venue,
        }
    if output.issn:
        association["issn"] = {"pureId": stable_pure_id("issn", output.issn), "issn": output.issn}
    association["journal"] = ref("Journal", stable_uuid("journal", key))
    return association
