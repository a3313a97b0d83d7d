"""Extract the institution's organisational units, persons and research outputs from Pure into
staging.

A full scan pages through the collections and then treats whatever staging holds that the scan
did not see as deleted: this reconciliation also catches deletions a change feed missed. A scan
takes long enough for records to move under it (offset paging then skips a record for each one
removed before it), so after WS 5.24's scan the change feed since the scan began is replayed,
and the Pure API's scan is repeated until a pass finds nothing new.

The incremental mode (WS 5.24 only) reads the change feed from the last run's resumption token,
pages with no items and `moreChanges: true` included, and fetches the changed records by uuid.

A night reads Pure in two parts (`read_part`): the units and persons, which say whom to read
from ORCID, then the outputs, most of Pure, while ORCID is read (`pipeline.night`); `run` reads
both at once, as the stage run alone does.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Engine

from pipeline.context import ScanMode, StageContext
from pipeline.fanout import WHOLE
from pipeline.probes import probe
from pipeline.progress import meter
from pipeline.runs import record_request_failures
from pipeline.sources.model import OrgUnit, Person, RecordError
from pipeline.sources.pure import API_PARSERS, WS_PARSERS, Kind, Parser, parse_ws_changes
from pipeline.sources.pure.client import Collection, PureClient, pure_client
from pipeline.staging import (
    StagingWriter,
    get_watermark,
    remove_records,
    remove_unseen,
    set_watermark,
)

log = logging.getLogger(__name__)

RECORD_TYPES: dict[Collection, Kind] = {
    "organisational-units": "org-unit",
    "persons": "person",
    "research-outputs": "research-output",
}
"""The collections in the order a scan reads them: units first, so no person reaches staging
before the units its `org_unit_ids` name."""
FAMILIES: dict[str, Collection] = {
    "Organisation": "organisational-units",
    "Person": "persons",
    "ResearchOutput": "research-outputs",
}
"""The change feed's `familySystemName`s (UMN's feed calls units `Organisation`)."""
WATERMARK_SCOPE = "changes"
MAX_RESCANS = 3


@dataclass
class PureExtractSummary:
    mode: ScanMode = field(default="full", metadata=WHOLE)
    """How the extraction read Pure: in full whenever it could not read incrementally."""
    org_units: int = 0
    persons: int = 0
    research_outputs: int = 0
    removed: int = 0
    errors: int = 0
    requests: int = 0
    retries: int = 0
    """Requests sent again after a transient failure (also counted in `requests`)."""
    seconds: float = 0.0


def _parsers(interface: str) -> dict[Collection, Parser]:
    parsers = WS_PARSERS if interface == "ws524" else API_PARSERS
    return {collection: parsers[kind] for collection, kind in RECORD_TYPES.items()}


class _Stager:
    """Parses Pure items and hands them to the writer, counting as it goes."""

    def __init__(self, writer: StagingWriter, interface: str, summary: PureExtractSummary) -> None:
        self.writer = writer
        self.parsers = _parsers(interface)
        self.summary = summary

    def stage(self, collection: Collection, item: dict[str, Any]) -> str | None:
        """Stage one item; returns its uuid (None when it has none and so cannot be kept)."""
        uuid = item.get("uuid")
        if not isinstance(uuid, str) or not uuid:
            self._error(RecordError("(no uuid)", "uuid", f"a {collection} item without uuid"))
            return None
        self.writer.add_raw("pure", RECORD_TYPES[collection], uuid, item)
        try:
            parsed = self.parsers[collection](item)
        except RecordError as error:
            self._error(error)
            return uuid
        if isinstance(parsed, OrgUnit):
            self.writer.add_org_unit("pure", parsed)
            self.summary.org_units += 1
        elif isinstance(parsed, Person):
            self.writer.add_person(parsed)
            self.summary.persons += 1
        else:
            self.writer.add_work(parsed)
            self.summary.research_outputs += 1
        return uuid

    def stage_all(self, collection: Collection, items: list[dict[str, Any]]) -> set[str]:
        return {uuid for item in items if (uuid := self.stage(collection, item)) is not None}

    def _error(self, error: RecordError) -> None:
        self.writer.add_error("pure", error)
        self.summary.errors += 1


async def _scan(client: PureClient, stager: _Stager, collection: Collection) -> set[str]:
    """Page through a collection; each page is staged in a thread while the next is fetched."""
    seen: set[str] = set()
    with meter(f"extract-pure: {collection}") as counted:
        for _ in range(MAX_RESCANS if client.interface == "api" else 1):
            before = len(seen)
            pages = client.pages(collection)
            fetching = asyncio.ensure_future(anext(pages, None))
            while (page := await fetching) is not None:
                fetching = asyncio.ensure_future(anext(pages, None))
                items = page.get("items") or []
                if counted.total is None and page.get("count") is not None:
                    counted.expect(int(page["count"]))
                seen.update(await asyncio.to_thread(stager.stage_all, collection, items))
                counted.advance(len(items))
            if before and len(seen) == before:
                break
    return seen


async def _replay_changes(
    client: PureClient, stager: _Stager, engine: Engine, run_id: int, key: str
) -> tuple[str, int]:
    """Apply the change feed from `key` to its end; returns the token to resume from and how
    many records were removed."""
    latest: dict[tuple[Collection, str], str] = {}
    while True:
        page = parse_ws_changes(await client.changes(key))
        for change in page.changes:
            collection = FAMILIES.get(change.family)
            if collection is not None:
                latest[(collection, change.uuid)] = change.change_type
        key = page.resumption_token or key
        if not page.more_changes:
            break
    removed = 0
    for collection in FAMILIES.values():
        deleted = [u for (c, u), kind in latest.items() if c == collection and kind == "DELETE"]
        changed = [u for (c, u), kind in latest.items() if c == collection and kind != "DELETE"]
        for item in await client.by_uuids(collection, changed):
            stager.stage(collection, item)
        stager.writer.flush()
        removed += remove_records(
            engine, source="pure", record_type=RECORD_TYPES[collection], ids=deleted, run_id=run_id
        )
    return key, removed


PEOPLE: tuple[Collection, ...] = ("organisational-units", "persons")
"""What the rest of the night waits for: the ORCID iDs to read, and who the researchers are."""
OUTPUTS: tuple[Collection, ...] = ("research-outputs",)


@dataclass(frozen=True)
class PureRead:
    """Where an extraction in two parts stands between them: how it reads (None: a full scan;
    else the change feed position it started from) and when its scan began."""

    since: str | None
    scan_began: dt.datetime


async def _extract(
    engine: Engine,
    run_id: int,
    client: PureClient,
    *,
    read: PureRead,
    collections: tuple[Collection, ...],
    finish: bool,
    summary: PureExtractSummary,
) -> str | None:
    """A full scan of `collections` (their unseen records then removed), or for an incremental
    read the whole change feed from `read.since`; when `finish`, the change feed replayed since
    the scan began. Returns the watermark to resume from when finishing."""
    with StagingWriter(engine, run_id) as writer:
        stager = _Stager(writer, client.interface, summary)
        if read.since is not None:
            if not finish:
                return None
            watermark, summary.removed = await _replay_changes(
                client, stager, engine, run_id, read.since
            )
            return watermark
        seen: dict[Collection, set[str]] = {}
        for collection in collections:
            if collection == "research-outputs":
                probe("extract-pure")
            seen[collection] = await _scan(client, stager, collection)
        writer.flush()
        for collection in collections:
            summary.removed += remove_unseen(
                engine,
                source="pure",
                record_type=RECORD_TYPES[collection],
                seen=seen[collection],
                run_id=run_id,
            )
        if not finish:
            return None
        if client.interface != "ws524":
            return read.scan_began.strftime("%Y-%m-%dT%H:%M:%SZ")
        watermark, removed = await _replay_changes(
            client, stager, engine, run_id, read.scan_began.strftime("%Y-%m-%d")
        )
        summary.removed += removed
        return watermark


def begin(
    ctx: StageContext, *, clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
) -> PureRead:
    """How this run reads Pure: incrementally from the last run's position in the change feed
    when there is one and the interface has a feed, otherwise (or when asked) a full scan."""
    since = get_watermark(ctx.engine, "pure", WATERMARK_SCOPE)
    if ctx.mode == "full" or ctx.settings.pure_interface != "ws524":
        since = None
    return PureRead(since, clock())


def read_part(
    ctx: StageContext,
    read: PureRead,
    collections: tuple[Collection, ...],
    *,
    finish: bool,
    transport: httpx.AsyncBaseTransport | None = None,
) -> PureExtractSummary:
    """One part of the extraction: a full scan of `collections`; `finish` for the last part,
    which replays the change feed (all of an incremental read happens there) and moves the
    watermark. The night reads the people first (`PEOPLE`), so that the ORCID extraction can
    start while the outputs (`OUTPUTS`), most of Pure, are still being read."""
    began = time.monotonic()
    engine, run_id = ctx.engine, ctx.run_id
    summary = PureExtractSummary(mode="full" if read.since is None else "incremental")
    client = pure_client(ctx.settings, transport)

    async def extract() -> str | None:
        try:
            return await _extract(
                engine,
                run_id,
                client,
                read=read,
                collections=collections,
                finish=finish,
                summary=summary,
            )
        finally:
            summary.requests = client.requests
            summary.retries = client.retries
            record_request_failures(engine, run_id, "pure", client.failures)
            await client.aclose()

    watermark = asyncio.run(extract())
    if watermark is not None:
        set_watermark(engine, "pure", WATERMARK_SCOPE, watermark, run_id)
    summary.seconds = time.monotonic() - began
    log.info("Pure extraction (%s): %s", ", ".join(collections), summary)
    return summary


def run(
    ctx: StageContext,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> PureExtractSummary:
    """Read Pure into staging (see `begin`): the whole stage in one call."""
    read = begin(ctx, clock=clock)
    return read_part(ctx, read, (*PEOPLE, *OUTPUTS), finish=True, transport=transport)
