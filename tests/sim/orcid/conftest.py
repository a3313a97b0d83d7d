"""Fixtures: a fresh hand-built institution (orcid_world.py) and httpx clients on fresh apps,
through ASGITransport so a test needs no server and no network."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from orcid_world import START, FakeClock, build_institution

from sim.model import Institution
from sim.orcid import create_orcid_app


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def institution() -> Institution:
    return build_institution()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def make_client(
    institution: Institution, clock: FakeClock
) -> AsyncIterator[Callable[..., httpx.AsyncClient]]:
    """A client on a fresh app; a queued request's wait advances the fake clock instead of
    sleeping, so tests are fast and never trip the rate limit by accident."""
    clients: list[httpx.AsyncClient] = []

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    def make(**options: Any) -> httpx.AsyncClient:
        app = create_orcid_app(institution, **({"clock": clock, "sleep": sleep} | options))
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://orcid")
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def client(make_client: Callable[..., httpx.AsyncClient]) -> httpx.AsyncClient:
    return make_client()
