"""Reading researchers from ORCID: which endpoint and token, what a record's works summary says
has changed, the full works in bulk, and ORCID's search for the iDs changed since a date.

Per researcher: the record (its works summary lists every put-code the token may see, with its
last-modified date; its history says whether an older ORCID deactivated it), then full works in
bulk reads of up to 100, only for put-codes that are new or changed since what the caller already
holds. A deprecated iD is followed to its primary; a researcher token ORCID refuses is dropped and
the researcher read again with the public token. All requests of one reader share one `Pacer`, so
however many are in flight the rate stays within ORCID's limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal, TypeVar

import httpx

from pipeline.config import Settings
from pipeline.sources.http import FailedRequest, Pacer
from pipeline.sources.http.retry import RetriesExhausted
from pipeline.sources.model import Parsed, RecordError
from pipeline.sources.orcid import is_deactivated, parse_bulk
from pipeline.sources.orcid.client import (
    AccessToken,
    Deactivated,
    Deprecated,
    OrcidClient,
    OrcidError,
    QuotaExhausted,
    RecordNotFound,
    TokenRejected,
    chunked,
)
from pipeline.sources.orcid.oauth import read_public_token

T = TypeVar("T")

SEARCH_BATCH = 200
"""iDs per search query: keeps the URL well under the 8 KB that proxies commonly accept."""

RecordStatus = Literal["active", "deprecated", "deactivated", "not-found"]
KnownVersions = Mapping[str, Mapping[int, int | None]]
"""iD → put-code → last-modified (epoch ms) of the works already held."""


@dataclass(frozen=True)
class OrcidEndpoint:
    """Where to read and how fast: the member API with a token, or the anonymous public API."""

    api_url: str
    rate: float
    burst: int
    public_token: AccessToken | None


def orcid_endpoint(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> OrcidEndpoint:
    """With client credentials: the member API at its limit; without: the public API's."""
    if settings.orcid_client_id and settings.has_secret("orcid_client_secret"):
        token = asyncio.run(
            read_public_token(
                str(settings.orcid_token_url),
                settings.orcid_client_id,
                settings.secret("orcid_client_secret"),
                transport=transport,
            )
        )
        return OrcidEndpoint(
            str(settings.orcid_member_api_url), settings.orcid_rate, settings.orcid_burst, token
        )
    return OrcidEndpoint(
        str(settings.orcid_public_api_url), settings.orcid_public_rate, settings.orcid_burst, None
    )


@dataclass
class ResearcherRead:
    """Everything learnt about one researcher in one read."""

    orcid: str
    owner: str | None = None
    """The iD whose works were read: the primary iD of a deprecated one."""
    status: RecordStatus = "active"
    summary: dict[str, Any] | None = None
    """The record as ORCID sent it."""
    listed: list[str] = field(default_factory=list)
    """Every work the record lists, as `<owner>/work/<put-code>`: what is not here is gone."""
    works: list[Parsed] = field(default_factory=list)
    """The new or changed works, parsed."""
    raw_works: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The same works as ORCID sent them, by `<owner>/work/<put-code>`."""
    read_scope: str = "public"
    token_revoked: str | None = None
    """Why ORCID refused the researcher's own token, when it did."""
    error: RecordError | None = None


