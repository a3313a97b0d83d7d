"""Each transport fault as the pipeline's httpx client meets it: over real HTTP through uvicorn."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from sim.faults import FaultProfile, fault_profile
from sim.middleware import (
    ORCID_EXEMPT_PREFIXES,
    RETRY_AFTER_SECONDS,
    FaultMiddleware,
    orcid_error_page,
    pure_error_page,
)
from sim.serve import serving

CALM = FaultProfile("calm", "test profile: no faults")
WORKS = {"group": [{"work-summary": [{"put-code": n, "title": "x" * 40}]} for n in range(50)]}


class Upstream:
    """A tiny app that counts the requests that reach it, to tell injected answers from its own."""

    def __init__(self) -> None:
        self.hits = 0
        self.writes: list[bytes] = []
        self.app = Starlette(
            routes=[
                Route("/works", self.works),
                Route("/text", self.text),
                Route("/work", self.create, methods=["POST"]),
                Route("/work/1", self.delete, methods=["DELETE"]),
                Route("/__sim/state", self.works),
                Route("/oauth/token", self.works, methods=["POST"]),
            ]
        )

    async def works(self, request: Request) -> Response:
        self.hits += 1
        return JSONResponse(WORKS, media_type="application/vnd.orcid+json")

    async def text(self, request: Request) -> Response:
        self.hits += 1
        return PlainTextResponse("plain words")

    async def create(self, request: Request) -> Response:
        self.hits += 1
        self.writes.append(await request.body())
        return Response(status_code=201, headers={"location": "/work/1"})

    async def delete(self, request: Request) -> Response:
        self.hits += 1
        return Response(status_code=204)


@pytest.fixture
def upstream() -> Upstream:
    return Upstream()


@contextmanager
def served(upstream: Upstream, profile: FaultProfile, **options: object) -> Iterator[httpx.Client]:
    middleware = FaultMiddleware(upstream.app, profile, seed=7, **options)  # type: ignore[arg-type]
    with serving(middleware) as url, httpx.Client(base_url=url, timeout=5) as client:
        yield client


@pytest.mark.parametrize("profile", [fault_profile("none"), CALM])
def test_rates_of_zero_change_nothing(upstream: Upstream, profile: FaultProfile) -> None:
    with served(upstream, profile) as client:
        works = client.get("/works")
        assert works.status_code == 200
        assert works.headers["content-type"] == "application/vnd.orcid+json"
        assert works.json() == WORKS
        assert client.get("/text").text == "plain words"
        created = client.post("/work", content=b"<work/>")
        assert (created.status_code, created.headers["location"]) == (201, "/work/1")
        assert client.delete("/work/1").status_code == 204
    assert upstream.hits == 4


def test_server_errors_answer_before_the_app(upstream: Upstream) -> None:
    always = replace(CALM, server_error_rate=1.0)
    with served(upstream, always, error_page=orcid_error_page) as client:
        answers = [client.get("/works", params={"page": n}) for n in range(60)]
        # Unread request bodies must not break the kept-alive connection for the next request.
        answers += [client.post("/work", content=b"<work/>" * 100) for _ in range(5)]
    assert upstream.hits == 0
    assert {answer.status_code for answer in answers} == {500, 502, 503}
    unavailable = [answer for answer in answers if answer.status_code == 503]
    retry_after = {answer.headers.get("retry-after") for answer in unavailable}
    assert retry_after == {None, str(RETRY_AFTER_SECONDS)}, "only some 503s say when to retry"
    for answer in answers:
        if answer.status_code == 500:
            assert answer.json()["error-code"] == 9008
        else:
            assert "<center>nginx</center>" in answer.text


def test_error_pages_follow_each_server() -> None:
    content_type, body = pure_error_page(500, "/ws/api/524/research-outputs")
    assert content_type == "application/json"
    assert json.loads(body)["code"] == 500
    content_type, body = pure_error_page(500, "/ws/api/research-outputs/search")
    assert content_type == "application/problem+json"
    assert json.loads(body)["status"] == 500
    content_type, body = orcid_error_page(503, "/v3.0/0000-0002-1825-0097/works")
    assert content_type == "text/html"
    assert b"503 Service Temporarily Unavailable" in body


def test_slow_answers_are_late_but_whole(upstream: Upstream) -> None:
    slow = replace(CALM, slow_rate=1.0, slow_seconds=0.3)
    with served(upstream, slow) as client:
        began = time.perf_counter()
        works = client.get("/works")
        assert time.perf_counter() - began >= 0.3
    assert works.json() == WORKS


def test_dropped_connections_are_transport_errors(
    upstream: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    dropping = replace(CALM, drop_rate=1.0)
    with caplog.at_level(logging.INFO), served(upstream, dropping) as client:
        for n in range(10):
            with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
                client.get("/works", params={"page": n})
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            client.post("/work", content=b"<work/>")
        # A 204 is complete once its headers arrive: the proxy's 502 stands in for the cut.
        assert client.delete("/work/1").status_code == 502
    assert upstream.writes == [b"<work/>"], "the write happened; only its answer was lost"
    assert "without completing response" not in caplog.text


def test_malformed_json_does_not_parse(upstream: Upstream) -> None:
    broken = replace(CALM, malformed_rate=1.0)
    with served(upstream, broken) as client:
        answers = [client.get("/works", params={"page": n}) for n in range(20)]
        text = client.get("/text")
    for answer in answers:
        assert answer.status_code == 200
        assert int(answer.headers["content-length"]) == len(answer.content)
        with pytest.raises(ValueError):  # noqa: PT011 - JSONDecodeError or UnicodeDecodeError
            json.loads(answer.content)
    assert text.text == "plain words", "only JSON answers are spoiled"


def test_control_paths_and_token_endpoint_are_spared(upstream: Upstream) -> None:
    hostile = replace(CALM, server_error_rate=1.0, drop_rate=1.0, malformed_rate=1.0)
    with served(upstream, hostile, exempt_prefixes=ORCID_EXEMPT_PREFIXES) as client:
        assert client.get("/__sim/state").json() == WORKS
        assert client.post("/oauth/token").json() == WORKS
        assert client.get("/works").status_code >= 500


def outcomes(profile: FaultProfile, seed: int, paths: list[str]) -> list[int]:
    """In process: the draws are the middleware's alone, so a socket would add only time."""
    middleware = FaultMiddleware(Upstream().app, profile, seed=seed)

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=middleware)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
            return [(await client.get(path)).status_code for path in paths]

    return asyncio.run(run())


def test_faults_are_deterministic_per_seed() -> None:
    coin = replace(CALM, server_error_rate=0.5)
    paths = [f"/works?page={n % 20}" for n in range(100)]
    first = outcomes(coin, 1, paths)
    assert first == outcomes(coin, 1, paths)
    assert first != outcomes(coin, 2, paths)
    assert 20 < first.count(200) < 80


def test_faults_do_not_depend_on_interleaving() -> None:
    """Each request's draw depends on its own history only, not on what other requests did."""
    coin = replace(CALM, server_error_rate=0.5)
    alone = outcomes(coin, 3, ["/works?page=1"] * 10)
    mixed = outcomes(coin, 3, [f"/works?page={n}" for n in (1, 2) * 10])
    assert alone == mixed[::2]
