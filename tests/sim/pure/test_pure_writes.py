"""Pure API writes: PUT create and update, guarded by the optimistic-lock `version`."""

from __future__ import annotations

import copy


def test_update_with_the_current_version_succeeds_and_bumps_it(client, institution):
    uuid = institution.pure_outputs[3].uuid
    record = client.get(f"/ws/api/research-outputs/{uuid}").json()
    record["electronicVersions"] = [
        {"typeDiscriminator": "DoiElectronicVersion", "doi": "10.1000/fixed"}
    ]
    response = client.put(f"/ws/api/research-outputs/{uuid}", json=record)
    assert response.status_code == 200
    assert response.json()["version"] != record["version"]
    assert response.json()["electronicVersions"][0]["doi"] == "10.1000/fixed"
    ws = client.get(f"/ws/api/524/research-outputs/{uuid}").json()
    assert ws["electronicVersions"][0]["doi"] == "https://doi.org/10.1000/fixed"
    assert ws["info"]["modifiedDate"].startswith("2025-03-01T03:00:00.000+0100")


def test_update_with_a_stale_version_is_a_409_conflict(client, institution):
    uuid = institution.pure_outputs[0].uuid
    stale = client.get(f"/ws/api/research-outputs/{uuid}").json()
    fresh = copy.deepcopy(stale)
    fresh["title"] = {"value": "First writer"}
    assert client.put(f"/ws/api/research-outputs/{uuid}", json=fresh).status_code == 200
    stale["title"] = {"value": "Second writer"}
    conflict = client.put(f"/ws/api/research-outputs/{uuid}", json=stale)
    assert conflict.status_code == 409
    assert conflict.headers["content-type"].startswith("application/problem+json")
    assert conflict.json()["title"] == "Version conflict"
    assert "modified" in conflict.json()
    current = client.get(f"/ws/api/research-outputs/{uuid}").json()
    assert current["title"] == {"value": "First writer"}


def test_a_write_without_version_is_a_dirty_write(client, institution):
    uuid = institution.pure_outputs[1].uuid
    record = client.get(f"/ws/api/research-outputs/{uuid}").json()
    client.put(f"/ws/api/research-outputs/{uuid}", json=record)
    record.pop("version")
    record["visibility"] = {"key": "BACKEND"}
    response = client.put(f"/ws/api/research-outputs/{uuid}", json=record)
    assert response.status_code == 200
    assert response.json()["visibility"]["key"] == "BACKEND"


RO = "/dk/atira/pure/researchoutput"


def _journal(client) -> dict:
    journals = client.post("/ws/api/journals/search", json={"size": 1}).json()
    return journals["items"][0]


def test_create_links_an_imported_orcid_work_to_its_truth(client, institution):
    anna = institution.persons[0]
    journal = _journal(client)
    body = {
        "typeDiscriminator": "ContributionToJournal",
        "title": {"value": "From ORCID"},
        "type": {"uri": f"{RO}/researchoutputtypes/contributiontojournal/article"},
        "category": {"uri": f"{RO}/category/academic"},
        "language": {"uri": "/dk/atira/pure/core/languages/en_GB"},
        "publicationStatuses": [
            {
                "publicationStatus": {"uri": f"{RO}/status/published"},
                "publicationDate": {"year": 2020},
            }
        ],
        "contributors": [
            {
                "typeDiscriminator": "InternalContributorAssociation",
                "name": {"firstName": "Anna", "lastName": "de Vries"},
                "role": {"uri": f"{RO}/roles/contributiontojournal/author"},
                "person": {"systemName": "Person", "uuid": anna.uuid},
            }
        ],
        "managingOrganization": {"systemName": "Organization", "uuid": anna.org_unit_uuids[0]},
        "journalAssociation": {
            "journal": {"systemName": "Journal", "uuid": journal["uuid"]},
            "title": {"pureId": journal["titles"][0]["pureId"]},
        },
        "identifiers": [
            {
                "typeDiscriminator": "PrimaryId",
                "idSource": "ORCID",
                "value": f"/{anna.orcid}/work/555",
            }
        ],
    }
    response = client.put("/ws/api/research-outputs", json=body)
    assert response.status_code == 201
    created = response.json()
    assert created["workflow"]["step"] == "entryInProgress"
    state = client.app.state.pure
    assert state.output(created["uuid"]).true_work_id == 7
    assert state.output(created["uuid"]).person_uuids == [anna.uuid]
    assert created["journalAssociation"]["journal"]["uuid"] == journal["uuid"]
    assert created["journalAssociation"]["title"]["title"] == journal["titles"][0]["title"]
    listed = client.get("/ws/api/research-outputs", params={"size": 100}).json()
    assert listed["count"] == 31


def test_invalid_bodies_are_refused_with_400(client, institution):
    assert client.put("/ws/api/research-outputs", json={"title": {"value": "x"}}).status_code == 400
    uuid = institution.pure_outputs[0].uuid
    record = client.get(f"/ws/api/research-outputs/{uuid}").json()
    record["visibility"] = {"key": "SECRET"}
    response = client.put(f"/ws/api/research-outputs/{uuid}", json=record)
    assert response.status_code == 400
    assert response.json()["type"] == "/validation-error"
    missing = client.put(
        "/ws/api/research-outputs/c0000000-0000-4000-8000-999999999999", json=record
    )
    assert missing.status_code == 404


def test_ws_is_read_only(client):
    assert client.put("/ws/api/524/research-outputs", json={}).status_code == 405


def test_journals_are_found_by_title_or_issn(client, api_validate):
    journal = _journal(client)
    by_title = client.post(
        "/ws/api/journals/search", json={"searchString": journal["titles"][0]["title"].upper()}
    ).json()
    assert journal["uuid"] in [j["uuid"] for j in by_title["items"]]
    api_validate(by_title, "JournalListResult")
    if journal.get("issns"):
        by_issn = client.post(
            "/ws/api/journals/search", json={"searchString": journal["issns"][0]["issn"]}
        ).json()
        assert journal["uuid"] in [j["uuid"] for j in by_issn["items"]]


def test_a_create_naming_content_pure_does_not_hold_is_refused(client, institution):
    anna = institution.persons[0]
    record = client.get(f"/ws/api/research-outputs/{institution.pure_outputs[0].uuid}").json()
    for field in ("uuid", "pureId", "version"):
        record.pop(field)
    unknown = "c0000000-0000-4000-8000-999999999999"
    record["managingOrganization"] = {"systemName": "Organization", "uuid": unknown}
    record["contributors"] = [
        {
            "typeDiscriminator": "InternalContributorAssociation",
            "name": {"firstName": "Anna", "lastName": "de Vries"},
            "role": {"uri": f"{RO}/roles/contributiontojournal/author"},
            "person": {"systemName": "Person", "uuid": anna.uuid},
        }
    ]
    response = client.put("/ws/api/research-outputs", json=record)
    assert response.status_code == 400
    assert f"managingOrganization {unknown} is not an organization" in response.json()["detail"]
    record["managingOrganization"]["uuid"] = anna.org_unit_uuids[0]
    record["workflow"] = {"step": "published"}
    response = client.put("/ws/api/research-outputs", json=record)
    assert response.status_code == 400
    assert "workflow.step published" in response.json()["detail"]
