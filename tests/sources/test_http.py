"""Pacing keeps to the rate whatever the concurrency; retries cure what another attempt can."""

import asyncio
import json
import random

import httpx
import pytest

from pipeline.sources.http import Pacer, RetryPolicy, send_with_retries
from pipeline.sources.http.retry import FailedRequest, RetriesExhausted


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sent: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_concurrent_requests_are_spaced_at_the_rate() -> None:
    clock = FakeClock()
    pacer = Pacer(rate=24, burst=1, clock=clock, sleep=clock.sleep)

    async def one_request() -> None:
        await pacer.wait()
        clock.sent.append(clock.now)

    async def main() -> None:
        await asyncio.gather(*(one_request() for _ in range(240)))

    asyncio.run(main())
    sent = sorted(clock.sent)
    assert pacer.requests == 240
    # No second holds more than 24 requests (the window is open a hair early for float error).
    assert max(sum(1 for t in sent if start <= t < start + 0.999) for start in sent) == 24
    assert sent[-1] == pytest.approx(239 / 24)


def test_a_burst_is_allowed_after_a_pause_but_not_more() -> None:
    clock = FakeClock()
    pacer = Pacer(rate=10, burst=5, clock=clock, sleep=clock.sleep)

    async def main() -> list[float]:
        clock.now = 100.0  # idle for a long time
        times = []
        for _ in range(8):
            await pacer.wait()
            times.append(clock.now)
        return times

    times = asyncio.run(main())
    assert times[:5] == [100.0] * 5
    assert times[5:] == pytest.approx([100.1, 100.2, 100.3])


def _respond(*responses: httpx.Response | Exception):
    queue = list(responses)

    async def send() -> httpx.Response:
        item = queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return send


def _send(send, attempts: int = 4, pacer: Pacer | None = None, failures=None):
    clock = FakeClock()
    pacer = pacer or Pacer(1000, clock=clock, sleep=clock.sleep)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def main():
        return await send_with_retries(
            send,
            pacer=pacer,
            policy=RetryPolicy(attempts=attempts, base_delay=0.5),
            what="GET /x",
            rng=random.Random(1),
            sleep=sleep,
            failures=failures,
        )

    return asyncio.run(main()), slept


def test_503_and_dropped_connections_are_retried_honouring_retry_after() -> None:
    ok = httpx.Response(200, json={"fine": True})
    clock = FakeClock()
    pacer = Pacer(1000, clock=clock, sleep=clock.sleep)
    reply, slept = _send(
        _respond(
            httpx.Response(503, headers={"Retry-After": "7"}),
            httpx.RemoteProtocolError("peer closed connection"),
            httpx.ReadTimeout("slow"),
            ok,
        ),
        pacer=pacer,
    )
    assert reply.data == {"fine": True}
    assert slept[0] == 7.0
    assert len(slept) == 3
    assert (pacer.requests, pacer.retries) == (4, 3)  # each retry counted, for the run's record


def test_a_truncated_json_body_is_a_failed_attempt() -> None:
    truncated = httpx.Response(
        200, content=b'{"group": [', headers={"content-type": "application/json"}
    )
    whole = httpx.Response(
        200,
        content=json.dumps({"group": []}).encode(),
        headers={"content-type": "application/json"},
    )
    assert _send(_respond(truncated, whole))[0].data == {"group": []}


def test_client_errors_are_returned_not_retried() -> None:
    reply, _ = _send(_respond(httpx.Response(404, json={"error-code": 9016})))
    assert (reply.status_code, reply.data) == (404, {"error-code": 9016})


def test_giving_up_says_why() -> None:
    with pytest.raises(RetriesExhausted, match=r"GET /x: gave up after 2 attempts \(HTTP 502\)"):
        _send(_respond(httpx.Response(502), httpx.Response(502)), attempts=2)


def test_every_failed_attempt_is_kept_with_why_and_whether_it_was_sent_again() -> None:
    failures: list[FailedRequest] = []
    with pytest.raises(RetriesExhausted):
        _send(
            _respond(
                httpx.Response(503),
                httpx.RemoteProtocolError("peer closed connection"),
                httpx.Response(502),
            ),
            attempts=3,
            failures=failures,
        )
    assert failures == [
        FailedRequest("GET /x", 1, "HTTP 503", True),
        FailedRequest("GET /x", 2, "RemoteProtocolError: peer closed connection", True),
        FailedRequest("GET /x", 3, "HTTP 502", False),
    ]
