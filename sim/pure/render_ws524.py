"""PureOutput, Person and OrgUnit as Web Service 5.24 JSON, in the shape of the UMN records.

The WS wraps every term as `{"formatted": false, "text": [{"locale", "value"}]}`, links every
referenced record with `{"ref": "content", "href": ...}`, prints the DOI as a doi.org URL and
timestamps with an offset without a colon. Field order follows the UMN fixture so a diff against a
real record reads naturally.
"""

from __future__ import annotations

from typing import Any

from sim.model import Author, OrgUnit, Person, PureOutput
from sim.pure import vocabulary as vocab
from sim.pure.context import RenderContext
from sim.pure.derived import (
    publication_date,
    stable_pure_id,
    stable_uuid,
    url_doi,
    ws_timestamp,
)

JSON = dict[str, Any]

_EXTERNAL_PERSON_TYPE = (
    "/dk/atira/pure/externalperson/externalpersontypes/externalperson/externalperson"
)
_JOURNAL_TYPE = "/dk/atira/pure/journal/journaltypes/journal/journal"


def localized(value: str, *, locale: bool = True) -> JSON:
    text: JSON = {"locale": vocab.LOCALE, "value": value} if locale else {"value": value}
    return {"formatted": False, "text": [text]}


def classification(uri: str, term: str) -> JSON:
    return {"pureId": stable_pure_id("classification", uri), "uri": uri, "term": localized(term)}


def link(ctx: RenderContext, collection: str, uuid: str) -> JSON:
    return {"ref": "content", "href": f"{ctx.ws_base}/{collection}/{uuid}"}


def org_ref(ctx: RenderContext, unit: OrgUnit) -> JSON:
    uri, term = vocab.ORG_TYPES[unit.kind]
    return {
        "uuid": unit.uuid,
        "link": link(ctx, "organisational-units", unit.uuid),
        "name": localized(unit.name),
        "type": classification(uri, term),
    }


def organisational_unit(ctx: RenderContext, unit: OrgUnit) -> JSON:
    """An `/organisational-units/{uuid}` record, in the field order of UMN's 5.24 test record
    (pureapi `tests/data/524/organisational_unit`). The unit above it is in `parents[]` as the
    same reference other records embed, so a harvester reads the hierarchy from the units
    alone; the university has no `parents`."""
    uri, term = vocab.ORG_TYPES[unit.kind]
    record: JSON = {
        "pureId": unit.pure_id,
        "uuid": unit.uuid,
        "info": {"portalUrl": ctx.portal_url("organisations", unit.uuid)},
        "name": localized(unit.name),
        "type": classification(uri, term),
        "visibility": {"key": "FREE", "value": localized(vocab.VISIBILITY_TERMS["FREE"])},
    }
    parent = ctx.org_units.get(unit.parent_uuid) if unit.parent_uuid else None
    if parent is not None:
        record["parents"] = [org_ref(ctx, parent)]
    return record


def person(ctx: RenderContext, p: Person) -> JSON:
    """A `/persons/{uuid}` record; `orcid` is the bare iD and absent when Pure has none."""
    record: JSON = {
        "pureId": p.pure_id,
        "uuid": p.uuid,
        "name": {"firstName": p.given_names, "lastName": p.family_name},
    }
    if p.orcid:
        record["orcid"] = p.orcid
    record["info"] = {
        "modifiedDate": ws_timestamp(p.modified, ctx.zone),
        "portalUrl": ctx.portal_url("persons", p.uuid),
    }
    record["visibility"] = {"key": "FREE", "value": localized(vocab.VISIBILITY_TERMS["FREE"])}
    if p.nationality:
        record["nationality"] = classification(
            vocab.COUNTRY_URI + p.nationality, vocab.COUNTRIES[p.nationality]
        )
    if p.employee_id:
        record["ids"] = [
            {
                "pureId": stable_pure_id("person-id", p.uuid),
                "value": {"formatted": False, "value": p.employee_id},
                "type": classification(vocab.EMPLOYEE_ID_URI, "Employee ID"),
            }
        ]
    units = [ctx.org_units[u] for u in p.org_unit_uuids if u in ctx.org_units]
    if units:
        record["staffOrganisationAssociations"] = [
            {
                "pureId": stable_pure_id("staff-association", f"{p.uuid}/{unit.uuid}"),
                "person": {
                    "uuid": p.uuid,
                    "link": link(ctx, "persons", p.uuid),
                    "name": localized(f"{p.given_names} {p.family_name}", locale=False),
                },
                "isPrimaryAssociation": index == 0,
                "organisationalUnit": org_ref(ctx, unit),
            }
            for index, unit in enumerate(units)
        ]
        if p.email:
            # UMN's records: the address wrapped as a value, on the primary association.
            record["staffOrganisationAssociations"][0]["emails"] = [
                {
                    "pureId": stable_pure_id("person-email", p.uuid),
                    "value": {"formatted": False, "value": p.email},
                }
            ]
    return record


