"""Retries with exponential backoff and full jitter, honouring Retry-After.

Only failures that another attempt can cure are retried: 5xx answers, timeouts, dropped
connections and bodies cut short. Everything else is the caller's to interpret. Each failed
attempt can be kept (`failures`), so that a run lists in `ops` every request that failed and
why, not only the few that failed for good.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from pipeline.sources.http.pacing import Pacer

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Full jitter (AWS architecture blog, "Exponential Backoff And Jitter")."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


@dataclass(frozen=True, slots=True)
class Reply:
    """A complete answer: status, headers, body, and the body decoded when it is JSON (once,
    here, since a body that does not decode is a failed attempt anyway)."""

    status_code: int
    headers: httpx.Headers
    content: bytes
    data: Any

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class FailedRequest:
    """One attempt at a request that failed, as `ops.request_failures` lists it."""

    request: str
    """Method and path, as `what` names it: never a secret."""
    attempt: int
    """From 1."""
    reason: str
    retried: bool
    """Whether it was sent again (else this was the last attempt, or nothing could cure it)."""


class RetriesExhausted(RuntimeError):
    """Every attempt failed with a retryable error; the message says the last one."""


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time())


async def send_with_retries(
    send: Callable[[], Awaitable[httpx.Response]],
    *,
    pacer: Pacer,
    policy: RetryPolicy,
    what: str,
    rng: random.Random | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    failures: list[FailedRequest] | None = None,
) -> Reply:
    """Send (each attempt paced) until a non-retryable answer; its body is read and, if it says
    it is JSON, decoded, because a truncated body is a failed attempt too. Every failed attempt
    is appended to `failures` when given.

    `what` names the request in messages; it must not contain secrets.
    """
    rng = rng or random.Random()  # noqa: S311  (jitter, not secrecy)
    last_problem = "no attempt made"
    for attempt in range(policy.attempts):
        await pacer.wait(retry=attempt > 0)
        try:
            response = await send()
            await response.aread()
            if response.status_code not in RETRYABLE_STATUS:
                data = orjson.loads(response.content) if _declares_json(response) else None
                return Reply(response.status_code, response.headers, response.content, data)
            last_problem = f"HTTP {response.status_code}"
            delay = retry_after_seconds(response)
        except (httpx.TransportError, orjson.JSONDecodeError) as error:
            last_problem = f"{type(error).__name__}: {error}"
            delay = None
        retrying = attempt + 1 < policy.attempts
        if failures is not None:
            failures.append(FailedRequest(what, attempt + 1, last_problem, retrying))
        if retrying:
            wait = delay if delay is not None else policy.delay(attempt, rng)
            log.info("%s failed (%s); retrying in %.1f s", what, last_problem, wait)
            await sleep(wait)
    raise RetriesExhausted(f"{what}: gave up after {policy.attempts} attempts ({last_problem})")


def _declares_json(response: httpx.Response) -> bool:
    return "json" in response.headers.get("content-type", "") and bool(response.content)
