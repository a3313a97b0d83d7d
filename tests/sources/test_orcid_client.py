"""ORCID's answers about a record become exceptions that say what happened to it."""

import asyncio

import httpx
import pytest

from pipeline.sources.http import Pacer, RetryPolicy
from pipeline.sources.orcid.client import (
    AccessToken,
    Deactivated,
    Deprecated,
    OrcidClient,
    OrcidError,
    QuotaExhausted,
    RecordNotFound,
    TokenRejected,
)

OLD, NEW = "0000-0002-1825-0097", "0000-0002-1694-233X"
TOKEN = AccessToken("secret-token-value", "/read-public")


def _client(handler) -> OrcidClient:
    return OrcidClient(
        api_url="https://api.orcid.test/v3.0",
        pacer=Pacer(1000),
        retry=RetryPolicy(attempts=2, base_delay=0),
        transport=httpx.MockTransport(handler),
    )


def _summary(handler, orcid: str = OLD):
    async def main():
        client = _client(handler)
        try:
            return await client.record(orcid, TOKEN)
        finally:
            await client.aclose()

    return asyncio.run(main())


def test_requests_carry_the_token_and_ask_for_orcid_json() -> None:
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(request.headers)
        return httpx.Response(200, json={"group": []})

    assert _summary(handler) == {"group": []}
    assert seen["authorization"] == "Bearer secret-token-value"
    assert seen["accept"] == "application/vnd.orcid+json"


def test_a_deprecated_id_names_its_primary() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        location = str(request.url).replace(OLD, NEW)
        return httpx.Response(301, headers={"Location": location}, json={"error-code": 9007})

    with pytest.raises(Deprecated) as raised:
        _summary(handler)
    assert (raised.value.orcid, raised.value.primary) == (OLD, NEW)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (httpx.Response(409, json={"response-code": 409, "error-code": 9044}), Deactivated),
        (httpx.Response(404, json={"response-code": 404, "error-code": 9016}), RecordNotFound),
        (
            httpx.Response(401, json={"error": "invalid_token", "error_description": "revoked"}),
            TokenRejected,
        ),
        (httpx.Response(429, text="Too Many Requests."), QuotaExhausted),
    ],
)
def test_record_states_become_exceptions(response: httpx.Response, expected: type) -> None:
    with pytest.raises(expected):
        _summary(lambda request: response)


def test_the_token_never_shows_in_reprs_or_errors() -> None:
    assert "secret-token-value" not in repr(TOKEN)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"developer-message": "bad", "error-code": 9006})

    with pytest.raises(OrcidError, match="HTTP 400, error 9006: bad") as raised:
        _summary(handler)
    assert "secret-token-value" not in str(raised.value)


def test_a_bulk_read_over_100_is_refused_before_asking() -> None:
    async def main():
        client = _client(lambda request: httpx.Response(200, json={}))
        try:
            await client.works(OLD, list(range(101)), TOKEN)
        finally:
            await client.aclose()

    with pytest.raises(ValueError, match="1 to 100 put-codes"):
        asyncio.run(main())
