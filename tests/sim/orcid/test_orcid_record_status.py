"""Deprecated, deactivated, unknown and fault-hidden records answer as ORCID's checkProfile does."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from orcid_world import JSON, TOKEN_A, A, D, X, bearer

from sim.faults import FaultProfile

pytestmark = pytest.mark.anyio


async def test_deprecated_id_redirects_reads_to_the_primary(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/public/v3.0/{D}/works?x=1", headers=JSON)
    assert response.status_code == 301
    assert response.headers["location"] == f"http://orcid/public/v3.0/{A}/works?x=1"
    body = response.json()
    assert body["error-code"] == 9007
    assert f"https://orcid.org/{A}" in body["developer-message"]


async def test_deprecated_id_refuses_writes_with_409(client: httpx.AsyncClient) -> None:
    response = await client.delete(f"/v3.0/{D}/work/1", headers=bearer(TOKEN_A))
    assert (response.status_code, response.json()["error-code"]) == (409, 9007)


async def test_deactivated_record_is_a_409_9044(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/public/v3.0/{X}/record", headers=JSON)
    assert (response.status_code, response.json()["error-code"]) == (409, 9044)


async def test_unknown_or_malformed_id_is_a_404(client: httpx.AsyncClient) -> None:
    for orcid in ("0000-0001-5000-0007", "not-an-orcid"):
        response = await client.get(f"/public/v3.0/{orcid}/works", headers=JSON)
        assert (response.status_code, response.json()["error-code"]) == (404, 9016)


async def test_hidden_share_of_records_answers_with_no_works(
    make_client: Callable[..., httpx.AsyncClient],
) -> None:
    client = make_client(faults=FaultProfile("all", "test", hide_orcid_record_share=1.0))
    works = (await client.get(f"/public/v3.0/{A}/works", headers=JSON)).json()
    assert works["group"] == []
    record = (await client.get(f"/public/v3.0/{A}/record", headers=JSON)).json()
    assert record["activities-summary"]["works"]["group"] == []
    bulk = (await client.get(f"/public/v3.0/{A}/works/101", headers=JSON)).json()
    assert bulk["bulk"][0]["error"]["error-code"] == 9034


async def test_hidden_share_is_that_share_of_the_records(
    make_client: Callable[..., httpx.AsyncClient],
) -> None:
    client = make_client(faults=FaultProfile("half", "test", hide_orcid_record_share=0.5))
    assert (await client.get("/__sim/stats")).json()["hidden_records"] == 2
