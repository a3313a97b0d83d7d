"""WS 5.24 responses validate against the 5.24 swagger, converted strictly (see conftest)."""

from __future__ import annotations

import pytest

FIXTURE_RO = "ws524/umn/research_output/f145e583-7d49-415e-aefb-381905b58ae7.json"
FIXTURE_PERSON = "ws524/umn/person/01edf3d8-7e44-4dfa-bec4-8e3472965e1f.json"


def test_the_converted_swagger_accepts_the_real_umn_records(ws_validate, fixture_json):
    ws_validate(fixture_json(FIXTURE_RO), "WSResearchOutput")
    ws_validate(fixture_json(FIXTURE_PERSON), "WSPerson")
    for index, key in enumerate(
        [
            "2020-03-12",
            "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1MzcyfQ",
            "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NDcyfQ",
            "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NTcyfQ",
            "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NjcyfQ",
            "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NzcyfQ",
        ],
        start=1,
    ):
        ws_validate(
            fixture_json(f"ws524/umn/changes/changes_response_{index}_key_{key}.json"),
            "WSChangeListResult",
        )


def test_the_converted_swagger_rejects_fields_it_does_not_declare(ws_validate, fixture_json):
    record = fixture_json(FIXTURE_RO)
    record["inventedField"] = 1
    with pytest.raises(Exception, match="inventedField"):
        ws_validate(record, "WSResearchOutput")


def test_persons_list_validates(client, ws_validate):
    body = client.get("/ws/api/524/persons", params={"size": 50}).json()
    assert body["count"] == 3
    ws_validate(body, "WSPersonListResult")


def test_research_outputs_list_of_every_type_validates(client, ws_validate):
    body = client.get("/ws/api/524/research-outputs", params={"size": 100}).json()
    assert body["count"] == 30
    ws_validate(body, "WSResearchOutputListResult")


def test_query_body_responses_validate(client, ws_validate):
    body = client.post("/ws/api/524/research-outputs", json={"size": 5, "offset": 3}).json()
    assert body["pageInformation"] == {"offset": 3, "size": 5}
    ws_validate(body, "WSResearchOutputListResult")
    persons = client.post("/ws/api/524/persons", json={"searchString": "müller"}).json()
    assert [p["name"]["lastName"] for p in persons["items"]] == ["Müller"]
    ws_validate(persons, "WSPersonListResult")


def test_single_items_validate(client, ws_validate, institution):
    for output in institution.pure_outputs:
        ws_validate(
            client.get(f"/ws/api/524/research-outputs/{output.uuid}").json(), "WSResearchOutput"
        )
    for person in institution.persons:
        ws_validate(client.get(f"/ws/api/524/persons/{person.uuid}").json(), "WSPerson")


def test_every_changes_page_validates(client, ws_validate):
    body = client.get("/ws/api/524/changes/2000-01-01").json()
    ws_validate(body, "WSChangeListResult")
    while body["moreChanges"]:
        body = client.get(f"/ws/api/524/changes/{body['resumptionToken']}").json()
        ws_validate(body, "WSChangeListResult")


def test_errors_have_the_ws_error_shape(client, ws_validate):
    response = client.get("/ws/api/524/research-outputs/not-a-uuid")
    assert response.status_code == 404
    ws_validate(response.json(), "WSErrorResult")
    assert response.json()["code"] == 404
