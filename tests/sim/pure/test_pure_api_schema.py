"""Pure API responses and write bodies validate against the 2023 OpenAPI, converted strictly."""

from __future__ import annotations

import copy

import pytest

UTRECHT = ["data.json", "book.json", "chapterbook.json", "jsonupload"]


@pytest.mark.parametrize("name", UTRECHT)
def test_the_converted_openapi_accepts_the_real_utrecht_records(api_validate, fixture_json, name):
    api_validate(
        fixture_json(f"pure_api/utrecht_backtopure/{name}"), "ResearchOutput", strict=False
    )


def test_strict_mode_flags_properties_newer_than_the_2023_spec(api_validate, fixture_json):
    """Utrecht's `data.json` carries `fundingText`, which the 2023 spec does not declare."""
    record = fixture_json("pure_api/utrecht_backtopure/data.json")
    with pytest.raises(Exception, match="fundingText"):
        api_validate(record, "ResearchOutput")
    del record["fundingText"]
    api_validate(record, "ResearchOutput")


def test_discriminators_select_the_subtype_schema(api_validate, fixture_json):
    record = fixture_json("pure_api/utrecht_backtopure/book.json")
    record["typeDiscriminator"] = "ContributionToJournal"  # requires journalAssociation
    with pytest.raises(Exception, match="journalAssociation"):
        api_validate(record, "ResearchOutput", strict=False)
    record["typeDiscriminator"] = "NoSuchType"
    with pytest.raises(Exception, match="NoSuchType"):
        api_validate(record, "ResearchOutput", strict=False)


def test_lists_validate(client, api_validate):
    outputs = client.get("/ws/api/research-outputs", params={"size": 100}).json()
    assert outputs["count"] == 30
    assert "navigationLinks" not in outputs
    api_validate(outputs, "ResearchOutputListResult")
    persons = client.get("/ws/api/persons").json()
    api_validate(persons, "PersonListResult")


def test_search_responses_validate(client, api_validate, institution):
    wanted = [o.uuid for o in institution.pure_outputs[:4]]
    body = client.post(
        "/ws/api/research-outputs/search", json={"uuids": wanted, "size": 10, "offset": 0}
    ).json()
    assert [item["uuid"] for item in body["items"]] == wanted
    api_validate(body, "ResearchOutputListResult")
    persons = client.post("/ws/api/persons/search", json={"searchString": "kampen"}).json()
    assert [p["name"]["lastName"] for p in persons["items"]] == ["van Kampen"]
    api_validate(persons, "PersonListResult")


def test_single_items_validate(client, api_validate, institution):
    for output in institution.pure_outputs:
        api_validate(client.get(f"/ws/api/research-outputs/{output.uuid}").json(), "ResearchOutput")
    for person in institution.persons:
        api_validate(client.get(f"/ws/api/persons/{person.uuid}").json(), "Person")


def test_write_bodies_a_client_sends_validate(client, api_validate, institution):
    """The GET → change → PUT round trip (svidmar, BackToPure) and a fresh create body."""
    uuid = institution.pure_outputs[0].uuid
    body = client.get(f"/ws/api/research-outputs/{uuid}").json()
    body["title"] = {"value": "Corrected title"}
    api_validate(body, "ResearchOutput")
    response = client.put(f"/ws/api/research-outputs/{uuid}", json=body)
    assert response.status_code == 200
    api_validate(response.json(), "ResearchOutput")

    create = copy.deepcopy(body)
    for read_only in ("uuid", "pureId", "version", "createdDate", "modifiedDate", "portalUrl"):
        create.pop(read_only)
    api_validate(create, "ResearchOutput")
    created = client.put("/ws/api/research-outputs", json=create)
    assert created.status_code == 201
    api_validate(created.json(), "ResearchOutput")


def test_errors_are_problem_details(client, api_validate):
    response = client.get("/ws/api/research-outputs", params={"size": 1001})
    assert response.headers["content-type"].startswith("application/problem+json")
    api_validate(response.json(), "ProblemDetails")
    missing = client.get("/ws/api/research-outputs/c0000000-0000-4000-8000-999999999999")
    assert missing.status_code == 404
    api_validate(missing.json(), "ProblemDetails")
