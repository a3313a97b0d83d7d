"""An async client of Pure: Web Service 5.24 or the Pure API, chosen by configuration.

Both generations page with `size` and `offset` and want the key in an `api-key` header; they
differ in how a set of records is fetched by uuid and in WS 5.24's change feed. The key is a
secret: it is sent in a header, never in a URL, so it cannot end up in a log line.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any, Literal

import httpx

from pipeline.config import Settings
from pipeline.sources.http import FailedRequest, Pacer, RetryPolicy, send_with_retries

Interface = Literal["ws524", "api"]
Collection = Literal["organisational-units", "persons", "research-outputs"]
"""Collections by their WS 5.24 names; `_API_PATHS` has the Pure API's where it spells one
differently (American `organizations`)."""
_API_PATHS: dict[Collection, str] = {"organisational-units": "organizations"}
PAGE_SIZE = 1000
"""The Pure API's maximum page size; WS 5.24 accepts it too."""
UUID_BATCH = 100


class PureError(RuntimeError):
    """An answer from Pure the pipeline cannot use; the message quotes Pure's."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        """The HTTP status of Pure's answer, if it was an answer."""


class PureClient:
    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        interface: Interface,
        pacer: Pacer,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 60.0,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.interface = interface
        self.page_size = page_size
        self._base = base_url.rstrip("/")
        self._pacer = pacer
        self._retry = retry or RetryPolicy()
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            headers={
                "api-key": api_key,
                "Accept": "application/json",
                "User-Agent": "pure-orcid-sync",
            },
        )
        self.failures: list[FailedRequest] = []
        """Every failed attempt at a request so far, retried or not."""

    @property
    def requests(self) -> int:
        return self._pacer.requests

    @property
    def retries(self) -> int:
        """Requests sent again after a transient failure (5xx, timeout, dropped connection)."""
        return self._pacer.retries

    async def aclose(self) -> None:
        await self._http.aclose()

    async def pages(
        self, collection: Collection, page_size: int | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        """Every page of a collection, by offset, until the reported count is reached; pages of
        the client's `page_size` unless given."""
        page_size = page_size or self.page_size
        offset = 0
        while True:
            page = await self._send(
                "GET", self._path(collection), params={"size": page_size, "offset": offset}
            )
            items = page.get("items") or []
            yield page
            offset += len(items)
            if not items or offset >= int(page.get("count") or 0):
                return

    async def by_uuids(self, collection: Collection, uuids: Sequence[str]) -> list[dict[str, Any]]:
        """The records with these uuids that still exist, in batches of `UUID_BATCH`."""
        found: list[dict[str, Any]] = []
        for start in range(0, len(uuids), UUID_BATCH):
            batch = list(uuids[start : start + UUID_BATCH])
            if self.interface == "ws524":
                page = await self._send(
                    "POST", self._path(collection), json={"uuids": batch, "size": len(batch)}
                )
            else:
                page = await self._send(
                    "POST",
                    f"{self._path(collection)}/search",
                    json={"uuids": batch, "size": len(batch), "offset": 0},
                )
            found.extend(page.get("items") or [])
        return found

    def _path(self, collection: Collection) -> str:
        name = _API_PATHS.get(collection, collection) if self.interface == "api" else collection
        return f"/{name}"

    async def changes(self, key: str) -> dict[str, Any]:
        """One page of WS 5.24's change feed from a date (YYYY-MM-DD) or a resumption token."""
        if self.interface != "ws524":
            raise PureError("the change feed exists only in Web Service 5.24")
        return await self._send("GET", f"/changes/{key}")

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
    ) -> dict[str, Any]:
        url = self._base + path
        reply = await send_with_retries(
            lambda: self._http.request(method, url, params=params, json=json),
            pacer=self._pacer,
            policy=self._retry,
            what=f"{method} {path}",
            failures=self.failures,
        )
        if reply.status_code != 200:
            raise PureError(
                f"{method} {path}: HTTP {reply.status_code}: {reply.text[:300]}",
                reply.status_code,
            )
        if not isinstance(reply.data, dict):
            raise PureError(f"{method} {path}: expected a JSON object")
        return reply.data


def pure_client(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> PureClient:
    """A client of the configured generation at the configured rate."""
    base = settings.pure_ws_url if settings.pure_interface == "ws524" else settings.pure_api_url
    if base is None:
        variable = "PURE_WS_URL" if settings.pure_interface == "ws524" else "PURE_API_URL"
        raise PureError(f"{variable} is not set (PURE_INTERFACE={settings.pure_interface})")
    return PureClient(
        base_url=str(base),
        api_key=settings.secret("pure_api_key"),
        interface=settings.pure_interface,
        pacer=Pacer(settings.pure_rate),
        transport=transport,
        page_size=settings.pure_page_size,
    )