class OrcidReader:
    """Reads researchers concurrently through one paced client; one per process."""

    def __init__(
        self,
        endpoint: OrcidEndpoint,
        *,
        researcher_tokens: Mapping[str, AccessToken] | None = None,
        known: KnownVersions | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.client = OrcidClient(
            api_url=endpoint.api_url,
            pacer=Pacer(endpoint.rate, burst=endpoint.burst),
            transport=transport,
        )
        self.public_token = endpoint.public_token
        self.researcher_tokens = dict(researcher_tokens or {})
        self.known = known or {}

    async def __aenter__(self) -> OrcidReader:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.client.aclose()

    @property
    def requests(self) -> int:
        return self.client.requests

    @property
    def retries(self) -> int:
        return self.client.retries

    @property
    def failures(self) -> list[FailedRequest]:
        """Every failed attempt at a request, a researcher token refused included."""
        return self.client.failures

    async def changed_since(self, orcids: list[str], since: str) -> list[str]:
        """The iDs among `orcids` whose record changed at or after `since` (ISO 8601, UTC)."""
        changed: set[str] = set()
        for batch in chunked(orcids, SEARCH_BATCH):
            query = f"orcid:({' OR '.join(batch)}) AND profile-last-modified-date:[{since} TO *]"
            offset = 0
            while True:
                page = await self.client.search(query, self.public_token, start=offset)
                results = page.get("result") or []
                changed.update(r["orcid-identifier"]["path"] for r in results)
                offset += len(results)
                if not results or offset >= int(page.get("num-found") or 0):
                    break
        return sorted(changed & set(orcids))

    async def read(self, orcid: str) -> ResearcherRead:
        """The researcher's record and new or changed works; what went wrong with this
        researcher is in `error`, only an exhausted quota (which ends everyone's read) raises."""
        result = ResearcherRead(orcid=orcid)
        try:
            try:
                await self._read(result)
            except _ResearcherTokenRejected as rejected:
                # Revoked or expired between two requests, or before the first: the researcher
                # is read again from the start with the public token, so what is staged is one
                # consistent view of the record.
                result = ResearcherRead(orcid=orcid, token_revoked=rejected.message)
                await self._read(result)
        except QuotaExhausted:
            raise
        except (OrcidError, RetriesExhausted, httpx.HTTPError, ValueError, KeyError) as error:
            result.error = RecordError(orcid, "record", f"{type(error).__name__}: {error}")
        return result

    def _token(self, owner: str) -> AccessToken | None:
        return self.researcher_tokens.get(owner) or self.public_token

    async def _call(
        self, owner: str, what: str, request: Callable[[AccessToken | None], Awaitable[T]]
    ) -> T:
        """One request (`what`, for the list of failures) with the owner's best token; a
        rejected researcher token is dropped."""
        token = self._token(owner)
        try:
            return await request(token)
        except TokenRejected as rejected:
            if token is self.public_token:
                raise
            self.researcher_tokens.pop(owner, None)
            # ORCID's text quotes the token: the reason says what happened without it.
            reason = "ORCID refused the researcher's token (invalid_token); read again with "
            self.failures.append(FailedRequest(what, 1, f"{reason}the public token", True))
            raise _ResearcherTokenRejected(str(rejected)) from rejected

    async def _record(self, result: ResearcherRead, owner: str) -> dict[str, Any]:
        result.read_scope = _read_scope(self._token(owner))
        return await self._call(
            owner, f"GET /{owner}/record", lambda token: self.client.record(owner, token)
        )

    async def _read(self, result: ResearcherRead) -> None:
        owner = result.orcid
        try:
            summary = await self._record(result, owner)
        except Deprecated as deprecated:
            result.status, owner = "deprecated", deprecated.primary
            summary = await self._record(result, owner)
        except Deactivated:
            result.status = "deactivated"
            return
        except RecordNotFound:
            result.status = "not-found"
            return
        if is_deactivated(summary):
            result.status = "deactivated"
            return
        result.owner, result.summary = owner, summary
        listed = _summary_versions(summary)
        result.listed = [f"{owner}/work/{put_code}" for put_code in listed]
        known = self.known.get(owner, {})
        wanted = [code for code, modified in listed.items() if known.get(code, -1) != modified]
        for batch in chunked(wanted):
            document = await self._call(
                owner,
                f"GET /{owner}/works/{','.join(map(str, batch))}",
                lambda token, batch=batch: self.client.works(owner, batch, token),
            )
            result.works.extend(parse_bulk(document, orcid=owner, put_codes=batch))
            for item in document.get("bulk") or []:
                work = item.get("work")
                if work is not None:
                    result.raw_works[f"{owner}/work/{work['put-code']}"] = work


class _ResearcherTokenRejected(Exception):
    """ORCID refused a researcher's token; the reader falls back to the public token."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _summary_versions(summary: dict[str, Any]) -> dict[int, int | None]:
    """put-code → last-modified (epoch ms) of every work the summary lists."""
    works = summary.get("activities-summary", {}).get("works", summary)
    versions: dict[int, int | None] = {}
    for group in works.get("group") or []:
        for item in group.get("work-summary") or []:
            modified = (item.get("last-modified-date") or {}).get("value")
            versions[int(item["put-code"])] = modified
    return versions


def _read_scope(token: AccessToken | None) -> str:
    if token is None:
        return "public"
    return "read-limited" if "/read-limited" in token.scope.split() else "read-public"
