"""Extract the institution's researchers' ORCID works into staging.

Per researcher: the record (its works summary lists every put-code the token may see, with its
last-modified date; its history says whether an older ORCID deactivated it), then full works in
bulk reads of up to 100, only for put-codes that are new or changed since the last extraction;
works no longer listed are removed. In incremental mode, ORCID's search is asked first which of
the institution's iDs changed since the last successful run, and only those are read. All
requests share one `Pacer`, so however many are in flight the rate stays within ORCID's limit.

HTTP runs in an event loop; staging writes run in one writer thread fed through a bounded queue,
so a COPY never stalls the requests and memory stays flat.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import logging
import queue
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from sqlalchemy import Engine

from pipeline.config import Settings
from pipeline.context import ScanMode, StageContext
from pipeline.db.queries import query
from pipeline.fanout import WHOLE, fan_out, merge
from pipeline.normalize.identifiers import orcid as normalise_orcid
from pipeline.sources.http import Pacer
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
from pipeline.sources.orcid.tokens import revoke_token, token_cipher, usable_tokens
from pipeline.staging import StagingWriter, get_watermark, remove_unlisted_works, set_watermark

log = logging.getLogger(__name__)
T = TypeVar("T")

WATERMARK_SCOPE = "researchers"
SEARCH_BATCH = 200
"""iDs per search query: keeps the URL well under the 8 KB that proxies commonly accept."""


@dataclass
class OrcidExtractSummary:
    """What one extraction did, for the run summary and the benchmarks."""

    researchers: int = field(default=0, metadata=WHOLE)
    researchers_read: int = 0
    works_fetched: int = 0
    works_removed: int = 0
    requests: int = 0
    deprecated: int = 0
    deactivated: int = 0
    not_found: int = 0
    tokens_revoked: int = 0
    failed_researchers: int = 0
    seconds: float = field(default=0.0, metadata=WHOLE)
    mode: ScanMode = field(default="full", metadata=WHOLE)
    """How the extraction chose whom to read: every researcher, or those ORCID said changed."""


@dataclass
class _ResearcherResult:
    """Everything learnt about one researcher, handed from the event loop to the writer."""

    orcid: str
    owner: str | None = None
    """The iD whose works were read: the primary iD of a deprecated one."""
    status: str = "active"
    summary: dict[str, Any] | None = None
    listed: list[str] = field(default_factory=list)
    works: list[Parsed] = field(default_factory=list)
    raw_works: dict[str, dict[str, Any]] = field(default_factory=dict)
    read_scope: str = "public"
    token_revoked: str | None = None
    error: RecordError | None = None


@dataclass(frozen=True)
class OrcidEndpoint:
    """Where to read and how fast: the member API with a token, or the anonymous public API."""

    api_url: str
    rate: float
    burst: int
    public_token: AccessToken | None


def institution_orcids(engine: Engine) -> list[str]:
    """The distinct valid iDs Pure holds; invalid ones are reported elsewhere, not read."""
    with engine.connect() as connection:
        stored = connection.execute(query("extract/institution_orcids")).scalars()
        return sorted({valid for raw in stored if (valid := normalise_orcid(raw))})


def _known_versions(engine: Engine) -> dict[str, dict[int, int | None]]:
    versions: dict[str, dict[int, int | None]] = defaultdict(dict)
    with engine.connect() as connection:
        for owner, put_code, modified in connection.execute(query("extract/orcid_known_versions")):
            versions[owner][put_code] = modified
    return versions


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


class _Reader:
    """Reads researchers concurrently; one instance per extraction."""

    def __init__(
        self,
        client: OrcidClient,
        public_token: AccessToken | None,
        researcher_tokens: dict[str, AccessToken],
        known: dict[str, dict[int, int | None]],
    ) -> None:
        self.client = client
        self.public_token = public_token
        self.researcher_tokens = researcher_tokens
        self.known = known

    async def read(self, orcid: str) -> _ResearcherResult:
        result = _ResearcherResult(orcid=orcid)
        try:
            try:
                await self._read(result)
            except _ResearcherTokenRejected as rejected:
                # Revoked or expired between two requests, or before the first: the researcher
                # is read again from the start with the public token, so what is staged is one
                # consistent view of the record.
                result = _ResearcherResult(orcid=orcid, token_revoked=rejected.message)
                await self._read(result)
        except QuotaExhausted:
            raise
        except (OrcidError, RetriesExhausted, httpx.HTTPError, ValueError, KeyError) as error:
            result.error = RecordError(orcid, "record", f"{type(error).__name__}: {error}")
        return result

    def _token(self, owner: str) -> AccessToken | None:
        return self.researcher_tokens.get(owner) or self.public_token

    async def _call(self, owner: str, request: Callable[[AccessToken | None], Awaitable[T]]) -> T:
        """One request with the owner's best token; a rejected researcher token is dropped."""
        token = self._token(owner)
        try:
            return await request(token)
        except TokenRejected as rejected:
            if token is self.public_token:
                raise
            self.researcher_tokens.pop(owner, None)
            raise _ResearcherTokenRejected(str(rejected)) from rejected

    async def _record(self, result: _ResearcherResult, owner: str) -> dict[str, Any]:
        result.read_scope = _read_scope(self._token(owner))
        return await self._call(owner, lambda token: self.client.record(owner, token))

    async def _read(self, result: _ResearcherResult) -> None:
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
                owner, lambda token, batch=batch: self.client.works(owner, batch, token)
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


