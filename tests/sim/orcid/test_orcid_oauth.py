"""Tokens: client credentials, refresh, and the 401s a pipeline must handle."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from orcid_world import (
    JSON,
    PURE,
    TOKEN_A,
    TOKEN_EXPIRED,
    TOKEN_REVOKED,
    A,
    bearer,
)

from sim.faults import FaultProfile
from sim.model import Institution
from sim.orcid import create_orcid_app

pytestmark = pytest.mark.anyio


def credentials(**extra: str) -> dict[str, str]:
    return {"client_id": PURE.client_id, "client_secret": PURE.client_secret} | extra


async def test_client_credentials_give_a_read_public_token_in_orcids_shape(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/oauth/token",
        data=credentials(grant_type="client_credentials", scope="/read-public"),
    )
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [
        "access_token",
        "token_type",
        "refresh_token",
        "expires_in",
        "scope",
        "orcid",
    ]
    assert (body["token_type"], body["scope"], body["orcid"]) == ("bearer", "/read-public", None)
    assert body["expires_in"] == 631138518
    works = await client.get(f"/v3.0/{A}/works", headers=bearer(body["access_token"]))
    assert works.status_code == 200


async def test_wrong_secret_is_an_invalid_client(client: httpx.AsyncClient) -> None:
    data = credentials(grant_type="client_credentials") | {"client_secret": "wrong"}
    response = await client.post("/oauth/token", data=data)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_revoked_and_expired_tokens_are_401_invalid_token(
    client: httpx.AsyncClient,
) -> None:
    for token, text in ((TOKEN_REVOKED, "Invalid access token"), (TOKEN_EXPIRED, "expired")):
        response = await client.get(f"/v3.0/{A}/works", headers=bearer(token))
        assert response.status_code == 401
        body = response.json()
        assert body["error"] == "invalid_token"
        assert text in body["error_description"]


async def test_member_api_without_a_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/v3.0/{A}/works", headers=JSON)
    assert response.status_code == 401


async def test_an_expired_token_is_renewed_with_its_refresh_token(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/oauth/token",
        data=credentials(grant_type="refresh_token", refresh_token="refresh-expired"),
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["orcid"], body["name"], body["scope"]) == (A, "Ada Lovelace", "/read-limited")
    works = await client.get(f"/v3.0/{A}/works", headers=bearer(body["access_token"]))
    assert works.status_code == 200


async def test_refresh_with_revoke_old_retires_the_old_token(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/oauth/token",
        data=credentials(grant_type="refresh_token", refresh_token="refresh-a", revoke_old="true"),
    )
    assert response.status_code == 200
    old = await client.get(f"/v3.0/{A}/works", headers=bearer(TOKEN_A))
    assert old.status_code == 401


async def test_token_fault_breaks_tokens_after_the_threshold(
    make_client: Callable[..., httpx.AsyncClient], institution: Institution
) -> None:
    faults = FaultProfile("tokens", "test", revoke_token_share=1.0, revoke_after_requests=3)
    client = make_client(faults=faults)
    usable = [t.access_token for t in institution.tokens if t.access_token.endswith("update")]
    for _ in range(3):
        response = await client.get(f"/v3.0/{A}/works", headers=bearer(TOKEN_A))
        assert response.status_code == 200
    failures = [
        (await client.get(f"/v3.0/{A}/works", headers=bearer(token))).json()["error"]
        for token in usable
    ]
    assert failures == ["invalid_token"] * len(usable)


async def test_tokens_a_fault_broke_work_again_once_the_faults_are_lifted(
    institution: Institution,
) -> None:
    """The storm is over: a fault's revocation was the simulator's weather, not the
    researcher's, so the token is as it was before (tests/flows/test_storm.py heals by it)."""
    faults = FaultProfile("tokens", "test", revoke_token_share=1.0, revoke_after_requests=0)
    app = create_orcid_app(institution, faults=faults)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://orcid"
    ) as client:
        broken = await client.get(f"/v3.0/{A}/works", headers=bearer(TOKEN_A))
        assert broken.status_code == 401
        app.state.sim.set_faults(FaultProfile("none", "calm"))
        mended = await client.get(f"/v3.0/{A}/works", headers=bearer(TOKEN_A))
        assert mended.status_code == 200
