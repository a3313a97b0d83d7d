"""What every API request passes before a route sees it, in ORCID's order: nginx's rate limit
and the public API's daily quota, content negotiation, then the bearer token.

Content negotiation is stricter than ORCID on purpose: ORCID answers a missing or wildcard
`Accept` with XML, which this simulator does not produce, so it answers 406 and the client
that forgot to ask for JSON finds out here rather than against the real registry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request

from sim.orcid import errors
from sim.orcid.access import Api, Caller
from sim.orcid.context import Sim
from sim.orcid.errors import OrcidApiError, PlainTextError
from sim.orcid.oauth import bearer, resolve_caller

JSON_TYPES = ("application/vnd.orcid+json", "application/orcid+json", "application/json")
BURST_TEXT = "503 Service Temporarily Unavailable: the request rate exceeded the burst queue."
QUOTA_TEXT = (
    "Too Many Requests. You have exceeded the daily quota for anonymous usage of this API. "
    "You can increase your daily quota by registering for and using Public API client "
    "credentials (https://info.orcid.org/documentation/integration-guide/registering-a-public-api-client/)"
)


def negotiate(accept: str) -> str:
    """The JSON type the client prefers most, answered with the same name as ORCID does."""
    best: tuple[float, str] | None = None
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media.lower() in JSON_TYPES and quality > 0 and (best is None or quality > best[0]):
            best = (quality, media.lower())
    if best is None:
        raise OrcidApiError(errors.not_acceptable(accept))
    return f"{best[1]};charset=UTF-8"


def gate(sim: Sim, api: Api) -> Callable[[Request], Awaitable[Caller]]:
    counters = sim.state.counters

    async def admit(request: Request) -> Caller:
        ip = request.client.host if request.client else "unknown"
        counters[f"{api}.requests"] += 1
        delay = sim.throttles[api].admit(ip)
        if delay is None:
            counters[f"{api}.rejected_503"] += 1
            raise PlainTextError(503, BURST_TEXT)
        if delay > 0:
            counters[f"{api}.delayed"] += 1
            await sim.sleep(delay)
        token = bearer(request)
        if api == "public" and token is None and not sim.anonymous_quota.take(ip):
            counters["public.rejected_429"] += 1
            raise PlainTextError(429, QUOTA_TEXT)
        counters[f"{api}.served"] += 1
        request.state.media_type = negotiate(request.headers.get("accept", ""))
        return resolve_caller(sim, api, token, ip)

    return admit
