"""The Pure half of the load stage: ORCID works Pure lacks proposed to Pure, and DOIs added.

With the Pure API (PURE_INTERFACE=api) the public ORCID works of the report's "to import into
Pure" list become research outputs awaiting approval (pipeline.load.pure_body), and Pure outputs
without a DOI get the one their matched ORCID work has (reporting.doi_enrichment). Both are
written only when the run was asked to (`--apply-pure`), within the caps; otherwise counted.
Every write call is recorded in ops.pure_writes as Pure answered it.

With the read-only Web Service 5.24 nothing can be written, so the same works are written as
files Pure imports (BibTeX and RIS, one pair per faculty, pipeline.load.pure_files) in the
run's report folder, and the DOIs stay a review list.

A work is proposed once: the ORCID records behind every output the pipeline created are
remembered, and the next night's matching links the output (by the ORCID id it carries) to
those works, so they leave the list. Proposals are made per work, not per researcher: a work
two colleagues both list on ORCID becomes one output naming both.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine

from pipeline.context import StageContext
from pipeline.db.queries import query
from pipeline.load.caps import WriteCaps
from pipeline.load.pure_body import (
    Proposal,
    Researcher,
    create_body,
    has_doi,
    with_doi,
)
from pipeline.load.pure_files import write_import_files
from pipeline.normalize.titles import title_key
from pipeline.sources.pure.writer import JournalRef, PureWriter, WriteReply, pure_writer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PureLoadSummary:
    applied: bool
    """Whether the run wrote to Pure; if not, the figures say what it would have written."""
    interface: str
    """`api`: outputs created through the Pure API; `ws524`: import files written instead."""
    candidates: int
    """Works on the "to import into Pure" list not proposed by an earlier run (one per work)."""
    to_create: int
    """Of those, the ones this run creates (or, in a dry run, would create) within the caps."""
    created: int
    already_proposed: int
    """Works on the list that an earlier run already created in Pure (awaiting approval)."""
    unplaceable: int
    """Works Pure could not take as they are: a journal article whose journal Pure does not
    hold, or researchers without a unit to manage the output."""
    doi_candidates: int
    """Pure outputs that can take a DOI from their matched ORCID work (reporting.doi_enrichment)."""
    doi_to_update: int
    doi_updated: int
    conflicts: int
    """Writes Pure refused with 409 Version conflict even after one re-read."""
    failed: int
    """Writes Pure refused (4xx) or did not answer."""
    files: list[str] = field(default_factory=list)
    """Import files written (Web Service configuration), relative to the report folder."""
    capped_researchers: list[str] = field(default_factory=list)
    run_capped: bool = False


@dataclass
class _Tally:
    created: int = 0
    updated: int = 0
    conflicts: int = 0
    failed: int = 0
    unplaceable: int = 0


def load_pure(ctx: StageContext) -> PureLoadSummary:
    """Propose the works Pure lacks and add the DOIs it lacks, or count them in a dry run."""
    caps = WriteCaps.of(ctx.settings, "Pure")
    with ctx.engine.connect() as connection:
        proposals, already = _proposals(connection)
        enrichments = _enrichments(connection)
    planned = [p for p in proposals if caps.take(p.researchers[0].person_uuid)]
    dois = [e for e in enrichments if caps.take(e["person_uuid"])]
    api = ctx.settings.pure_interface == "api"
    applied = api and ctx.applies("pure")
    files: list[str] = []
    if not api:
        files = write_import_files(ctx.settings, ctx.run_id, proposals)
    tally = _Tally()
    if applied:
        tally = asyncio.run(_write(ctx, planned, dois))
    return PureLoadSummary(
        applied=applied,
        interface=ctx.settings.pure_interface,
        candidates=len(proposals),
        to_create=len(planned),
        created=tally.created,
        already_proposed=already,
        unplaceable=tally.unplaceable,
        doi_candidates=len(enrichments),
        doi_to_update=len(dois) if api else 0,
        doi_updated=tally.updated,
        conflicts=tally.conflicts,
        failed=tally.failed,
        files=files,
        capped_researchers=sorted(caps.stopped),
        run_capped=caps.run_stopped,
    )


def _proposals(connection: Connection) -> tuple[list[Proposal], int]:
    """The works to propose, one per work: researchers' rows merged when they share a DOI, or
    else a title and year; and how many works an earlier run already proposed."""
    written = set(connection.execute(query("load/pure_written")).scalars())
    merged: dict[tuple[Any, ...], Proposal] = {}
    already: set[tuple[Any, ...]] = set()
    for row in connection.execute(query("load/pure_candidates")).mappings():
        key = (
            ("doi", row["doi"].lower())
            if row["doi"]
            else (
                "title",
                title_key(row["title"] or ""),
                row["pub_year"],
            )
        )
        if written.intersection(row["orcid_records"]) or key in already:
            already.add(key)
            merged.pop(key, None)
            continue
        researcher = Researcher(
            row["person_uuid"],
            row["given_names"],
            row["family_name"],
            tuple(row["org_unit_ids"] or ()),
            row["faculty"],
        )
        proposal = merged.get(key)
        if proposal is None:
            merged[key] = Proposal(
                orcid_records=list(row["orcid_records"]),
                title=row["title"] or "",
                subtitle=row["subtitle"],
                work_type=row["work_type"] or "other",
                pub_year=row["pub_year"],
                pub_month=row["pub_month"],
                pub_day=row["pub_day"],
                venue=row["venue"],
                issn=row["issn"],
                isbn=row["isbn"],
                language=row["language"],
                doi=row["doi"],
                authors=list(row["authors"] or []),
                researchers=[researcher],
            )
        else:
            new = [r for r in row["orcid_records"] if r not in proposal.orcid_records]
            proposal.orcid_records += new
            if researcher.person_uuid not in {r.person_uuid for r in proposal.researchers}:
                proposal.researchers.append(researcher)
    return list(merged.values()), len(already)


def _enrichments(connection: Connection) -> list[dict[str, Any]]:
    written = set(connection.execute(query("load/pure_doi_written")).scalars())
    rows = connection.execute(query("load/pure_doi_enrichments")).mappings()
    return [dict(row) for row in rows if row["pure_uuid"] not in written]


async def _write(
    ctx: StageContext, proposals: list[Proposal], enrichments: list[dict[str, Any]]
) -> _Tally:
    writer = pure_writer(ctx.settings)
    tally = _Tally()
    try:
        journals: dict[tuple[str | None, str | None], JournalRef | None] = {}
        for proposal in proposals:
            await _create(ctx, writer, proposal, journals, tally)
        for enrichment in enrichments:
            await _add_doi(ctx, writer, enrichment, tally)
    finally:
        await writer.aclose()
    return tally


async def _create(
    ctx: StageContext,
    writer: PureWriter,
    proposal: Proposal,
    journals: dict[tuple[str | None, str | None], JournalRef | None],
    tally: _Tally,
) -> None:
    journal = None
    if proposal.pure_type.in_journal:
        key = (proposal.issn, proposal.venue)
        if key not in journals:
            journals[key] = await writer.find_journal(proposal.issn, proposal.venue)
        journal = journals[key]
    if (proposal.pure_type.in_journal and journal is None) or proposal.managing_unit is None:
        tally.unplaceable += 1
        log.warning(
            "Pure: %s is not proposed: %s",
            proposal.orcid_records[0],
            "Pure holds no journal %r" % (proposal.issn or proposal.venue)
            if proposal.managing_unit
            else "its researchers belong to no unit in Pure",
        )
        return
    reply = await writer.create(create_body(proposal, journal, ctx.run_id))
    uuid = (reply.record or {}).get("uuid")
    outcome = "created" if reply.ok else _failure(reply)
    tally.created += reply.ok
    tally.failed += not reply.ok
    _record(
        ctx.engine,
        run_id=ctx.run_id,
        kind="create",
        person_uuid=proposal.researchers[0].person_uuid,
        orcid_records=proposal.orcid_records,
        path="/research-outputs",
        pure_uuid=uuid,
        doi=proposal.doi,
        reply=reply,
        outcome=outcome,
    )


async def _add_doi(
    ctx: StageContext, writer: PureWriter, enrichment: dict[str, Any], tally: _Tally
) -> None:
    """GET the output, add the DOI, PUT it back with the version read; on 409 read it again
    and try once more (unless the DOI arrived meanwhile), else report the conflict."""
    uuid, doi = enrichment["pure_uuid"], enrichment["doi"]
    path = f"/research-outputs/{uuid}"
    for attempt in range(2):
        current = await writer.read(uuid)
        if current.record is None:
            tally.failed += 1
            _record_doi(ctx, enrichment, path, current, "failed")
            return
        if has_doi(current.record):
            return
        reply = await writer.update(uuid, with_doi(current.record, doi))
        if reply.ok:
            tally.updated += 1
            _record_doi(ctx, enrichment, path, reply, "updated")
            return
        _record_doi(ctx, enrichment, path, reply, _failure(reply))
        if reply.status != 409:
            tally.failed += 1
            return
        if attempt == 1:
            tally.conflicts += 1
            log.warning("Pure: %s changed while its DOI was added, twice; left for review", uuid)


def _failure(reply: WriteReply) -> str:
    if reply.status == 409:
        return "conflict"
    return "refused" if reply.status is not None and reply.status < 500 else "failed"


def _record_doi(
    ctx: StageContext, enrichment: dict[str, Any], path: str, reply: WriteReply, outcome: str
) -> None:
    _record(
        ctx.engine,
        run_id=ctx.run_id,
        kind="doi",
        person_uuid=enrichment["person_uuid"],
        orcid_records=list(enrichment["orcid_records"]),
        path=path,
        pure_uuid=enrichment["pure_uuid"],
        doi=enrichment["doi"],
        reply=reply,
        outcome=outcome,
    )


def _record(
    engine: Engine,
    *,
    run_id: int,
    kind: str,
    person_uuid: str,
    orcid_records: list[str],
    path: str,
    pure_uuid: str | None,
    doi: str | None,
    reply: WriteReply,
    outcome: str,
) -> None:
    """One audit row, committed at once: a crash after a create still leaves its record."""
    with engine.begin() as connection:
        connection.execute(
            query("load/pure_record_write"),
            {
                "run_id": run_id,
                "kind": kind,
                "person_uuid": person_uuid,
                "orcid_records": orcid_records,
                "method": "PUT",
                "path": path,
                "pure_uuid": pure_uuid,
                "doi": doi,
                "status": reply.status,
                "outcome": outcome,
                "error": reply.error,
            },
        )
