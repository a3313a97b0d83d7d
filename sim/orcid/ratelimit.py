"""ORCID's documented limits: a per-second rate with a burst queue, and the public API's daily
quota for anonymous callers (shared/reference/orcid-api.md §1.6).

The rate limit is nginx's `limit_req` without `nodelay`: a request that comes faster than the
rate waits its turn, up to `burst` requests deep; one more is refused with 503. So a client
that stays under the rate never waits, and one that floods learns it only through 503s; the
benchmark can see both in the counters. The clock is passed in so tests need not sleep.
"""

from __future__ import annotations

from collections.abc import Callable

SECONDS_PER_DAY = 86_400


class Throttle:
    """nginx's bookkeeping per key (one key per calling IP): how many requests are queued
    ahead, drained at `rate` per second. Counting requests rather than storing times keeps the
    arithmetic exact on epoch-second clocks."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float]) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._queue: dict[str, tuple[float, float]] = {}

    def admit(self, key: str) -> float | None:
        """Seconds the request must wait for its slot, or None when the queue is full."""
        now = self.clock()
        ahead, since = self._queue.get(key, (0.0, now))
        ahead = max(0.0, ahead - max(0.0, now - since) * self.rate)
        if ahead > self.burst + 1e-6:
            return None
        self._queue[key] = (ahead + 1.0, now)
        return ahead / self.rate

    def reset(self) -> None:
        self._queue.clear()


class DailyQuota:
    """Requests per key per UTC day; ORCID counts anonymous public-API calls per IP."""

    def __init__(self, limit: int, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.clock = clock
        self._day = -1
        self._used: dict[str, int] = {}

    def take(self, key: str) -> bool:
        day = int(self.clock() // SECONDS_PER_DAY)
        if day != self._day:
            self._day = day
            self._used.clear()
        used = self._used.get(key, 0)
        if used >= self.limit:
            return False
        self._used[key] = used + 1
        return True

    def reset(self) -> None:
        self._used.clear()
