"""The member API's work writes (shared/reference/orcid-api.md §1.3, §1.5): bulk create, update,
delete, and the reads a writer needs to know what it already wrote.

Answers ORCID gives per work (a bulk item's error, a 404 for a put-code, 9021 naming the
put-code of the work this client already added) come back as `Written`, for the caller to
record and act on; only a refused token raises (`TokenRejected`, without the token), since the
caller must renew it before anything else for that researcher. Every request goes through the
pacer the caller shares with every other request to ORCID.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from pipeline.sources.http import Pacer, Reply, RetryPolicy, send_with_retries
from pipeline.sources.orcid.client import ACCEPT, OrcidError, orcid_http, token_rejected

BULK_WRITE_LIMIT = 100
"""ORCID refuses a bulk POST of more than 100 works."""
DUPLICATE = 9021
""""You have already added this activity … please see element with put-code N"."""
_PUT_CODE_IN_TEXT = re.compile(r"put-code (\d+)")


@dataclass(frozen=True, slots=True)
class Written:
    """ORCID's answer about one work: its put-code, or the HTTP status and error code."""

    http_status: int
    put_code: int | None = None
    error_code: int | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.error_code is None and self.http_status < 400

    @property
    def duplicate_of(self) -> int | None:
        """The put-code of the work this client already added, on a 9021."""
        if self.error_code != DUPLICATE:
            return None
        found = _PUT_CODE_IN_TEXT.search(self.message)
        return int(found.group(1)) if found else None


class OrcidWriter:
    def __init__(
        self,
        *,
        api_url: str,
        pacer: Pacer,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 60.0,
    ) -> None:
        self._api_url = api_url.rstrip("/")
        self._pacer = pacer
        self._retry = retry or RetryPolicy()
        self.http = orcid_http(transport, timeout)

    async def aclose(self) -> None:
        await self.http.aclose()

    @property
    def requests(self) -> int:
        return self._pacer.requests

    async def _send(
        self, method: str, path: str, orcid: str, token: str, body: Any = None
    ) -> Reply:
        headers = {"Authorization": f"Bearer {token}"}
        if body is not None:
            headers["Content-Type"] = ACCEPT
        url = self._api_url + path
        reply = await send_with_retries(
            lambda: self.http.request(method, url, headers=headers, json=body),
            pacer=self._pacer,
            policy=self._retry,
            what=f"{method} {path}",
        )
        data = reply.data if isinstance(reply.data, dict) else None
        if reply.status_code == 401 and data and data.get("error") == "invalid_token":
            raise token_rejected(orcid, data)
        return reply

    async def create(
        self, orcid: str, works: Sequence[dict[str, Any]], token: str
    ) -> list[Written]:
        """`POST /{orcid}/works`: one answer per work, in order. A refusal of the whole call
        (the record deprecated or locked, a scope missing) is every work's answer."""
        if not 0 < len(works) <= BULK_WRITE_LIMIT:
            raise ValueError(f"a bulk POST takes 1 to {BULK_WRITE_LIMIT} works, not {len(works)}")
        reply = await self._send(
            "POST", f"/{orcid}/works", orcid, token, {"bulk": [{"work": w} for w in works]}
        )
        items = reply.data.get("bulk") if isinstance(reply.data, dict) else None
        if reply.status_code != 200 or not isinstance(items, list) or len(items) != len(works):
            refused = _written(reply)
            if refused.ok:
                raise OrcidError(f"{orcid}: POST /works answered a bulk that does not fit")
            return [refused] * len(works)
        answers = []
        for item in items:
            work, error = item.get("work"), item.get("error")
            if isinstance(work, dict) and work.get("put-code") is not None:
                answers.append(Written(200, put_code=int(work["put-code"])))
            else:
                answers.append(_error(error if isinstance(error, dict) else {}, 200))
        return answers

    async def update(self, orcid: str, put_code: int, work: dict[str, Any], token: str) -> Written:
        """`PUT /{orcid}/work/{put-code}` with the put-code in the body; never a visibility."""
        if "visibility" in work:
            raise ValueError("a PUT must not name a visibility (ORCID refuses a change: 9035)")
        reply = await self._send("PUT", f"/{orcid}/work/{put_code}", orcid, token, work)
        return _written(reply, put_code)

    async def delete(self, orcid: str, put_code: int, token: str) -> Written:
        """`DELETE /{orcid}/work/{put-code}`: 204, or 404 when it is already gone."""
        reply = await self._send("DELETE", f"/{orcid}/work/{put_code}", orcid, token)
        return _written(reply, put_code)

    async def exists(self, orcid: str, put_code: int, token: str) -> bool:
        """Whether the work is still on the record (a 404 says the researcher deleted it)."""
        reply = await self._send("GET", f"/{orcid}/work/{put_code}", orcid, token)
        if reply.status_code == 404:
            return False
        if reply.status_code == 200:
            return True
        raise OrcidError(f"{orcid}: GET work {put_code}: {_written(reply).message}")

    async def own_works(self, orcid: str, client_id: str, token: str) -> dict[str, int]:
        """`GET /{orcid}/works`: the works this client is the source of, by the value of
        their `source-work-id` (the Pure UUID the pipeline writes on every work it pushes)."""
        reply = await self._send("GET", f"/{orcid}/works", orcid, token)
        if reply.status_code != 200 or not isinstance(reply.data, dict):
            raise OrcidError(f"{orcid}: GET works: {_written(reply).message}")
        found: dict[str, int] = {}
        for group in reply.data.get("group") or []:
            for summary in group.get("work-summary") or []:
                source = ((summary.get("source") or {}).get("source-client-id") or {}).get("path")
                if source != client_id:
                    continue
                ids = (summary.get("external-ids") or {}).get("external-id") or []
                for ext in ids:
                    if ext.get("external-id-type") == "source-work-id":
                        value = ext.get("external-id-value")
                        if value:
                            found[str(value).lower()] = int(summary["put-code"])
        return found


def _error(error: dict[str, Any], status: int) -> Written:
    code = error.get("error-code")
    return Written(
        int(error.get("response-code") or status),
        error_code=int(code) if code is not None else 0,
        message=str(error.get("developer-message") or ""),
    )


def _written(reply: Reply, put_code: int | None = None) -> Written:
    if reply.status_code < 300:
        return Written(reply.status_code, put_code=put_code)
    data = reply.data if isinstance(reply.data, dict) else {}
    written = _error(data, reply.status_code)
    return Written(
        reply.status_code,
        put_code=put_code,
        error_code=written.error_code,
        message=written.message or reply.text[:200],
    )
