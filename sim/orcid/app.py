"""The ORCID simulator as one ASGI app: public API, member API, token endpoint and the counters
the benchmarks read. The URL layout is described in the package docstring (`sim/orcid/__init__.py`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from sim.faults import FaultProfile
from sim.model import Institution, OrcidVisibility
from sim.orcid import errors
from sim.orcid.churn import churn
from sim.orcid.context import Sim
from sim.orcid.errors import ApiFailure, OrcidApiError
from sim.orcid.oauth import token_router
from sim.orcid.ratelimit import DailyQuota, Throttle
from sim.orcid.reads import reads_router
from sim.orcid.state import OrcidState
from sim.orcid.writes import writes_router

ANONYMOUS_DAILY_QUOTA = 100_000
"""Reads per IP per day without a token, from ORCID's English FAQ (§1.6); ORCID's code default
is 10,000, so tests and benchmarks pass their own figure."""


def create_orcid_app(
    institution: Institution,
    faults: FaultProfile | None = None,
    *,
    rate: float = 24.0,
    burst: int = 40,
    public_rate: float = 12.0,
    public_burst: int = 40,
    anonymous_daily_quota: int = ANONYMOUS_DAILY_QUOTA,
    default_visibility: Mapping[str, OrcidVisibility] | None = None,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> FastAPI:
    """Serve `institution` as ORCID would.

    `default_visibility` maps an iD to the researcher's default for new works (ORCID ignores the
    visibility a client sends); iDs not in it default to public. `clock` (epoch seconds) drives
    token expiry, write timestamps, the rate limits and the daily quota; `sleep` is how a queued
    request waits for its slot.
    """
    sim = Sim(
        state=OrcidState(institution),
        faults=faults or FaultProfile("none", "Well-behaved servers."),
        clock=clock,
        sleep=sleep,
        throttles={
            "member": Throttle(rate, burst, clock),
            "public": Throttle(public_rate, public_burst, clock),
        },
        anonymous_quota=DailyQuota(anonymous_daily_quota, clock),
        default_visibility=default_visibility or {},
    )
    app = FastAPI(title="ORCID v3.0 simulator", openapi_url=None, docs_url=None, redoc_url=None)
    app.state.sim = sim

    @app.exception_handler(ApiFailure)
    async def answer(_: Request, failure: ApiFailure) -> Response:
        return failure.response()

    @app.exception_handler(HTTPException)
    async def unrouted(_: Request, exc: HTTPException) -> Response:
        phrase = HTTPStatus(exc.status_code).phrase
        return OrcidApiError(
            errors.unrouted(exc.status_code, f"HTTP {exc.status_code} {phrase}")
        ).response()

    app.include_router(token_router(sim))
    app.include_router(reads_router(sim, "public"), prefix="/public/v3.0")
    app.include_router(reads_router(sim, "member"), prefix="/v3.0")
    app.include_router(writes_router(sim), prefix="/v3.0")

    @app.get("/__sim/stats")
    async def stats() -> JSONResponse:
        return JSONResponse(_stats(sim))

    @app.post("/__sim/churn")
    async def apply_churn(share: float = 0.02, seed: int = 0) -> JSONResponse:
        return JSONResponse(dict(churn(sim.state, share, sim.now(), seed)))

    @app.post("/__sim/reset")
    async def reset() -> Response:
        sim.reset()
        return Response(status_code=204)

    return app


def _stats(sim: Sim) -> dict[str, object]:
    counters = sim.state.counters
    return {
        api: {
            name: counters[f"{api}.{name}"]
            for name in ("requests", "served", "delayed", "rejected_503", "rejected_429")
        }
        for api in ("member", "public")
    } | {
        "tokens_issued": counters["tokens_issued"],
        "works": {
            name: counters[f"works_{name}"]
            for name in ("created", "updated", "deleted", "posts", "puts")
        },
        "hidden_records": len(sim.hidden_records),
    }
