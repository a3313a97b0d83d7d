"""Requests paced to a rate, shared by every concurrent request to one service.

ORCID's limit is a token bucket (24 requests/s with a queue of 40 on the member API); a client
that bursts is queued and then refused with 503. The safest way to never exceed it, and still
use all of it, is to space requests evenly: each request takes the next free slot of a schedule
that advances 1/rate seconds per request. `burst` lets a few requests go at once after an idle
spell, as the server's own queue allows, without ever running ahead of the average rate.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class Pacer:
    def __init__(
        self,
        rate: float,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self._interval = 1.0 / rate
        self._burst_window = (burst - 1) * self._interval
        self._clock = clock
        self._sleep = sleep
        self._next_slot = clock()
        self.requests = 0
        self.retries = 0
        """Of the requests, those that were another attempt at one that failed transiently."""

    @property
    def rate(self) -> float:
        return 1.0 / self._interval

    async def wait(self, *, retry: bool = False) -> None:
        """Return when this request (`retry`: another attempt at one that failed) may be sent."""
        now = self._clock()
        # After an idle spell the schedule may lag behind `now` by at most the burst window.
        slot = max(self._next_slot, now - self._burst_window)
        self._next_slot = slot + self._interval
        self.requests += 1
        self.retries += retry
        if slot > now:
            await self._sleep(slot - now)
