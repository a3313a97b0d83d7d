"""Search: which of the institution's records changed since the last run."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from orcid_world import JSON, TOKEN_A, A, B, bearer

pytestmark = pytest.mark.anyio

SINCE_2024 = "profile-last-modified-date:[2024-01-01T00:00:00Z TO *]"


async def search(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/public/v3.0/search/", params=params, headers=JSON)
    assert response.status_code == 200, response.text
    return response.json()


def found(body: dict[str, Any]) -> list[str]:
    return [r["orcid-identifier"]["path"] for r in body["result"] or []]


async def test_search_finds_records_modified_after_a_date(client: httpx.AsyncClient) -> None:
    before = await search(client, q=SINCE_2024)
    assert before == {"result": None, "num-found": 0}
    new_work = {
        "title": {"title": {"value": "New"}},
        "type": "other",
        "external-ids": {
            "external-id": [
                {
                    "external-id-type": "doi",
                    "external-id-value": "10.5555/new",
                    "external-id-relationship": "self",
                }
            ]
        },
    }
    created = await client.post(f"/v3.0/{A}/work", json=new_work, headers=bearer(TOKEN_A))
    assert created.status_code == 201
    after = await search(client, q=SINCE_2024)
    assert found(after) == [A]
    assert after["result"][0]["orcid-identifier"] == {
        "uri": f"https://orcid.org/{A}",
        "path": A,
        "host": "orcid.org",
    }
    assert after["num-found"] == 1


async def test_deleting_a_work_also_moves_the_record(client: httpx.AsyncClient) -> None:
    deleted = await client.delete(f"/v3.0/{A}/work/102", headers=bearer(TOKEN_A))
    assert deleted.status_code == 204
    assert found(await search(client, q=SINCE_2024)) == [A]


async def test_search_combines_a_date_range_with_a_list_of_ids(client: httpx.AsyncClient) -> None:
    everything = f"profile-last-modified-date:[2020-01-01T00:00:00Z TO NOW] AND orcid:({A} OR {B})"
    assert found(await search(client, q=everything)) == sorted([A, B])
    only_b = f"orcid:({A} {B}) AND NOT orcid:{A}"
    assert found(await search(client, q=only_b)) == [B]


async def test_search_pages_with_start_and_rows(client: httpx.AsyncClient) -> None:
    pages = [await search(client, q="*:*", start=str(i), rows="1") for i in range(3)]
    assert [found(p) for p in pages] == [[B], [A], []]
    assert {p["num-found"] for p in pages} == {2}


async def test_search_refuses_too_many_rows_and_unknown_fields(client: httpx.AsyncClient) -> None:
    rows = await client.get("/v3.0/search", params={"q": "*:*", "rows": "1001"}, headers=JSON)
    assert rows.status_code == 401  # the member API wants a token first
    rows = await client.get(
        "/public/v3.0/search", params={"q": "*:*", "rows": "1001"}, headers=JSON
    )
    assert (rows.status_code, rows.json()["error-code"]) == (400, 9012)
    start = await client.get(
        "/public/v3.0/search", params={"q": "*:*", "start": "10001"}, headers=JSON
    )
    assert (start.status_code, start.json()["error-code"]) == (400, 9043)
    field = await client.get("/public/v3.0/search", params={"q": "keyword:x"}, headers=JSON)
    assert field.status_code == 400
    assert "keyword" in field.json()["developer-message"]
