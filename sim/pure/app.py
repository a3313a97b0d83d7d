"""The Pure simulator: one FastAPI app serving both API generations from one state.

Like a real Pure instance, `/ws/api/524/...` is the read-only Web Service 5.24 and `/ws/api/...`
the read/write Pure API, both over the same records. `/__sim/stats` sits outside `/ws` so no
client of the real APIs can reach it by accident.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError

from sim.faults import FaultProfile
from sim.model import Institution
from sim.pure import routes_api, routes_ws524
from sim.pure.churn import churn
from sim.pure.errors import (
    ApiProblem,
    WsError,
    api_problem_response,
    bad_request_response,
    ws_error_response,
)
from sim.pure.paging import BadPaging
from sim.pure.queries import BadQuery
from sim.pure.state import Clock, PureState


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_pure_app(
    institution: Institution,
    faults: FaultProfile | None = None,
    *,
    clock: Clock = _now,
    timezone: str = "Europe/Amsterdam",
) -> FastAPI:
    """`clock` stamps changes made while serving (writes, mutations); tests pin it.
    `timezone` is the instance's local zone, in which Pure prints every timestamp."""
    app = FastAPI(title=f"Pure simulator: {institution.name}", openapi_url=None, docs_url=None)
    state = PureState(institution, faults, clock, ZoneInfo(timezone))
    app.state.pure = state
    app.add_exception_handler(WsError, ws_error_response)
    app.add_exception_handler(ApiProblem, api_problem_response)
    for bad_request in (RequestValidationError, BadPaging, BadQuery):
        app.add_exception_handler(bad_request, bad_request_response)
    app.include_router(routes_ws524.router)
    app.include_router(routes_api.router)

    @app.middleware("http")
    async def count_requests(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", None) or "(no route)"
        state.count(f"{request.method} {path} {response.status_code}")
        return response

    @app.post("/__sim/churn")
    def apply_churn(share: float = 0.02, seed: int = 0) -> dict[str, int]:
        """Change `share` of the research outputs (see `sim.pure.churn`)."""
        return dict(churn(state, share, seed))

    @app.get("/__sim/stats")
    def stats() -> dict[str, object]:
        """Request counts by route and status, and what `mutate_while_paging` changed."""
        requests = dict(sorted(state.requests.items()))
        return {
            "requests": requests,
            "total": sum(requests.values()),
            "outputs": len(state.outputs()),
            "mutations": {
                "added": list(state.mutations.added),
                "removed": list(state.mutations.removed),
            },
        }

    return app
