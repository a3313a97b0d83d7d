"""Transport-level faults for any ASGI app: what a long night between pipeline and server brings.

`FaultMiddleware` wraps a simulator and, for a share of requests set by a `FaultProfile`, answers
with a 5xx before the app is reached, delays the answer, cuts the connection part-way through the
response, or breaks the JSON body. It is a pure ASGI middleware rather than Starlette's
`BaseHTTPMiddleware` because a cut connection must reach the client as a transport error: only
raw `http.response.*` messages can promise a `Content-Length` and then stop sending.

Each request's faults are drawn from `random.Random` seeded with the run's seed, the method, the
path with query and how many times that same request has been seen before. The same run therefore
meets the same faults whatever the interleaving of concurrent requests, and a retry of a failed
request draws afresh (it is the next occurrence), as a retry against a real server would.

Never faulted:

- the simulators' control paths (`/__sim/...`): the tests and the benchmark harness drive the
  simulators through them and must not be disturbed by the weather they set;
- by default the ORCID OAuth token endpoint (`/oauth/...`, see `ORCID_EXEMPT_PREFIXES`): the
  pipeline asks for its 20-year `/read-public` token once per run, so a fault there tests nothing
  but the run's first second while turning every faulty profile into a coin toss on whether a
  run gets going at all. The faults are meant for the thousands of reads and writes after it.

A 500 is worded as the server itself words it (`orcid_error_page`, `pure_error_page`); a 502 or
503 is the nginx page of the proxy in front of it, and half the 503s carry `Retry-After`, so
clients are tested both with and without the hint. A delay can come on top of any other fault.

A response that can carry no body (HEAD, 1xx, 204, 304) cannot be cut, because the client knows
it is complete once the headers arrive; its drop is sent as the 502 a proxy in front of the
server answers when its upstream closes the connection.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sim.faults import FaultProfile
from sim.orcid.errors import JSON_UTF8, OrcidError
from sim.pure.errors import PROBLEM_JSON, WS_PREFIX, ApiProblem, WsError

ErrorPage = Callable[[int, str], tuple[str, bytes]]
"""Renders an injected server error: (status, request path) -> (content type, body)."""

SIM_CONTROL_PREFIX = "/__sim/"
ORCID_EXEMPT_PREFIXES: tuple[str, ...] = (SIM_CONTROL_PREFIX, "/oauth/")
RETRY_AFTER_SECONDS = 1
"""Short, so that clients honouring it keep the tests fast; real servers may say minutes."""

_ERROR_STATUSES = (500, 502, 503, 503)
"""503 twice: ORCID's burst queue answers 503, so it is the 5xx a client meets most often."""

_NGINX_PAGE = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_REASONS = {502: "Bad Gateway", 503: "Service Temporarily Unavailable"}

_PURE_500_TEXT = "An unexpected error occurred while processing the request."

_JUNK = b"\x00<!-- upstream -->"
"""A NUL is never valid JSON, inside a string or out."""

_cutting_connection: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "sim_cutting_connection", default=False
)
"""Set while a request's connection is being cut on purpose, so its log line can be told apart.

uvicorn awaits the app in the request's own task and logs "ASGI callable returned without
completing response." in that task right after, so a context variable set inside the app is
still visible to the logging filter."""


def _proxy_page(status: int) -> tuple[str, bytes]:
    """502 and 503 come from the reverse proxy in front of both real services, not the app."""
    page = _NGINX_PAGE.format(status=status, reason=_REASONS[status])
    return "text/html", page.encode()


def generic_error_page(status: int, path: str) -> tuple[str, bytes]:
    if status == 500:
        return "text/plain; charset=utf-8", b"Internal Server Error"
    return _proxy_page(status)


def orcid_error_page(status: int, path: str) -> tuple[str, bytes]:
    """ORCID's own v3.0 error body for a 500 (error-code 9008), so clients parse it as real."""
    if status != 500:
        return _proxy_page(status)
    error = OrcidError(
        500,
        9008,
        "500 Internal Server Error: an unexpected error occurred.",
        "Something went wrong in ORCID.",
    )
    return JSON_UTF8, json.dumps(error.body()).encode()


