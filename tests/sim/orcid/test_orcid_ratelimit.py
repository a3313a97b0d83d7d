"""ORCID's rate limit (24/s, burst queue 40, then 503) and the anonymous daily quota (429)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from orcid_world import JSON, START, TOKEN_A, A, FakeClock, bearer, build_institution

from sim.orcid import create_orcid_app

pytestmark = pytest.mark.anyio


async def test_concurrent_requests_beyond_the_burst_get_503() -> None:
    # Real clock and real sleeping: 30 requests at once against 100/s with a queue of 5.
    app = create_orcid_app(build_institution(), rate=100.0, burst=5)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://o") as c:
        responses = await asyncio.gather(
            *(c.get(f"/v3.0/{A}/works", headers=bearer(TOKEN_A)) for _ in range(30))
        )
        statuses = [r.status_code for r in responses]
        stats = (await c.get("/__sim/stats")).json()["member"]
    assert 6 <= statuses.count(200) < 30
    assert statuses.count(503) == 30 - statuses.count(200)
    assert stats["rejected_503"] == statuses.count(503)
    assert stats["delayed"] >= 5


async def test_requests_over_the_rate_are_queued_up_to_the_burst() -> None:
    clock = FakeClock(START)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    app = create_orcid_app(build_institution(), clock=clock, sleep=sleep)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://o") as c:
        statuses = [
            (await c.get(f"/v3.0/{A}/works", headers=bearer(TOKEN_A))).status_code
            for _ in range(42)
        ]
        assert statuses == [200] * 41 + [503]
        assert waits[-1] == pytest.approx(40 / 24)
        clock.advance(1.0)  # a second drains 24 places from the queue
        refill = [
            (await c.get(f"/v3.0/{A}/works", headers=bearer(TOKEN_A))).status_code
            for _ in range(25)
        ]
    assert refill == [200] * 24 + [503]


async def test_anonymous_public_calls_over_the_daily_quota_get_429(
    make_client: Callable[..., httpx.AsyncClient], clock: FakeClock
) -> None:
    client = make_client(anonymous_daily_quota=3)
    statuses = [
        (await client.get(f"/public/v3.0/{A}/works", headers=JSON)).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    refused = await client.get(f"/public/v3.0/{A}/works", headers=JSON)
    assert refused.headers["content-type"].startswith("text/plain")
    assert "daily quota" in refused.text
    with_token = await client.get(f"/public/v3.0/{A}/works", headers=bearer(TOKEN_A))
    assert with_token.status_code == 200
    clock.advance(86_400)
    assert (await client.get(f"/public/v3.0/{A}/works", headers=JSON)).status_code == 200
    assert (await client.get("/__sim/stats")).json()["public"]["rejected_429"] == 2


async def test_reset_clears_counters_and_written_works(client: httpx.AsyncClient) -> None:
    body = {
        "title": {"title": {"value": "T"}},
        "type": "other",
        "external-ids": {
            "external-id": [
                {
                    "external-id-type": "other-id",
                    "external-id-value": "x-1",
                    "external-id-relationship": "self",
                }
            ]
        },
    }
    created = await client.post(f"/v3.0/{A}/work", json=body, headers=bearer(TOKEN_A))
    stats = (await client.get("/__sim/stats")).json()
    assert (stats["member"]["served"], stats["works"]["created"]) == (1, 1)
    assert (await client.post("/__sim/reset")).status_code == 204
    stats = (await client.get("/__sim/stats")).json()
    assert (stats["member"]["served"], stats["works"]["created"]) == (0, 0)
    gone = await client.get(created.headers["location"], headers=bearer(TOKEN_A))
    assert gone.status_code == 404
