"""Offset paging in both generations: caps, full coverage, and the WS navigation links."""

from __future__ import annotations

import pytest


def _scan(client, path, size):
    seen, offset = [], 0
    while True:
        body = client.get(path, params={"size": size, "offset": offset}).json()
        seen += [item["uuid"] for item in body["items"]]
        offset += size
        if offset >= body["count"]:
            return seen, body["count"]


@pytest.mark.parametrize("path", ["/ws/api/524/research-outputs", "/ws/api/research-outputs"])
@pytest.mark.parametrize("size", [1, 7, 30, 1000])
def test_offset_paging_covers_every_record_exactly_once(client, institution, path, size):
    seen, count = _scan(client, path, size)
    assert count == len(institution.pure_outputs)
    assert sorted(seen) == sorted(o.uuid for o in institution.pure_outputs)


def test_pure_api_refuses_size_above_1000(client):
    assert client.get("/ws/api/research-outputs", params={"size": 1000}).status_code == 200
    refused = client.get("/ws/api/research-outputs", params={"size": 1001})
    assert refused.status_code == 400
    assert client.get("/ws/api/persons", params={"size": 5000}).status_code == 400


def test_search_bodies_are_not_capped(client):
    """BackToPure reads persons with `"size": 999999` through /persons/search."""
    body = client.post("/ws/api/persons/search", json={"size": 999999, "offset": 0}).json()
    assert body["count"] == len(body["items"]) == 3


def test_ws_size_zero_answers_the_count_only(client):
    """pureapi's get_all() first asks for size=0 to learn the count."""
    body = client.get("/ws/api/524/research-outputs", params={"size": 0}).json()
    assert body["count"] == 30
    assert body["items"] == []


def test_ws_navigation_links_walk_the_whole_list(client, institution):
    seen, url = [], "/ws/api/524/research-outputs?size=8"
    while url:
        body = client.get(url).json()
        seen += [item["uuid"] for item in body["items"]]
        links = {link["ref"]: link["href"] for link in body.get("navigationLinks", [])}
        url = links.get("next")
    assert seen == [o.uuid for o in institution.pure_outputs]
    middle = client.get("/ws/api/524/research-outputs", params={"size": 8, "offset": 8}).json()
    assert {link["ref"] for link in middle["navigationLinks"]} == {"prev", "next"}
    plain = client.get("/ws/api/524/research-outputs", params={"navigationLink": "false"}).json()
    assert "navigationLinks" not in plain


def test_ws_accepts_page_and_page_size(client, institution):
    body = client.get("/ws/api/524/research-outputs", params={"page": 2, "pageSize": 5}).json()
    assert body["pageInformation"] == {"offset": 5, "size": 5}
    assert [i["uuid"] for i in body["items"]] == [o.uuid for o in institution.pure_outputs[5:10]]


def test_ws_query_body_filters_and_query_parameter_paging(client, institution):
    """ricgraph POSTs the filter as the body and size/offset as query parameters."""
    cutoff = "2023-01-20T00:00:00.000+00:00"
    body = client.post(
        "/ws/api/524/research-outputs",
        params={"size": 500, "offset": 0},
        json={"modifiedAfter": cutoff, "workflowSteps": ["approved"]},
    ).json()
    expected = [
        o.uuid
        for o in institution.pure_outputs
        if o.modified.isoformat() > "2023-01-20" and o.workflow_step == "approved"
    ]
    assert [i["uuid"] for i in body["items"]] == expected
    assert body["count"] == len(expected) > 0


def test_bad_paging_is_a_400_in_each_generations_shape(client):
    ws = client.get("/ws/api/524/research-outputs", params={"size": "ten"})
    assert (ws.status_code, ws.json()["code"]) == (400, 400)
    api = client.get("/ws/api/research-outputs", params={"offset": -1})
    assert (api.status_code, api.json()["status"]) == (400, 400)