class _WriterThread:
    """Owns the StagingWriter; results arrive through a bounded queue, in order.

    Each researcher's works are staged as they arrive; the bookkeeping that needs the whole
    researcher (record status, works no longer listed) is settled for `SETTLE_EVERY` researchers
    at a time, in a few statements, since one transaction per researcher was what limited the
    rate. A run killed before settling leaves that bookkeeping for the next run to redo.
    """

    _DONE = object()
    SETTLE_EVERY = 200

    def __init__(self, engine: Engine, run_id: int, summary: OrcidExtractSummary) -> None:
        self.engine = engine
        self.run_id = run_id
        self.summary = summary
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=64)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="orcid-staging", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            with StagingWriter(self.engine, self.run_id) as writer:
                pending: list[_ResearcherResult] = []
                while (item := self.queue.get()) is not self._DONE:
                    self._stage(writer, item)
                    pending.append(item)
                    if len(pending) >= self.SETTLE_EVERY:
                        self._settle(writer, pending)
                        pending = []
                self._settle(writer, pending)
        except BaseException as error:  # handed to the event loop, which re-raises it
            self.failure = error
            while self.queue.get() is not self._DONE:
                pass

    def _stage(self, writer: StagingWriter, result: _ResearcherResult) -> None:
        summary = self.summary
        if result.error is not None:
            writer.add_error("orcid", result.error)
            summary.failed_researchers += 1
            return
        summary.deprecated += result.status == "deprecated"
        summary.deactivated += result.status == "deactivated"
        summary.not_found += result.status == "not-found"
        if result.owner is None or result.summary is None:
            return
        summary.researchers_read += 1
        writer.add_raw("orcid", "record", result.owner, result.summary)
        for parsed in result.works:
            if isinstance(parsed, RecordError):
                writer.add_error("orcid", parsed)
                continue
            raw = result.raw_works.get(parsed.source_record_id)
            if raw is not None:
                writer.add_raw("orcid", "work", parsed.source_record_id, raw)
            writer.add_work(parsed, read_scope=result.read_scope)
            summary.works_fetched += 1

    def _settle(self, writer: StagingWriter, results: list[_ResearcherResult]) -> None:
        writer.flush()
        statuses = [
            {
                "orcid": result.orcid,
                "status": result.status,
                "primary_orcid": result.owner if result.status == "deprecated" else None,
                "run_id": self.run_id,
            }
            for result in results
            if result.error is None
        ]
        if statuses:
            with self.engine.begin() as connection:
                connection.execute(query("ops/upsert_orcid_record_status"), statuses)
        for result in results:
            if result.token_revoked:
                revoke_token(self.engine, result.orcid, result.token_revoked)
                self.summary.tokens_revoked += 1
        listings: dict[str, list[str]] = {}
        for result in results:
            if result.error is not None:
                continue
            if result.status in ("deactivated", "not-found"):
                listings[result.orcid] = []
            elif result.owner is not None:
                listings[result.owner] = result.listed
        self.summary.works_removed += remove_unlisted_works(
            self.engine, source="orcid", listings=listings, record_type="work", run_id=self.run_id
        )

    async def put(self, item: _ResearcherResult) -> None:
        await asyncio.to_thread(self.queue.put, item)

    async def close(self) -> None:
        await asyncio.to_thread(self.queue.put, self._DONE)
        await asyncio.to_thread(self.thread.join)
        if self.failure is not None:
            raise self.failure


async def _changed_since(
    client: OrcidClient, token: AccessToken | None, orcids: list[str], since: str
) -> list[str]:
    """The iDs among `orcids` whose record changed at or after `since` (ISO 8601, UTC)."""
    changed: set[str] = set()
    for batch in chunked(orcids, SEARCH_BATCH):
        found_query = f"orcid:({' OR '.join(batch)}) AND profile-last-modified-date:[{since} TO *]"
        offset = 0
        while True:
            page = await client.search(found_query, token, start=offset)
            results = page.get("result") or []
            changed.update(r["orcid-identifier"]["path"] for r in results)
            offset += len(results)
            if not results or offset >= int(page.get("num-found") or 0):
                break
    return sorted(changed & set(orcids))


