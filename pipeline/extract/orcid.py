"""The extract-orcid stage: the institution's researchers' ORCID works into staging.

Which researchers: every valid iD Pure holds or, in incremental mode, those of them ORCID's search
says changed since the last successful run. Each is read by the ORCID reader
(`pipeline.sources.orcid.reader`: record, then only new or changed works), and what it learnt is
staged; works no longer listed are removed.

HTTP runs in an event loop; staging writes run in one writer thread fed through a bounded queue,
so a COPY never stalls the requests and memory stays flat. Above about 70 requests/s the
researchers are shared out over processes (`ORCID_PROCESSES`).

A night calls the parts itself (`plan`, then `read_batch` for each batch of researchers, then
`finish`), so that each batch can be matched as soon as it is staged (`pipeline.night`).
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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Engine

from pipeline.config import Settings, get_settings
from pipeline.context import ScanMode, StageContext
from pipeline.db.queries import query
from pipeline.fanout import WHOLE, fan_out, merge
from pipeline.normalize.identifiers import orcid as normalise_orcid
from pipeline.probes import probe
from pipeline.progress import Meter, meter
from pipeline.runs import record_request_failures
from pipeline.sources.model import RecordError
from pipeline.sources.orcid.client import AccessToken
from pipeline.sources.orcid.reader import (
    OrcidEndpoint,
    OrcidReader,
    ResearcherRead,
    orcid_endpoint,
)
from pipeline.sources.orcid.tokens import (
    recheck_revoked,
    renew_expiring,
    renew_or_revoke,
    token_cipher,
    usable_tokens,
)
from pipeline.staging import StagingWriter, get_watermark, remove_unlisted_works, set_watermark

log = logging.getLogger(__name__)

WATERMARK_SCOPE = "researchers"


@dataclass
class OrcidExtractSummary:
    """What one extraction did, for the run summary and the benchmarks."""

    researchers: int = field(default=0, metadata=WHOLE)
    researchers_read: int = 0
    works_fetched: int = 0
    works_removed: int = 0
    requests: int = 0
    retries: int = 0
    """Requests sent again after a transient failure (also counted in `requests`)."""
    deprecated: int = 0
    deactivated: int = 0
    not_found: int = 0
    tokens_revoked: int = 0
    tokens_renewed: int = 0
    failed_researchers: int = 0
    seconds: float = field(default=0.0, metadata=WHOLE)
    mode: ScanMode = field(default="full", metadata=WHOLE)
    """How the extraction chose whom to read: every researcher, or those ORCID said changed."""


def institution_orcids(engine: Engine) -> list[str]:
    """The distinct valid iDs Pure holds; invalid ones are reported elsewhere, not read."""
    with engine.connect() as connection:
        stored = connection.execute(query("extract/institution_orcids")).scalars()
        return sorted({valid for raw in stored if (valid := normalise_orcid(raw))})


def _known_versions(engine: Engine, orcids: list[str]) -> dict[str, dict[int, int | None]]:
    """The staged works' versions of these iDs, and of the primaries of those deprecated."""
    versions: dict[str, dict[int, int | None]] = defaultdict(dict)
    with engine.connect() as connection:
        primaries = dict(connection.execute(query("match/orcid_primaries")).all())
        owners = sorted({*orcids, *(primaries[o] for o in orcids if o in primaries)})
        rows = connection.execute(query("extract/orcid_known_versions"), {"owners": owners})
        for owner, put_code, modified in rows:
            versions[owner][put_code] = modified
    return versions


