"""Bulk reads: at most 100 put-codes, and per-item errors rather than a failed call."""

from __future__ import annotations

import httpx
import pytest
from orcid_world import TOKEN_A, A, bearer

pytestmark = pytest.mark.anyio


async def test_101_put_codes_are_refused_with_9042(client: httpx.AsyncClient) -> None:
    codes = ",".join(str(1000 + i) for i in range(101))
    response = await client.get(f"/v3.0/{A}/works/{codes}", headers=bearer(TOKEN_A))
    assert response.status_code == 400
    body = response.json()
    assert body["error-code"] == 9042
    assert "maximum is 100" in body["developer-message"]


async def test_100_put_codes_are_answered_item_by_item(client: httpx.AsyncClient) -> None:
    codes = ",".join(["101", "102"] + [str(5000 + i) for i in range(98)])
    response = await client.get(f"/v3.0/{A}/works/{codes}", headers=bearer(TOKEN_A))
    assert response.status_code == 200
    bulk = response.json()["bulk"]
    assert len(bulk) == 100
    assert [item["work"]["put-code"] for item in bulk[:2]] == [101, 102]
    assert bulk[2]["error"]["error-code"] == 9034
    assert "'5000' is not a valid put code" in bulk[2]["error"]["developer-message"]


async def test_a_put_code_that_is_not_a_number_fails_the_call(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/v3.0/{A}/works/101,abc", headers=bearer(TOKEN_A))
    assert (response.status_code, response.json()["error-code"]) == (400, 9006)
