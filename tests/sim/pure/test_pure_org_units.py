"""Organisational units in both generations: WS 5.24 `/organisational-units`, the Pure API's
`/organizations`, each validated against its spec (converted strictly, see conftest)."""

from __future__ import annotations

import pytest

WS = "/ws/api/524/organisational-units"
API = "/ws/api/organizations"
TYPES = "/dk/atira/pure/organisation/organisationtypes/organisation"

# The conftest institution's units, in its order: university > faculty > department.
UNI = "a0000000-0000-4000-8000-000000000001"
FACULTY = "a0000000-0000-4000-8000-000000000002"
DEPT = "a0000000-0000-4000-8000-000000000003"


def test_ws_list_validates_and_carries_type_and_parents(client, ws_validate):
    body = client.get(WS, params={"size": 50}).json()
    ws_validate(body, "WSOrganisationListResult")
    assert body["count"] == 3
    units = {item["uuid"]: item for item in body["items"]}
    assert units[DEPT]["type"]["uri"] == f"{TYPES}/department"
    assert units[FACULTY]["type"]["uri"] == f"{TYPES}/faculty"
    assert units[UNI]["type"]["uri"] == f"{TYPES}/university"
    assert units[DEPT]["name"]["text"][0]["value"] == "Leiden Institute of Physics"
    [parent] = units[DEPT]["parents"]
    assert parent["uuid"] == FACULTY
    assert parent["link"]["href"].endswith(f"{WS}/{FACULTY}")
    assert parent["type"]["uri"] == f"{TYPES}/faculty"
    assert [p["uuid"] for p in units[FACULTY]["parents"]] == [UNI]
    assert "parents" not in units[UNI]


def test_ws_pages_with_size_offset_and_navigation_links(client, ws_validate):
    body = client.get(WS, params={"size": 1, "offset": 1}).json()
    ws_validate(body, "WSOrganisationListResult")
    assert body["pageInformation"] == {"offset": 1, "size": 1}
    assert [item["uuid"] for item in body["items"]] == [FACULTY]
    assert {link["ref"] for link in body["navigationLinks"]} == {"prev", "next"}


def test_ws_single_units_validate_and_unknown_ones_are_404(client, ws_validate, institution):
    for unit in institution.org_units:
        ws_validate(client.get(f"{WS}/{unit.uuid}").json(), "WSOrganisation")
    missing = client.get(f"{WS}/no-such-unit")
    assert missing.status_code == 404
    ws_validate(missing.json(), "WSErrorResult")


def test_ws_query_body_filters_by_uuid_type_and_name(client, ws_validate):
    by_uuid = client.post(WS, json={"uuids": [DEPT, UNI], "size": 10}).json()
    ws_validate(by_uuid, "WSOrganisationListResult")
    assert [item["uuid"] for item in by_uuid["items"]] == [UNI, DEPT]
    faculties = client.post(WS, json={"organisationalUnitTypeUris": [f"{TYPES}/faculty"]}).json()
    assert [item["uuid"] for item in faculties["items"]] == [FACULTY]
    named = client.post(WS, json={"searchString": "physics"}).json()
    assert [item["uuid"] for item in named["items"]] == [DEPT]
    assert client.post(WS, json={"uuids": DEPT}).status_code == 400


def test_references_in_person_records_resolve_to_the_unit(client):
    person = client.get("/ws/api/524/persons/b0000000-0000-4000-8000-000000000001").json()
    href = person["staffOrganisationAssociations"][0]["organisationalUnit"]["link"]["href"]
    assert client.get(href).json()["uuid"] == DEPT


def test_api_list_validates_and_carries_type_and_parents(client, api_validate):
    body = client.get(API, params={"size": 50}).json()
    api_validate(body, "OrganizationListResult")
    assert body["count"] == 3
    assert "navigationLinks" not in body
    units = {item["uuid"]: item for item in body["items"]}
    assert units[DEPT]["type"] == {"uri": f"{TYPES}/department", "term": {"en_GB": "Department"}}
    assert units[DEPT]["name"] == {"en_GB": "Leiden Institute of Physics"}
    assert units[DEPT]["parents"] == [{"systemName": "Organization", "uuid": FACULTY}]
    assert units[FACULTY]["parents"] == [{"systemName": "Organization", "uuid": UNI}]
    assert "parents" not in units[UNI]
    assert {item["systemName"] for item in body["items"]} == {"Organization"}


def test_api_single_and_search_validate(client, api_validate, institution):
    for unit in institution.org_units:
        api_validate(client.get(f"{API}/{unit.uuid}").json(), "Organization")
    body = client.post(f"{API}/search", json={"uuids": [FACULTY], "size": 5, "offset": 0})
    api_validate(body.json(), "OrganizationListResult")
    assert [item["uuid"] for item in body.json()["items"]] == [FACULTY]
    named = client.post(f"{API}/search", json={"searchString": "leiden"}).json()
    assert [item["uuid"] for item in named["items"]] == [UNI, DEPT]


def test_api_errors_are_problem_details(client, api_validate):
    too_big = client.get(API, params={"size": 1001})
    assert too_big.status_code == 400
    api_validate(too_big.json(), "ProblemDetails")
    missing = client.get(f"{API}/a0000000-0000-4000-8000-999999999999")
    assert missing.status_code == 404
    api_validate(missing.json(), "ProblemDetails")


@pytest.mark.parametrize("path", [WS, API, f"{WS}/{DEPT}", f"{API}/{DEPT}"])
def test_units_need_the_key(client, path):
    client.headers.pop("api-key")
    assert client.get(path).status_code == 401
