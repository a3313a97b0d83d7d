"""Pure API write bodies (PUT) back into PureOutput records.

Clients write the way svidmar's and BackToPure's scripts do: GET a record, change some fields,
PUT the whole object back. So a body is read field by field and anything it leaves out keeps the
stored value. A new output gets the truth id of the work it came from when the body says so (the
ORCID put-code id Pure keeps on imported works, else a DOI), so benchmarks can still score it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from sim.model import Author, ExternalId, Institution, Person, PureOutput, PureVisibility
from sim.pure import vocabulary as vocab
from sim.pure.derived import bare_doi
from sim.pure.journals import Journal

_REQUIRED = (
    "category",
    "contributors",
    "language",
    "managingOrganization",
    "publicationStatuses",
    "title",
    "type",
    "typeDiscriminator",
)
"""`ResearchOutput.required` in the 2023 OpenAPI."""
_VISIBILITIES: tuple[PureVisibility, ...] = ("FREE", "CAMPUS", "BACKEND")
_ORCID_WORK = re.compile(r"^/(?P<orcid>\d{4}-\d{4}-\d{4}-\d{3}[\dX])/work/(?P<put_code>\d+)$")


def problems(body: Any) -> list[str]:
    """Why Pure would answer 400: missing required properties or values it does not know."""
    if not isinstance(body, dict):
        return ["body must be a JSON object"]
    errors = [f"{name} is required" for name in _REQUIRED if body.get(name) in (None, "", [])]
    if body.get("typeDiscriminator") == "ContributionToJournal" and not body.get(
        "journalAssociation"
    ):
        errors.append("journalAssociation is required")
    if body.get("typeDiscriminator") == "ContributionToBookAnthology" and not body.get(
        "hostPublicationTitle"
    ):
        errors.append("hostPublicationTitle is required")
    for name in ("title", "type", "category", "language", "visibility", "workflow"):
        if body.get(name) is not None and not isinstance(body[name], dict):
            errors.append(f"{name} must be an object")
    if errors:
        return errors
    if not isinstance(body["title"].get("value"), str):
        errors.append("title.value is required")
    uri = body["type"].get("uri")
    if uri not in vocab.TYPE_BY_URI:
        errors.append(f"type.uri {uri} is not an allowed type")
    elif body.get("typeDiscriminator") != vocab.OUTPUT_TYPES[vocab.TYPE_BY_URI[uri]].discriminator:
        errors.append(f"typeDiscriminator does not match type.uri {uri}")
    key = (body.get("visibility") or {}).get("key")
    if key is not None and key not in _VISIBILITIES:
        errors.append(f"visibility.key {key} is not allowed")
    step = (body.get("workflow") or {}).get("step")
    if body.get("workflow") is not None and step not in vocab.WORKFLOW_BY_API_STEP:
        errors.append(f"workflow.step {step} is not an allowed workflow step")
    statuses = body["publicationStatuses"]
    for status in statuses if isinstance(statuses, list) else []:
        uri = ((status or {}).get("publicationStatus") or {}).get("uri", "")
        if uri.rsplit("/", 1)[-1] not in vocab.STATUS_TERMS or not uri.startswith(vocab.RO_STATUS):
            errors.append(f"publicationStatus.uri {uri} is not an allowed status")
    for version in body.get("electronicVersions") or []:
        if version.get("typeDiscriminator") == "DoiElectronicVersion" and not version.get("doi"):
            errors.append("electronicVersions: a DoiElectronicVersion requires doi")
    for identifier in body.get("identifiers") or []:
        if identifier.get("typeDiscriminator") in ("PrimaryId", "Id") and not (
            identifier.get("idSource") and identifier.get("value")
        ):
            errors.append("identifiers: an id requires idSource and value")
    return errors


_CONTRIBUTOR_REFS = {
    "InternalContributorAssociation": "person",
    "ExternalContributorAssociation": "externalPerson",
    "AuthorCollaborationContributorAssociation": "authorCollaboration",
}


def unknown_references(
    body: dict[str, Any],
    persons: dict[str, Person],
    org_units: dict[str, Any],
    journals: dict[str, Journal],
) -> list[str]:
    """Why Pure would answer 400 for a body `problems` passed: references to content it does
    not hold (a person, organization or journal by uuid), or a contributor it cannot place."""
    errors = []
    managing = (body.get("managingOrganization") or {}).get("uuid")
    if "managingOrganization" in body and managing not in org_units:
        errors.append(f"managingOrganization {managing} is not an organization")
    for index, contributor in enumerate(body.get("contributors") or []):
        kind = contributor.get("typeDiscriminator") if isinstance(contributor, dict) else None
        if kind not in _CONTRIBUTOR_REFS:
            errors.append(f"contributors[{index}].typeDiscriminator {kind} is not allowed")
            continue
        if kind != "AuthorCollaborationContributorAssociation" and not contributor.get("role"):
            errors.append(f"contributors[{index}].role is required")
        uuid = (contributor.get(_CONTRIBUTOR_REFS[kind]) or {}).get("uuid")
        if uuid is None:
            errors.append(f"contributors[{index}].{_CONTRIBUTOR_REFS[kind]} is required")
        elif kind == "InternalContributorAssociation" and uuid not in persons:
            errors.append(f"contributors[{index}].person {uuid} is not a person")
    journal = (body.get("journalAssociation") or {}).get("journal") or {}
    if "journalAssociation" in body and journal.get("uuid") not in journals:
        errors.append(f"journalAssociation.journal {journal.get('uuid')} is not a journal")
    return errors


def _authors(body: dict[str, Any], persons: dict[str, Person]) -> list[Author]:
    authors = []
    for contributor in body.get("contributors") or []:
        name = contributor.get("name") or {}
        person_uuid = (contributor.get("person") or {}).get("uuid")
        person = persons.get(person_uuid) if person_uuid else None
        authors.append(
            Author(
                given_names=name.get("firstName", ""),
                family_name=name.get("lastName", ""),
                person_uuid=person.uuid if person else None,
                orcid=person.orcid if person else None,
            )
        )
    return authors


def _current_status(body: dict[str, Any]) -> dict[str, Any]:
    statuses = body.get("publicationStatuses") or [{}]
    return next((s for s in statuses if s.get("current")), statuses[0])


def apply(
    body: dict[str, Any],
    base: PureOutput,
    persons: dict[str, Person],
    now: dt.datetime,
    journals: dict[str, Journal] | None = None,
) -> PureOutput:
    """`base` with every field the body carries replaced; validated with `problems` first."""
    changes: dict[str, Any] = {"modified": now}
    if "title" in body:
        changes["title"] = body["title"]["value"]
    if "subTitle" in body:
        changes["subtitle"] = (body["subTitle"] or {}).get("value") or None
    if "type" in body:
        changes["type"] = vocab.TYPE_BY_URI[body["type"]["uri"]]
    if "publicationStatuses" in body:
        status = _current_status(body)
        suffix = (status.get("publicationStatus") or {}).get("uri", "").rsplit("/", 1)[-1]
        if suffix in vocab.STATUS_TERMS:
            changes["publication_status"] = suffix
        date = status.get("publicationDate") or {}
        if "year" in date:
            changes.update(year=date["year"], month=date.get("month"), day=date.get("day"))
    if "workflow" in body:
        step = (body["workflow"] or {}).get("step")
        if step in vocab.WORKFLOW_BY_API_STEP:
            changes["workflow_step"] = vocab.WORKFLOW_BY_API_STEP[step]
    if "visibility" in body:
        changes["visibility"] = body["visibility"]["key"]
    if "contributors" in body:
        authors = _authors(body, persons)
        changes["authors"] = authors
        changes["person_uuids"] = [a.person_uuid for a in authors if a.person_uuid]
    if "electronicVersions" in body:
        dois = [
            v["doi"]
            for v in body["electronicVersions"] or []
            if v.get("typeDiscriminator") == "DoiElectronicVersion" and v.get("doi")
        ]
        changes["doi"] = dois[0] if dois else None
    if "identifiers" in body:
        changes["additional_ids"] = [
            ExternalId(type=i["idSource"], value=i["value"])
            for i in body["identifiers"] or []
            if i.get("typeDiscriminator") in ("PrimaryId", "Id") and "idSource" in i
        ]
    if "language" in body:
        suffix = body["language"]["uri"].rsplit("/", 1)[-1]
        if suffix != vocab.language(base.language)[0]:
            changes["language"] = suffix
    journal = body.get("journalAssociation") or {}
    known = (journals or {}).get((journal.get("journal") or {}).get("uuid") or "")
    if known is not None:
        changes.update(venue=known.title, issn=known.issn)
    else:
        if "title" in journal:
            changes["venue"] = journal["title"].get("title", base.venue)
        if "issn" in journal:
            changes["issn"] = journal["issn"].get("issn", base.issn)
    if "hostPublicationTitle" in body:
        changes["venue"] = body["hostPublicationTitle"].get("value") or None
    if "printISBNs" in body:
        changes["isbns"] = list(body["printISBNs"] or [])
    return replace(base, **changes)


def true_work_id(output: PureOutput, institution: Institution) -> int:
    """The hidden work a newly created output stands for, or -1 when nothing links it."""
    for external in output.additional_ids:
        match = _ORCID_WORK.match(external.value)
        record = institution.orcid_records.get(match["orcid"]) if match else None
        if match and record is not None:
            put_code = int(match["put_code"])
            for work in record.works:
                if work.put_code == put_code:
                    return work.true_work_id
    if output.doi:
        doi = bare_doi(output.doi).lower()
        for work in institution.true_works.values():
            if work.doi and bare_doi(work.doi).lower() == doi:
                return work.id
    return -1


def new_output(
    body: dict[str, Any],
    *,
    uuid: str,
    pure_id: int,
    institution: Institution,
    persons: dict[str, Person],
    now: dt.datetime,
    journals: dict[str, Journal] | None = None,
) -> PureOutput:
    """A created output: fields the body lacks start empty, as in Pure's editor."""
    blank = PureOutput(
        uuid=uuid,
        pure_id=pure_id,
        true_work_id=-1,
        type="other",
        title="",
        subtitle=None,
        year=now.year,
        month=None,
        day=None,
        publication_status="published",
        workflow_step="entryInProgress",
        visibility="FREE",
        person_uuids=[],
        authors=[],
        venue=None,
        issn=None,
        isbns=[],
        doi=None,
        additional_ids=[],
        language="und",
        created=now,
        modified=now,
    )
    output = apply(body, blank, persons, now, journals)
    return replace(output, true_work_id=true_work_id(output, institution))
