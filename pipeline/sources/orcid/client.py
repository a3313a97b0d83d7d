"""An async client of the ORCID v3.0 API for reading works: one per extraction, many requests in
flight, all paced by one `Pacer` so that together they stay within ORCID's limit.

ORCID answers some conditions with statuses a generic client would treat as failures; here they
become exceptions that say what happened to the record: `Deprecated` (301 to the primary iD),
`Deactivated` (409/9044), `RecordNotFound` (404), `TokenRejected` (401 invalid_token) and
`QuotaExhausted` (429, the public API's daily quota).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from pipeline.sources.http import FailedRequest, Pacer, Reply, RetryPolicy, send_with_retries
from pipeline.sources.redact import redact

ACCEPT = "application/vnd.orcid+json"
BULK_LIMIT = 100
"""ORCID refuses a bulk read of more than 100 put-codes (400/9042)."""
SEARCH_ROWS = 1000
T = TypeVar("T")


class OrcidError(RuntimeError):
    """An answer from ORCID that the pipeline cannot use; the message quotes ORCID's own."""


class Deprecated(OrcidError):
    def __init__(self, orcid: str, primary: str) -> None:
        super().__init__(f"{orcid} is deprecated in favour of {primary}")
        self.orcid = orcid
        self.primary = primary


class Deactivated(OrcidError):
    def __init__(self, orcid: str) -> None:
        super().__init__(f"{orcid} is deactivated")
        self.orcid = orcid


class RecordNotFound(OrcidError):
    def __init__(self, orcid: str) -> None:
        super().__init__(f"{orcid} does not exist in ORCID")
        self.orcid = orcid


class TokenRejected(OrcidError):
    """The token was revoked or has expired: ORCID said invalid_token. The message is ORCID's
    with the token taken out (ORCID quotes it)."""

    def __init__(self, message: str, *, expired: bool) -> None:
        super().__init__(message)
        self.expired = expired
        """ORCID said the token expired (a refresh may cure it), rather than that it is
        invalid."""


class QuotaExhausted(OrcidError):
    """The public API's daily quota is used up; asking again before tomorrow is pointless."""


@dataclass(frozen=True, slots=True)
class AccessToken:
    value: str
    scope: str
    """`/read-public` for the client's own token, or the scopes of a researcher's token."""
    orcid: str | None = None

    def __repr__(self) -> str:
        return f"AccessToken(scope={self.scope!r}, orcid={self.orcid!r})"


_ORCID_IN_URL = re.compile(r"/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/")


def orcid_http(transport: httpx.AsyncBaseTransport | None, timeout: float) -> httpx.AsyncClient:
    """The HTTP client both the reader and the writer talk to ORCID with: ORCID's JSON media
    type, and no redirects followed (a redirect from the API is an error to see, not follow)."""
    return httpx.AsyncClient(
        transport=transport,
        timeout=timeout,
        follow_redirects=False,
        headers={"Accept": ACCEPT, "User-Agent": "pure-orcid-sync"},
    )


class OrcidClient:
    def __init__(
        self,
        *,
        api_url: str,
        pacer: Pacer,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
    ) -> None:
        self._api_url = api_url.rstrip("/")
        self._pacer = pacer
        self._retry = retry or RetryPolicy()
        self._http = orcid_http(transport, timeout)
        self.failures: list[FailedRequest] = []
        """Every failed attempt at a request so far, retried or not."""

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def requests(self) -> int:
        """Requests sent so far, retries included: what counts against ORCID's limit."""
        return self._pacer.requests

    @property
    def retries(self) -> int:
        """Of those, requests sent again after a transient failure (5xx, timeout, cut off)."""
        return self._pacer.retries

    async def record(self, orcid: str, token: AccessToken | None) -> dict[str, Any]:
        """`GET /{orcid}/record`: the person, every work group the token may see, and the
        record's history (where an older ORCID puts a deactivation date)."""
        return await self._get_json(f"/{orcid}/record", orcid, token)

    async def works(
        self, orcid: str, put_codes: Sequence[int], token: AccessToken | None
    ) -> dict[str, Any]:
        """`GET /{orcid}/works/{put-codes}`: full works, at most `BULK_LIMIT` at a time."""
        if not 0 < len(put_codes) <= BULK_LIMIT:
            raise ValueError(f"a bulk read takes 1 to {BULK_LIMIT} put-codes, not {len(put_codes)}")
        codes = ",".join(str(code) for code in put_codes)
        return await self._get_json(f"/{orcid}/works/{codes}", orcid, token)

    async def search(self, query: str, token: AccessToken | None, start: int = 0) -> dict[str, Any]:
        """`GET /search/?q=…` (Solr syntax), one page of up to `SEARCH_ROWS` iDs."""
        return await self._get_json(
            "/search/", None, token, params={"q": query, "start": start, "rows": SEARCH_ROWS}
        )

    async def _get_json(
        self,
        path: str,
        orcid: str | None,
        token: AccessToken | None,
        params: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token.value}"} if token else {}
        url = self._api_url + path
        reply = await send_with_retries(
            lambda: self._http.get(url, headers=headers, params=params),
            pacer=self._pacer,
            policy=self._retry,
            what=f"GET {path}",
            failures=self.failures,
        )
        _raise_for_orcid_status(reply, orcid)
        if not isinstance(reply.data, dict):
            raise OrcidError(f"{orcid or 'search'}: GET {path} did not answer a JSON object")
        return reply.data


def _raise_for_orcid_status(response: Reply, orcid: str | None) -> None:
    status = response.status_code
    if status == 200:
        return
    subject = orcid or "search"
    if status == 301 and orcid:
        location = response.headers.get("Location", "")
        found = _ORCID_IN_URL.search(location + "/")
        if found is None:
            raise OrcidError(f"{orcid}: deprecated, but the redirect names no iD ({location!r})")
        raise Deprecated(orcid, found.group(1))
    if status == 404 and orcid:
        raise RecordNotFound(orcid)
    if status == 429:
        raise QuotaExhausted("ORCID's daily quota for this client or address is used up")
    body = response.data if isinstance(response.data, dict) else None
    if status == 401 and body and body.get("error") == "invalid_token":
        raise token_rejected(subject, body)
    error_code = body.get("error-code") if body else None
    if status == 409 and error_code == 9044 and orcid:
        raise Deactivated(orcid)
    message = (body or {}).get("developer-message") or response.text[:200]
    raise OrcidError(f"{subject}: HTTP {status}, error {error_code}: {message}")


def token_rejected(subject: str, body: dict[str, Any]) -> TokenRejected:
    """ORCID's `invalid_token` answer as an exception that does not quote the token."""
    description = str(body.get("error_description") or "invalid_token")
    return TokenRejected(
        f"{subject}: {redact(description)}", expired="expired" in description.lower()
    )


def chunked(items: Sequence[T], size: int = BULK_LIMIT) -> list[Sequence[T]]:
    """Items in slices of `size`: by default put-codes in bulk-read sized slices."""
    return [items[i : i + size] for i in range(0, len(items), size)]
