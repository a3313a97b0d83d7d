"""Writes to the Pure API (`/ws/api`): create a research output, add to one, find a journal.

Only the Pure API writes; Web Service 5.24 is read-only. A create (`PUT /research-outputs`) is
sent once and never retried: Pure has no idempotency key, so a second attempt after a timeout
could make a second output. An update carries the `version` it read, so Pure refuses it (409)
if anyone changed the output since, and a retried update can at worst meet its own 409.

The API key travels in a header only; any text from Pure quoted in an error is scrubbed of it,
in case a proxy or Pure itself echoes request headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from pipeline.config import Settings
from pipeline.sources.http import Pacer, RetryPolicy, send_with_retries
from pipeline.sources.http.retry import RetriesExhausted

ONCE = RetryPolicy(attempts=1)
SCRUBBED = "[api-key]"


@dataclass(frozen=True, slots=True)
class WriteReply:
    """What Pure answered to a write: `status` None when no answer came."""

    status: int | None
    record: dict[str, Any] | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in (200, 201)


@dataclass(frozen=True, slots=True)
class JournalRef:
    """A journal as an output refers to it: its uuid, and the pureIds of its title and ISSN."""

    uuid: str
    title_pure_id: int | None
    issn_pure_id: int | None


class PureWriter:
    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        pacer: Pacer,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 60.0,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._key = api_key
        self._pacer = pacer
        self._retry = retry or RetryPolicy()
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            headers={
                "api-key": api_key,
                "Accept": "application/json",
                "Content-Type": "application/json",
                "User-Agent": "pure-orcid-sync",
            },
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def create(self, body: dict[str, Any]) -> WriteReply:
        """`PUT /research-outputs`, sent once."""
        return await self._write("PUT", "/research-outputs", body, ONCE)

    async def update(self, uuid: str, body: dict[str, Any]) -> WriteReply:
        """`PUT /research-outputs/{uuid}`, refused with 409 if `body["version"]` is stale."""
        return await self._write("PUT", f"/research-outputs/{uuid}", body, self._retry)

    async def read(self, uuid: str) -> WriteReply:
        return await self._write("GET", f"/research-outputs/{uuid}", None, self._retry)

    async def find_journal(self, issn: str | None, title: str | None) -> JournalRef | None:
        """The journal with this ISSN, else with exactly this title (case aside), if Pure has it."""
        for needle, wanted in ((issn, "issn"), (title, "title")):
            if not needle:
                continue
            reply = await self._write(
                "POST",
                "/journals/search",
                {"searchString": needle, "size": 20, "offset": 0},
                self._retry,
            )
            for item in (reply.record or {}).get("items") or []:
                found = _journal_ref(item, needle.casefold(), wanted)
                if found is not None:
                    return found
        return None

    async def _write(
        self, method: str, path: str, body: dict[str, Any] | None, policy: RetryPolicy
    ) -> WriteReply:
        url = self._base + path
        try:
            reply = await send_with_retries(
                lambda: self._http.request(method, url, json=body),
                pacer=self._pacer,
                policy=policy,
                what=f"{method} {path}",
            )
        except (RetriesExhausted, httpx.HTTPError) as error:
            return WriteReply(None, error=self.scrub(str(error)))
        if reply.status_code in (200, 201) and isinstance(reply.data, dict):
            return WriteReply(reply.status_code, reply.data)
        return WriteReply(reply.status_code, error=self.scrub(_problem(reply.data, reply.text)))

    def scrub(self, text: str) -> str:
        return text.replace(self._key, SCRUBBED) if self._key else text


def _problem(data: Any, text: str) -> str:
    """Pure's ProblemDetails as one line: title and detail, else the start of the body."""
    if isinstance(data, dict) and (data.get("title") or data.get("detail")):
        return ": ".join(str(data[k]) for k in ("title", "detail") if data.get(k))[:500]
    return " ".join(text.split())[:300]


def _journal_ref(item: dict[str, Any], needle: str, wanted: str) -> JournalRef | None:
    titles = [t for t in item.get("titles") or [] if isinstance(t, dict)]
    issns = [i for i in item.get("issns") or [] if isinstance(i, dict)]
    key = "issn" if wanted == "issn" else "title"
    pool = issns if wanted == "issn" else titles
    if not any(str(entry.get(key) or "").casefold() == needle for entry in pool):
        return None
    title = next((t for t in titles if str(t.get("title") or "").casefold() == needle), None)
    title = title or (titles[0] if titles else None)
    issn = next((i for i in issns if str(i.get("issn") or "").casefold() == needle), None)
    issn = issn or (issns[0] if issns else None)
    uuid = item.get("uuid")
    if not isinstance(uuid, str):
        return None
    return JournalRef(
        uuid,
        title.get("pureId") if title else None,
        issn.get("pureId") if issn else None,
    )


def pure_writer(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> PureWriter:
    """A writer to the configured Pure API at the configured rate."""
    if settings.pure_api_url is None:
        raise RuntimeError("PURE_API_URL is not set: writing to Pure needs the Pure API")
    return PureWriter(
        base_url=str(settings.pure_api_url),
        api_key=settings.secret("pure_api_key"),
        pacer=Pacer(settings.pure_rate),
        transport=transport,
    )