def pure_error_page(status: int, path: str) -> tuple[str, bytes]:
    """A 500 as each Pure generation writes it: WS 5.24 `WSErrorResult`, Pure API ProblemDetails."""
    if status != 500:
        return _proxy_page(status)
    title, detail = "Internal Server Error", _PURE_500_TEXT
    if path.startswith(f"{WS_PREFIX}/"):
        return "application/json", json.dumps(WsError(500, title, detail).body()).encode()
    return PROBLEM_JSON, json.dumps(ApiProblem(500, title, detail).body(path)).encode()


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything random about one request, drawn up front so the draws do not depend on timing."""

    delay: float
    error_status: int | None
    retry_after: bool
    drop: bool
    malformed: bool
    cut: float
    """Where in the body a drop or truncation cuts, as a share of its length."""
    truncate: bool
    """For a malformed body: truncate it (else overwrite a stretch in the middle with junk)."""


class FaultMiddleware:
    """Applies a profile's transport faults to `app`; rates of zero leave all requests untouched."""

    def __init__(
        self,
        app: ASGIApp,
        profile: FaultProfile,
        *,
        seed: int = 0,
        error_page: ErrorPage = generic_error_page,
        exempt_prefixes: Sequence[str] = (SIM_CONTROL_PREFIX,),
    ) -> None:
        self.app = app
        self.profile = profile
        self.seed = seed
        self.error_page = error_page
        self.exempt_prefixes = tuple(exempt_prefixes)
        self.injected: Counter[str] = Counter()
        """Faults injected so far, by kind: "server_error", "slow", "drop", "malformed"."""
        self._seen: Counter[str] = Counter()

    @property
    def _active(self) -> bool:
        profile = self.profile
        return any(
            rate > 0
            for rate in (
                profile.server_error_rate,
                profile.slow_rate,
                profile.drop_rate,
                profile.malformed_rate,
            )
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not self._active
            or scope["type"] != "http"
            or scope["path"].startswith(self.exempt_prefixes)
        ):
            await self.app(scope, receive, send)
            return
        plan = self._plan(scope)
        if plan.delay:
            self.injected["slow"] += 1
            await asyncio.sleep(plan.delay)
        if plan.error_status is not None:
            self.injected["server_error"] += 1
            await self._send_error(scope, send, plan.error_status, retry_after=plan.retry_after)
        elif plan.drop or plan.malformed:
            await self._send_faulty(scope, receive, send, plan)
        else:
            await self.app(scope, receive, send)

    def _plan(self, scope: Scope) -> _Plan:
        query = scope.get("query_string", b"").decode("latin-1")
        key = f"{scope['method']} {scope['path']}?{query}"
        occurrence = self._seen[key]
        self._seen[key] += 1
        rng = random.Random(f"{self.seed}|{key}|{occurrence}")  # noqa: S311 - not for secrets
        profile = self.profile
        slow, error, drop, malformed = (rng.random() for _ in range(4))
        return _Plan(
            delay=profile.slow_seconds if slow < profile.slow_rate else 0.0,
            error_status=rng.choice(_ERROR_STATUSES) if error < profile.server_error_rate else None,
            retry_after=rng.random() < 0.5,
            drop=drop < profile.drop_rate,
            malformed=malformed < profile.malformed_rate,
            cut=rng.random(),
            truncate=rng.random() < 0.5,
        )

    async def _send_error(
        self, scope: Scope, send: Send, status: int, *, retry_after: bool
    ) -> None:
        content_type, body = self.error_page(status, scope["path"])
        headers = [
            (b"content-type", content_type.encode("latin-1")),
            (b"content-length", str(len(body)).encode()),
        ]
        if status == 503 and retry_after:
            headers.append((b"retry-after", str(RETRY_AFTER_SECONDS).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _send_faulty(self, scope: Scope, receive: Receive, send: Send, plan: _Plan) -> None:
        """Runs the app to completion first (a write still happens), then spoils its response."""
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        headers: list[tuple[bytes, bytes]] = list(start.get("headers", []))
        if plan.drop:
            self.injected["drop"] += 1
            await self._cut(scope, send, start["status"], headers, body, plan)
            return
        if _is_json(headers):
            self.injected["malformed"] += 1
            body = _spoil_json(body, plan)
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _cut(
        self,
        scope: Scope,
        send: Send,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        plan: _Plan,
    ) -> None:
        if scope["method"] == "HEAD" or status < 200 or status in (204, 304):
            await self._send_error(scope, send, 502, retry_after=False)
            return
        if not body:
            # An empty body with "Content-Length: 0" is complete; without it, uvicorn frames the
            # response as chunked and the close before the last chunk leaves it incomplete.
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send(
            {
                "type": "http.response.body",
                "body": body[: int(len(body) * plan.cut)],
                "more_body": True,
            }
        )
        _cutting_connection.set(True)


def _is_json(headers: list[tuple[bytes, bytes]]) -> bool:
    """JSON in any of the media types the servers use, and only if sent uncompressed."""
    values = {k.lower(): v.lower() for k, v in headers}
    return b"json" in values.get(b"content-type", b"") and b"content-encoding" not in values


def _spoil_json(body: bytes, plan: _Plan) -> bytes:
    """Truncated or garbled so that `json.loads` fails; the check catches a prefix that parses."""
    if plan.truncate:
        spoiled = body[: int(len(body) * plan.cut)]
    else:
        middle = int(len(body) * plan.cut)
        spoiled = body[:middle] + _JUNK + body[middle + len(_JUNK) :]
    try:
        json.loads(spoiled)
    except ValueError:
        return spoiled
    return spoiled + b"<"


class CutConnectionLogFilter(logging.Filter):
    """Drops uvicorn's error line for connections the middleware cut on purpose, and only those.

    Attach it to the "uvicorn.error" logger while the simulators run, so a faulty profile does not
    fill the console with errors that are the point of the exercise.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            _cutting_connection.get()
            and record.getMessage() == "ASGI callable returned without completing response."
        )