class _WriterThread:
    """Owns the StagingWriter; results arrive through a bounded queue, in order.

    Each researcher's works are staged as they arrive; the bookkeeping that needs the whole
    researcher (record status, works no longer listed) is settled for `SETTLE_EVERY` researchers
    at a time, in a few statements, since one transaction per researcher was what limited the
    rate. A run killed before settling leaves that bookkeeping for the next run to redo.
    """

    _DONE = object()
    SETTLE_EVERY = 200

    def __init__(
        self, engine: Engine, run_id: int, summary: OrcidExtractSummary, counted: Meter
    ) -> None:
        self.engine = engine
        self.run_id = run_id
        self.summary = summary
        self.counted = counted
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=64)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="orcid-staging", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            with StagingWriter(self.engine, self.run_id) as writer:
                pending: list[ResearcherRead] = []
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

    def _stage(self, writer: StagingWriter, result: ResearcherRead) -> None:
        self.counted.advance()
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

    def _settle(self, writer: StagingWriter, results: list[ResearcherRead]) -> None:
        writer.flush()
        probe("extract-orcid")
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
        # Only new or changed works are fetched, so the scope of the others is set here: read
        # with the public token while a researcher's token was refused, they are read with it
        # again once it works, and must say so.
        scopes = [
            {"owner": result.owner, "scope": result.read_scope}
            for result in results
            if result.error is None and result.owner is not None
        ]
        with self.engine.begin() as connection:
            if statuses:
                connection.execute(query("ops/upsert_orcid_record_status"), statuses)
            if scopes:
                connection.execute(query("staging/set_orcid_read_scope"), scopes)
        for result in results:
            if result.token_revoked:
                # Only a refused renewal revokes: an expired token is renewed for the next read.
                outcome = renew_or_revoke(
                    self.engine, get_settings(), result.orcid, result.token_revoked
                )
                self.summary.tokens_revoked += outcome == "revoked"
                self.summary.tokens_renewed += outcome == "renewed"
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

    async def put(self, item: ResearcherRead) -> None:
        await asyncio.to_thread(self.queue.put, item)

    async def close(self) -> None:
        await asyncio.to_thread(self.queue.put, self._DONE)
        await asyncio.to_thread(self.thread.join)
        if self.failure is not None:
            raise self.failure


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
    counted: Meter,
) -> None:
    writer = _WriterThread(engine, run_id, summary, counted)
    try:
        async with OrcidReader(
            endpoint,
            researcher_tokens=researcher_tokens,
            known=_known_versions(engine, orcids),
            transport=transport,
        ) as reader:
            pending = iter(orcids)

            async def worker() -> None:
                for orcid in pending:
                    await writer.put(await reader.read(orcid))

            try:
                await asyncio.gather(*(worker() for _ in range(concurrency)))
            finally:
                summary.requests += reader.requests
                summary.retries += reader.retries
                record_request_failures(engine, run_id, "orcid", reader.failures)
    finally:
        await writer.close()


async def _search_changed(
    ctx: StageContext,
    endpoint: OrcidEndpoint,
    orcids: list[str],
    since: str,
    transport: httpx.AsyncBaseTransport | None,
    summary: OrcidExtractSummary,
) -> list[str]:
    async with OrcidReader(endpoint, transport=transport) as reader:
        try:
            return await reader.changed_since(orcids, since)
        finally:
            summary.requests += reader.requests
            summary.retries += reader.retries
            record_request_failures(ctx.engine, ctx.run_id, "orcid", reader.failures)


def _extract_shard(
    engine: Engine,
    orcids: list[str],
    *,
    run_id: int,
    endpoint: OrcidEndpoint,
    researcher_tokens: dict[str, AccessToken],
    concurrency: int,
    transport: httpx.AsyncBaseTransport | None,
) -> OrcidExtractSummary:
    """One process's share of the researchers, at its share of the rate (its progress shows
    when it runs in the stage's own process)."""
    summary = OrcidExtractSummary()
    with meter("extract-orcid: researchers", len(orcids)) as counted:
        asyncio.run(
            _extract(
                engine,
                run_id,
                endpoint,
                researcher_tokens,
                orcids,
                concurrency=concurrency,
                transport=transport,
                summary=summary,
                counted=counted,
            )
        )
    return summary


