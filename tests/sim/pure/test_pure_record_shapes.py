"""Rendered records have the shapes of the real UMN (WS 5.24) and Utrecht (Pure API) records."""

from __future__ import annotations

import re

UMN_RO = "ws524/umn/research_output/f145e583-7d49-415e-aefb-381905b58ae7.json"
UMN_PERSON = "ws524/umn/person/01edf3d8-7e44-4dfa-bec4-8e3472965e1f.json"
UTRECHT = ["data.json", "book.json", "chapterbook.json", "jsonupload"]

WS_IMPORTANT = set(
    [
        "uuid",
        "pureId",
        "externalId",
        "externalIdSource",
        "title.value",
        "subTitle.value",
        "type.uri",
        "category.uri",
        "publicationStatuses[].current",
        "publicationStatuses[].publicationStatus.uri",
        "publicationStatuses[].publicationDate.year",
        "publicationStatuses[].publicationDate.month",
        "publicationStatuses[].publicationDate.day",
        "electronicVersions[].doi",
        "personAssociations[].person.uuid",
        "personAssociations[].externalPerson.uuid",
        "personAssociations[].name.firstName",
        "personAssociations[].name.lastName",
        "personAssociations[].personRole.uri",
        "journalAssociation.title.value",
        "journalAssociation.issn.value",
        "isbns[]",
        "info.createdDate",
        "info.modifiedDate",
        "info.additionalExternalIds[].value",
        "info.additionalExternalIds[].idSource",
        "workflow.workflowStep",
        "workflow.value.text[].value",
        "visibility.key",
        "confidential",
        "language.uri",
        "totalNumberOfAuthors",
        "managingOrganisationalUnit.uuid",
    ]
)
API_IMPORTANT = set(
    [
        "uuid",
        "pureId",
        "systemName",
        "typeDiscriminator",
        "version",
        "title.value",
        "subTitle.value",
        "type.uri",
        "type.term.en_GB",
        "category.uri",
        "publicationStatuses[].current",
        "publicationStatuses[].publicationStatus.uri",
        "publicationStatuses[].publicationDate.year",
        "electronicVersions[].typeDiscriminator",
        "electronicVersions[].doi",
        "contributors[].typeDiscriminator",
        "contributors[].person.uuid",
        "contributors[].externalPerson.uuid",
        "contributors[].name.firstName",
        "contributors[].role.uri",
        "journalAssociation.title.title",
        "journalAssociation.issn.issn",
        "printISBNs[]",
        "identifiers[].typeDiscriminator",
        "identifiers[].idSource",
        "identifiers[].value",
        "workflow.step",
        "workflow.description.en_GB",
        "visibility.key",
        "createdDate",
        "modifiedDate",
        "totalNumberOfContributors",
        "managingOrganization.uuid",
    ]
)


def _merged(key_paths, documents):
    paths: dict[str, set[str]] = {}
    for document in documents:
        for path, kinds in key_paths(document).items():
            paths.setdefault(path, set()).update(kinds)
    return paths


def _assert_same_types(ours, theirs):
    clashes = {p: (ours[p], theirs[p]) for p in ours.keys() & theirs.keys() if ours[p] != theirs[p]}
    assert not clashes


def test_ws_outputs_match_the_umn_record(client, fixture_json, key_paths):
    ours = _merged(
        key_paths, client.get("/ws/api/524/research-outputs", params={"size": 100}).json()["items"]
    )
    _assert_same_types(ours, key_paths(fixture_json(UMN_RO)))
    assert ours.keys() >= WS_IMPORTANT


def test_ws_persons_match_the_umn_record(client, fixture_json, key_paths):
    ours = _merged(key_paths, client.get("/ws/api/524/persons").json()["items"])
    _assert_same_types(ours, key_paths(fixture_json(UMN_PERSON)))
    wanted = {
        "uuid",
        "orcid",
        "name.firstName",
        "staffOrganisationAssociations[].organisationalUnit.uuid",
    }
    assert wanted <= ours.keys()


def test_api_outputs_match_the_utrecht_records(client, fixture_json, key_paths):
    ours = _merged(
        key_paths, client.get("/ws/api/research-outputs", params={"size": 100}).json()["items"]
    )
    theirs = _merged(key_paths, (fixture_json(f"pure_api/utrecht_backtopure/{n}") for n in UTRECHT))
    _assert_same_types(ours, theirs)
    assert ours.keys() >= API_IMPORTANT


def test_dois_timestamps_and_ids_take_each_generations_form(client, institution):
    output = institution.pure_outputs[0]
    ws = client.get(f"/ws/api/524/research-outputs/{output.uuid}").json()
    api = client.get(f"/ws/api/research-outputs/{output.uuid}").json()
    assert ws["electronicVersions"][0]["doi"] == f"https://doi.org/{output.doi}"
    assert api["electronicVersions"][0]["doi"] == output.doi
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}", ws["info"]["modifiedDate"]
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", api["modifiedDate"])
    assert re.fullmatch(r"[0-9a-f]{40}", api["version"])


def test_imported_orcid_work_ids_are_kept(client, institution):
    output = next(
        o for o in institution.pure_outputs if any(i.type == "orcid-work" for i in o.additional_ids)
    )
    value = next(i.value for i in output.additional_ids if i.type == "orcid-work")
    ws = client.get(f"/ws/api/524/research-outputs/{output.uuid}").json()
    api = client.get(f"/ws/api/research-outputs/{output.uuid}").json()
    assert {"value": value, "idSource": "ORCID"} in ws["info"]["additionalExternalIds"]
    assert {"typeDiscriminator": "PrimaryId", "idSource": "ORCID", "value": value} in [
        {k: i[k] for k in ("typeDiscriminator", "idSource", "value")} for i in api["identifiers"]
    ]


def test_scopus_id_is_the_ws_external_id(client, institution):
    output = next(
        o for o in institution.pure_outputs if any(i.type == "eid" for i in o.additional_ids)
    )
    ws = client.get(f"/ws/api/524/research-outputs/{output.uuid}").json()
    assert (ws["externalIdSource"], ws["externalId"]) == ("Scopus", output.additional_ids[-1].value)


def test_orcid_is_bare_and_absent_when_pure_has_none(client, institution):
    for person in institution.persons:
        ws = client.get(f"/ws/api/524/persons/{person.uuid}").json()
        api = client.get(f"/ws/api/persons/{person.uuid}").json()
        if person.orcid:
            assert ws["orcid"] == api["orcid"] == person.orcid
        else:
            assert "orcid" not in ws
            assert "orcid" not in api


def test_restricted_and_unvalidated_outputs_are_served_as_they_are(client):
    """With an API key Pure shows CAMPUS/BACKEND and unvalidated outputs; the pipeline decides."""
    ws = client.get("/ws/api/524/research-outputs", params={"size": 100}).json()["items"]
    api = client.get("/ws/api/research-outputs", params={"size": 100}).json()["items"]
    assert {o["visibility"]["key"] for o in ws} == {"FREE", "CAMPUS", "BACKEND"}
    assert {o["workflow"]["workflowStep"] for o in ws} == {
        "approved",
        "forValidation",
        "entryInProgress",
    }
    assert {o["workflow"]["step"] for o in api} == {"validated", "forApproval", "entryInProgress"}
    approved = [o for o in ws if o["workflow"]["workflowStep"] == "approved"]
    assert {o["workflow"]["value"]["text"][0]["value"] for o in approved} == {"Validated"}