async def _extract(
    engine: Engine,
    run_id: int,
    endpoint: OrcidEndpoint,
    researcher_tokens: dict[str, AccessToken],
    orcids: list[str],
    *,
    concurrency: int,
    transport: httpx.AsyncBaseTransport | None,
    summary: OrcidExtractSummary,
) -> None:
    writer = _WriterThread(engine, run_id, summary)
    try:
        async with _client(endpoint, transport, summary) as client:
            known = _known_versions(engine)
            reader = _Reader(client, endpoint.public_token, researcher_tokens, known)
            pending = iter(orcids)

            async def worker() -> None:
                for orcid in pending:
                    await writer.put(await reader.read(orcid))

            await asyncio.gather(*(worker() for _ in range(concurrency)))
    finally:
        await writer.close()


@asynccontextmanager
async def _client(
    endpoint: OrcidEndpoint,
    transport: httpx.AsyncBaseTransport | None,
    summary: OrcidExtractSummary,
) -> AsyncIterator[OrcidClient]:
    """A client paced to the endpoint's rate; its requests are counted in `summary` at the end."""
    pacer = Pacer(endpoint.rate, burst=endpoint.burst)
    client = OrcidClient(api_url=endpoint.api_url, pacer=pacer, transport=transport)
    try:
        yield client
    finally:
        summary.requests += pacer.requests
        await client.aclose()


async def _search_changed(
    endpoint: OrcidEndpoint,
    orcids: list[str],
    since: str,
    transport: httpx.AsyncBaseTransport | None,
    summary: OrcidExtractSummary,
) -> list[str]:
    async with _client(endpoint, transport, summary) as client:
        return await _changed_since(client, endpoint.public_token, orcids, since)


def _extract_shard(
    engine: Engine,
    orcids: list[str],
    *,
    run_id: int,
    endpoint: OrcidEndpoint,
    researcher_tokens: dict[str, AccessToken],
    concurrency: int,
) -> OrcidExtractSummary:
    """One process's share of the researchers, at its share of the rate (run in a worker)."""
    summary = OrcidExtractSummary()
    asyncio.run(
        _extract(
            engine,
            run_id,
            endpoint,
            researcher_tokens,
            orcids,
            concurrency=concurrency,
            transport=None,
            summary=summary,
        )
    )
    return summary


def _extract_in_processes(
    engine: Engine,
    run_id: int,
    endpoint: OrcidEndpoint,
    researcher_tokens: dict[str, AccessToken],
    orcids: list[str],
    *,
    processes: int,
    concurrency: int,
    summary: OrcidExtractSummary,
) -> None:
    """Parsing and staging cost CPU that one Python process cannot spread over cores: above
    about 70 requests/s, shards of researchers go to several processes, each paced at its
    share of the rate (and of the burst), so together they still keep to the limit."""
    extract_shard = functools.partial(
        _extract_shard,
        run_id=run_id,
        endpoint=dataclasses.replace(
            endpoint, rate=endpoint.rate / processes, burst=max(1, endpoint.burst // processes)
        ),
        researcher_tokens=researcher_tokens,
        concurrency=max(1, concurrency // processes),
    )
    shards = [orcids[index::processes] for index in range(processes)]
    for part in fan_out(engine, extract_shard, shards, processes):
        merge(summary, part)


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


def run(
    ctx: StageContext,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> OrcidExtractSummary:
    """Read the researchers' ORCID works into staging; returns what was done.

    Incremental when asked and a previous extraction finished: then only the iDs ORCID says
    changed are read. The watermark moves only when the whole extraction succeeded.
    """
    started, began = clock(), time.monotonic()
    engine, settings, run_id = ctx.engine, ctx.settings, ctx.run_id
    targets = institution_orcids(engine)
    since = get_watermark(engine, "orcid", WATERMARK_SCOPE) if ctx.mode == "incremental" else None
    summary = OrcidExtractSummary(
        researchers=len(targets), mode="full" if since is None else "incremental"
    )
    endpoint = orcid_endpoint(settings, transport)
    researcher_tokens = usable_tokens(engine, token_cipher(settings))
    if since is not None:
        targets = asyncio.run(_search_changed(endpoint, targets, since, transport, summary))
    if settings.orcid_processes > 1 and transport is None and len(targets) > 1:
        _extract_in_processes(
            engine,
            run_id,
            endpoint,
            researcher_tokens,
            targets,
            processes=settings.orcid_processes,
            concurrency=settings.orcid_concurrency,
            summary=summary,
        )
    else:
        asyncio.run(
            _extract(
                engine,
                run_id,
                endpoint,
                researcher_tokens,
                targets,
                concurrency=settings.orcid_concurrency,
                transport=transport,
                summary=summary,
            )
        )
    summary.seconds = time.monotonic() - began
    set_watermark(
        engine,
        "orcid",
        WATERMARK_SCOPE,
        started.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        run_id,
    )
    log.info("ORCID extraction: %s", summary)
    return summary