def _extract_all(
    engine: Engine,
    run_id: int,
    endpoint: OrcidEndpoint,
    researcher_tokens: dict[str, AccessToken],
    orcids: list[str],
    *,
    processes: int,
    concurrency: int,
    transport: httpx.AsyncBaseTransport | None,
) -> OrcidExtractSummary:
    """Parsing and staging cost CPU that one Python process cannot spread over cores: above
    about 70 requests/s, shards of researchers go to several processes, each paced at its
    share of the rate (and of the burst), so together they still keep to the limit."""
    extract_shard = functools.partial(
        _extract_shard,
        run_id=run_id,
        endpoint=_share_of(endpoint, processes),
        researcher_tokens=researcher_tokens,
        concurrency=max(1, concurrency // processes),
        transport=transport,
    )
    summary = OrcidExtractSummary()
    shards = [orcids[index::processes] for index in range(processes)]
    if processes <= 1:
        for part in fan_out(engine, extract_shard, shards, processes):
            merge(summary, part)
        return summary
    with meter(f"extract-orcid: shares of researchers ({processes} processes)", processes) as done:
        for part in fan_out(engine, extract_shard, shards, processes):
            merge(summary, part)
            done.advance()
    return summary


def _share_of(endpoint: OrcidEndpoint, shares: int) -> OrcidEndpoint:
    return dataclasses.replace(
        endpoint, rate=endpoint.rate / shares, burst=max(1, endpoint.burst // shares)
    )


@dataclass(frozen=True)
class OrcidPlan:
    """Whom one run reads from ORCID, decided before the first is read."""

    targets: list[str]
    """The iDs to read, in order: all the institution's, or those ORCID says changed (and
    those to read again)."""
    researchers: int
    """All the institution's valid iDs."""
    mode: ScanMode
    watermark: str
    """Where the next incremental run starts: when this one began."""
    search_requests: int = 0
    tokens_renewed: int = 0
    """Researchers' tokens renewed before the first read: about to expire, or revoked during
    the last run and renewed when tried once more."""
    tokens_revoked: int = 0


def plan(
    ctx: StageContext,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> OrcidPlan:
    """The iDs Pure holds (it must have staged its persons), or in incremental mode, when a
    previous extraction finished, only those ORCID's search says changed since, those the
    last extraction could not read and those read without the token that works now."""
    started = clock()
    engine = ctx.engine
    reinstated = recheck_revoked(engine, ctx.settings, ctx.run_id)
    renewed, revoked = renew_expiring(engine, ctx.settings)
    targets = institution_orcids(engine)
    since = get_watermark(engine, "orcid", WATERMARK_SCOPE) if ctx.mode == "incremental" else None
    found = OrcidPlan(
        targets=targets,
        researchers=len(targets),
        mode="full" if since is None else "incremental",
        watermark=started.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        tokens_renewed=renewed + reinstated,
        tokens_revoked=revoked,
    )
    if since is None:
        return found
    searched = OrcidExtractSummary()
    changed = asyncio.run(
        _search_changed(
            ctx, _endpoint(ctx.settings, transport), targets, since, transport, searched
        )
    )
    # Whom the last run could not read, or read without the token that works now, is read
    # again although nothing changed at ORCID: the night after a storm heals it.
    again = set(_unread(engine)) & set(targets)
    return dataclasses.replace(
        found, targets=sorted({*changed, *again}), search_requests=searched.requests
    )


def _unread(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(
            connection.execute(query("extract/orcid_unread"), {"scope": WATERMARK_SCOPE}).scalars()
        )


_ENDPOINTS: dict[tuple[str, ...], OrcidEndpoint] = {}


def _endpoint(settings: Settings, transport: httpx.AsyncBaseTransport | None) -> OrcidEndpoint:
    """The endpoint and its /read-public token, asked for once per process (and client): every
    batch of a night reads with the same token, which lasts for years."""
    if transport is not None:
        return orcid_endpoint(settings, transport)
    key = (
        str(settings.orcid_member_api_url),
        str(settings.orcid_public_api_url),
        str(settings.orcid_token_url),
        settings.orcid_client_id or "",
        str(settings.orcid_rate),
        str(settings.orcid_public_rate),
        str(settings.orcid_burst),
    )
    if key not in _ENDPOINTS:
        _ENDPOINTS[key] = orcid_endpoint(settings)
    return _ENDPOINTS[key]


def read_batch(
    ctx: StageContext,
    orcids: list[str],
    *,
    shares: int = 1,
    transport: httpx.AsyncBaseTransport | None = None,
) -> OrcidExtractSummary:
    """Read one batch of researchers into staging, at `1/shares` of the rate: the night runs
    `shares` batches at a time, wherever its task runner puts them, and together they keep to
    ORCID's limit without sharing anything."""
    began = time.monotonic()
    settings = ctx.settings
    summary = _extract_shard(
        ctx.engine,
        orcids,
        run_id=ctx.run_id,
        endpoint=_share_of(_endpoint(settings, transport), shares),
        researcher_tokens=usable_tokens(ctx.engine, token_cipher(settings)),
        concurrency=max(1, settings.orcid_concurrency // shares),
        transport=transport,
    )
    summary.seconds = time.monotonic() - began
    return summary


def finish(
    ctx: StageContext, planned: OrcidPlan, parts: list[OrcidExtractSummary]
) -> OrcidExtractSummary:
    """The stage's figures from its batches', and the watermark moved: every batch is read."""
    summary = OrcidExtractSummary(
        researchers=planned.researchers,
        mode=planned.mode,
        requests=planned.search_requests,
        tokens_renewed=planned.tokens_renewed,
        tokens_revoked=planned.tokens_revoked,
    )
    for part in parts:
        merge(summary, part)
    summary.seconds = sum(part.seconds for part in parts)
    set_watermark(ctx.engine, "orcid", WATERMARK_SCOPE, planned.watermark, ctx.run_id)
    log.info("ORCID extraction: %s", summary)
    return summary


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
    began = time.monotonic()
    engine, settings = ctx.engine, ctx.settings
    planned = plan(ctx, transport=transport, clock=clock)
    # A transport (a test's) cannot be handed to another process.
    processes = settings.orcid_processes if transport is None and len(planned.targets) > 1 else 1
    part = _extract_all(
        engine,
        ctx.run_id,
        _endpoint(settings, transport),
        usable_tokens(engine, token_cipher(settings)),
        planned.targets,
        processes=processes,
        concurrency=settings.orcid_concurrency,
        transport=transport,
    )
    summary = finish(ctx, planned, [part])
    summary.seconds = time.monotonic() - began
    return summary
