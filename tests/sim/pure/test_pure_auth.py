"""Every call of both generations needs the institution's API key."""

from __future__ import annotations

import pytest

PATHS = [
    "/ws/api/524/persons",
    "/ws/api/524/research-outputs",
    "/ws/api/524/changes/2020-01-01",
    "/ws/api/persons",
    "/ws/api/research-outputs",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("key", [None, "wrong-key"])
def test_missing_or_wrong_key_is_401(client, path, key):
    headers = {"api-key": key} if key else {}
    client.headers.pop("api-key")
    response = client.get(path, headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert body.get("code", body.get("status")) == 401


def test_writes_need_the_key_too(client):
    client.headers.pop("api-key")
    assert client.put("/ws/api/research-outputs", json={}).status_code == 401
    assert client.post("/ws/api/research-outputs/search", json={}).status_code == 401


def test_ws_also_takes_the_key_as_a_query_parameter(client, institution):
    client.headers.pop("api-key")
    assert (
        client.get("/ws/api/524/persons", params={"apiKey": institution.pure_api_key}).status_code
        == 200
    )
    assert (
        client.get("/ws/api/persons", params={"apiKey": institution.pure_api_key}).status_code
        == 401
    )


def test_stats_count_requests_outside_ws(client):
    client.get("/ws/api/524/persons")
    client.get("/ws/api/524/persons")
    client.get("/ws/api/persons", headers={"api-key": "nope"})
    stats = client.get("/__sim/stats", headers={}).json()
    assert stats["requests"]["GET /ws/api/524/persons 200"] == 2
    assert stats["requests"]["GET /ws/api/persons 401"] == 1
    assert stats["outputs"] == 30