def _person_association(ctx: RenderContext, output: PureOutput, index: int, author: Author) -> JSON:
    out_type = vocab.OUTPUT_TYPES[output.type]
    association: JSON = {"pureId": stable_pure_id("author", f"{output.uuid}/{index}")}
    display = f"{author.given_names} {author.family_name}".strip()
    internal = ctx.persons.get(author.person_uuid) if author.person_uuid else None
    if internal is not None:
        association["person"] = {
            "uuid": internal.uuid,
            "link": link(ctx, "persons", internal.uuid),
            "name": localized(f"{internal.given_names} {internal.family_name}", locale=False),
        }
    else:
        external_uuid = stable_uuid("external-person", display)
        association["externalPerson"] = {
            "uuid": external_uuid,
            "link": link(ctx, "external-persons", external_uuid),
            "name": localized(display, locale=False),
            "type": classification(_EXTERNAL_PERSON_TYPE, "External person"),
        }
    association["name"] = {"firstName": author.given_names, "lastName": author.family_name}
    association["personRole"] = classification(out_type.role_uri, out_type.role.title())
    if internal is not None:
        units = [ctx.org_units[u] for u in internal.org_unit_uuids if u in ctx.org_units]
        if units:
            association["organisationalUnits"] = [org_ref(ctx, unit) for unit in units]
    return association


def _journal_association(ctx: RenderContext, output: PureOutput) -> JSON:
    key = output.venue or output.issn or output.uuid
    journal_uuid = stable_uuid("journal", key)
    association: JSON = {"pureId": stable_pure_id("journal-association", output.uuid)}
    if output.venue:
        association["title"] = {"value": output.venue}
    if output.issn:
        association["issn"] = {"value": output.issn}
    association["journal"] = {
        "uuid": journal_uuid,
        "link": link(ctx, "journals", journal_uuid),
        "name": localized(output.venue or "", locale=False),
        "type": classification(_JOURNAL_TYPE, "Journal"),
    }
    return association


def research_output(ctx: RenderContext, output: PureOutput) -> JSON:
    """A `/research-outputs/{uuid}` record, non-public and unvalidated ones rendered as they are."""
    out_type = vocab.OUTPUT_TYPES[output.type]
    scopus = [i for i in output.additional_ids if vocab.id_source(i.type) == "Scopus"]
    others = [i for i in output.additional_ids if vocab.id_source(i.type) != "Scopus"]
    record: JSON = {"pureId": output.pure_id}
    if scopus:
        record["externalId"] = scopus[0].value
        record["externalIdSource"] = "Scopus"
    record["uuid"] = output.uuid
    record["title"] = {"formatted": False, "value": output.title}
    if output.subtitle:
        record["subTitle"] = {"formatted": False, "value": output.subtitle}
    record["type"] = classification(out_type.uri, out_type.term)
    record["category"] = classification(vocab.CATEGORY_URI, vocab.CATEGORY_TERM)
    record["publicationStatuses"] = [
        {
            "pureId": stable_pure_id("publication-status", output.uuid),
            "current": True,
            "publicationDate": publication_date(output),
            "publicationStatus": classification(
                f"{vocab.RO_STATUS}/{output.publication_status}",
                vocab.STATUS_TERMS[output.publication_status],
            ),
        }
    ]
    record["language"] = classification(
        vocab.language_uri(output.language), vocab.language(output.language)[1]
    )
    record["personAssociations"] = [
        _person_association(ctx, output, index, author)
        for index, author in enumerate(output.authors)
    ]
    orgs = ctx.output_org_uuids(output)
    if orgs:
        record["organisationalUnits"] = [org_ref(ctx, ctx.org_units[u]) for u in orgs]
    record["totalNumberOfAuthors"] = len(output.authors)
    managing = ctx.managing_org_uuid(orgs)
    if managing is not None:
        record["managingOrganisationalUnit"] = org_ref(ctx, ctx.org_units[managing])
    if output.doi:
        record["electronicVersions"] = [
            {
                "pureId": stable_pure_id("electronic-version", output.uuid),
                "doi": url_doi(output.doi),
                "versionType": classification(vocab.DOI_VERSION_URI, vocab.DOI_VERSION_TERM),
            }
        ]
    record["confidential"] = False
    record["visibility"] = {
        "key": output.visibility,
        "value": localized(vocab.VISIBILITY_TERMS[output.visibility]),
    }
    record["workflow"] = {
        "workflowStep": output.workflow_step,
        "value": localized(vocab.WS_WORKFLOW_TERMS[output.workflow_step]),
    }
    info: JSON = {
        "createdDate": ws_timestamp(output.created, ctx.zone),
        "modifiedDate": ws_timestamp(output.modified, ctx.zone),
        "portalUrl": ctx.portal_url("publications", output.uuid),
    }
    if others:
        info["additionalExternalIds"] = [
            {"value": i.value, "idSource": vocab.id_source(i.type)} for i in others
        ]
    record["info"] = info
    if out_type.hosted_in_journal:
        record["journalAssociation"] = _journal_association(ctx, output)
    elif out_type.hosted_in_book and output.venue:
        record["hostPublicationTitle"] = {"formatted": False, "value": output.venue}
    if output.isbns and not out_type.hosted_in_journal:
        record["isbns"] = list(output.isbns)
    return record
