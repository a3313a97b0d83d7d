"""Match the whole institution, researcher by researcher: each researcher's Pure outputs
against their ORCID works, and each source against itself for duplicates.

A researcher is a Pure person; their ORCID works are those of the iD Pure holds for them (of its
primary iD when ORCID deprecated it). A Pure output with several institution authors is matched
once for each of them (its record is built once and copied per owner). Researchers are taken a
batch at a time, so memory stays flat however large the institution, and batches are matched by
worker processes side by side. The links and the clusters they form replace the previous run's in
`core.match_links` and `core.work_clusters`. `MatchSummary.phase_seconds` says where the time
went: reading the staged works, building records, candidates, scoring, clustering, writing.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import resource
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from pipeline import normalize as normalize_package
from pipeline.context import StageContext
from pipeline.db.queries import copy_rows, query
from pipeline.fanout import LARGEST, WHOLE, combined, fan_out, merge
from pipeline.match.config import MatchConfig
from pipeline.match.link import Link, link_tables, paused_gc
from pipeline.match.records import MatchRecord, make_record
from pipeline.normalize.identifiers import orcid as valid_orcid
from pipeline.probes import probe
from pipeline.progress import meter
from pipeline.sources.model import Identifier

BATCH = 500
"""Researchers matched together: large enough for few round trips, small enough for memory
(a worker holding a batch of an institution like the synthetic one peaks near 0.4 GB)."""

MAX_PROCESSES = 4
"""At most this many worker processes by default, however many cores: beyond a few,
PostgreSQL serving their reads and writes is the limit, and each holds a batch in memory."""

PHASES = ("read", "records", "candidates", "scoring", "clustering", "write")
"""Where a matching run's time goes: reading the staged works, building match records,
candidate pairs, scoring them, choosing links and clusters, writing them."""


@dataclass
class MatchSummary:
    researchers: int = field(default=0, metadata=WHOLE)
    researchers_with_orcid: int = field(default=0, metadata=WHOLE)
    researchers_matched: int = 0
    """Researchers matched by this run: all of them in a full run; in an incremental one those
    whose staged records, or the matching rules, changed since they were last matched."""
    researchers_forgotten: int = 0
    """Researchers no longer in Pure whose links and clusters were removed."""
    pure_records: int = 0
    orcid_records: int = 0
    same_work_links: int = 0
    pure_duplicate_links: int = 0
    orcid_duplicate_links: int = 0
    seconds: float = field(default=0.0, metadata=WHOLE)
    phase_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PHASES, 0.0))
    """Seconds per phase (see `PHASES`), summed over the worker processes, so a slow night
    shows where the time went; with several workers they add up to more than `seconds`."""
    processes: int = field(default=1, metadata=WHOLE)
    peak_memory_mib: float = field(default=0.0, metadata=LARGEST)
    """The largest peak resident memory of a process that matched (a worker's, or this
    process's own when it matched alone)."""


def _people(engine: Engine) -> dict[str, str | None]:
    """Pure person uuid → the iD whose ORCID works are theirs (None without a usable iD)."""
    with engine.connect() as connection:
        primaries = dict(connection.execute(query("match/orcid_primaries")).all())
        people = {}
        for person, stored in connection.execute(query("match/people")):
            orcid = valid_orcid(stored or "")
            people[person] = primaries.get(orcid, orcid) if orcid else None
    return people


def _records(rows: Iterable[Any], owners_of: dict[str, list[str]]) -> list[MatchRecord]:
    """One match record per row and owner: a Pure output for each of its institution authors,
    an ORCID work for each researcher whose iD it is under. The record is built once and
    copied per owner, since normalising it is the expensive part."""
    records = []
    for row in rows:
        (source, owners, record_id, title, subtitle, work_type, year, venue,
         id_types, id_values, relationships, authors) = row  # fmt: skip
        record = make_record(
            record_id,
            source,
            owners[0],
            title=title,
            subtitle=subtitle,
            year=year,
            work_type=work_type,
            venue=venue,
            authors=authors,
            identifiers=[
                Identifier(t, value, value, relationship)
                for t, value, relationship in zip(id_types, id_values, relationships, strict=True)
            ],
        )
        people = [p for owner in owners for p in owners_of.get(owner, [owner])]
        records.extend(
            record if person == record.owner else dataclasses.replace(record, owner=person)
            for person in people
        )
    return records


def _batches(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Clusters:
    """Union-find over one batch's links; every record starts alone."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str, str], tuple[str, str, str]] = {}

    def add(self, node: tuple[str, str, str]) -> None:
        self.parent.setdefault(node, node)

    def find(self, node: tuple[str, str, str]) -> tuple[str, str, str]:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
        first, second = sorted((self.find(a), self.find(b)))
        self.parent[second] = first

    def rows(self, run_id: int) -> Iterator[tuple]:
        for node in self.parent:
            owner, source, record_id = node
            root = self.find(node)
            yield (run_id, owner, source, record_id, f"{root[1]}:{root[2]}")


def rules_version(config: MatchConfig) -> str:
    """The version of the matching rules: a digest of the thresholds and of the code that
    normalises and matches. A researcher matched under another version is matched again, so a
    change of rules reaches everyone on the next night, incremental or not."""
    digest = hashlib.sha256(repr(config).encode())
    for folder in (Path(__file__).parent, Path(normalize_package.__file__).parent):
        for source in sorted(folder.glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


People = dict[str, tuple[str | None, str]]
"""Pure person uuid → the iD whose ORCID works are theirs (None without a usable iD), and the
digest of what their matching reads."""


def _input_digests(engine: Engine, people: dict[str, str | None]) -> dict[str, Any]:
    with engine.connect() as connection:
        rows = connection.execute(
            query("match/input_digests"),
            {"people": list(people), "orcids": list(people.values())},
        )
        return {row.person: row for row in rows}


def match_researchers(
    ctx: StageContext,
    persons: Sequence[str] | None = None,
    *,
    config: MatchConfig | None = None,
    batch: int = BATCH,
    processes: int | None = None,
) -> MatchSummary:
    """Match these researchers (all by default) and replace their links and clusters.

    In an incremental run only those whose staged records (a digest of what their matching
    reads) or the rules (`rules_version`) changed since they were last matched; in a full run
    all of them. Batches of researchers are independent (records are only compared within one
    researcher), so with more than one batch they are matched by `processes` worker processes
    at once (default: one per core). Python does the normalising and scoring and PostgreSQL
    the reading and writing; with two workers each keeps a core busy while the other waits
    for the database.
    """
    began = time.perf_counter()
    engine, run_id = ctx.engine, ctx.run_id
    # A Pure output may stand for several ORCID works of one group (one per source).
    config = config or MatchConfig(assignment="same-work-groups")
    version = rules_version(config)
    people = _people(engine)
    if persons is not None:
        people = {p: people[p] for p in persons if p in people}
    digests = _input_digests(engine, people)
    chosen: People = {
        person: (orcid, digests[person].digest)
        for person, orcid in people.items()
        if ctx.mode == "full"
        or digests[person].digest != digests[person].matched_digest
        or digests[person].matched_rules != version
    }
    summary = MatchSummary(
        researchers=len(people),
        researchers_with_orcid=sum(1 for o in people.values() if o),
        researchers_matched=len(chosen),
    )
    ordered = sorted(chosen)
    batches = [{p: chosen[p] for p in persons} for persons in _batches(ordered, batch)]
    workers = min(len(batches), processes or min(os.cpu_count() or 1, MAX_PROCESSES))
    summary.processes = max(workers, 1)
    match_batch = functools.partial(_match_people, run_id=run_id, config=config, version=version)
    with meter("match: researchers", len(chosen)) as counted:
        parts = fan_out(engine, match_batch, batches, workers)
        for batch_people, part in zip(batches, parts, strict=True):
            merge(summary, part)
            counted.advance(len(batch_people))
            probe("match")
    summary.seconds = time.perf_counter() - began
    return summary


def forget_former_researchers(ctx: StageContext) -> int:
    """Remove the links and clusters of researchers Pure no longer holds; how many."""
    with ctx.engine.begin() as connection:
        owners = list(connection.execute(query("match/former_researchers")).scalars())
        if owners:
            connection.execute(query("match/forget_owners"), {"owners": owners})
    return len(owners)


def finish(ctx: StageContext, parts: Sequence[MatchSummary]) -> MatchSummary:
    """The stage's figures from those of its batches, once every researcher is matched, and
    the researchers no longer in Pure forgotten."""
    people = _people(ctx.engine)
    summary = combined([MatchSummary(), *parts])
    summary.researchers = len(people)
    summary.researchers_with_orcid = sum(1 for o in people.values() if o)
    summary.processes = max(part.processes for part in parts) if parts else 1
    summary.seconds = sum(part.seconds for part in parts)
    summary.researchers_forgotten = forget_former_researchers(ctx)
    with ctx.engine.begin() as connection:
        connection.execute(query("match/analyze"))
    return summary


def run(
    ctx: StageContext,
    *,
    config: MatchConfig | None = None,
    batch: int = BATCH,
    processes: int | None = None,
) -> MatchSummary:
    """The match stage: every researcher whose matching may have changed (`match_researchers`),
    and those no longer in Pure forgotten."""
    began = time.perf_counter()
    summary = match_researchers(ctx, config=config, batch=batch, processes=processes)
    summary = finish(ctx, [summary])
    summary.seconds = time.perf_counter() - began
    return summary


def peak_memory_mib() -> float:
    """This process's peak resident memory. From /proc where there is one, because the
    `getrusage` figure of a process started from a large one counts the parent's memory."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _match_people(
    engine: Engine, people: People, *, run_id: int, config: MatchConfig, version: str
) -> MatchSummary:
    """One batch: read the researchers' works, build records, link them, and replace their
    links, clusters and digests in one transaction."""
    with paused_gc():
        summary = MatchSummary()
        orcid_owners: dict[str, list[str]] = defaultdict(list)
        for person, (orcid, _) in people.items():
            if orcid:
                orcid_owners[orcid].append(person)
        clock = time.perf_counter()
        with engine.connect() as connection:
            rows = connection.execute(
                query("match/works_of_researchers"),
                {"people": list(people), "orcids": list(orcid_owners)},
            ).all()
        summary.phase_seconds["read"] += time.perf_counter() - clock
        clock = time.perf_counter()
        pure = _records((row for row in rows if row.source == "pure"), {})
        orcid = _records((row for row in rows if row.source == "orcid"), orcid_owners)
        summary.phase_seconds["records"] += time.perf_counter() - clock
        summary.pure_records += len(pure)
        summary.orcid_records += len(orcid)
        _match_batch(engine, run_id, config, version, people, pure, orcid, summary)
        summary.peak_memory_mib = peak_memory_mib()
        return summary


def _match_batch(
    engine: Engine,
    run_id: int,
    config: MatchConfig,
    version: str,
    people: People,
    pure: list[MatchRecord],
    orcid: list[MatchRecord],
    summary: MatchSummary,
) -> None:
    linked = link_tables(pure, orcid, config, duplicates=True)
    for phase, seconds in linked.seconds.items():
        summary.phase_seconds[phase] += seconds
    clock = time.perf_counter()
    owners_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    clusters = _Clusters()
    for record in (*pure, *orcid):
        owners_of[(record.side, record.record_id)].add(record.owner)
        clusters.add((record.owner, record.side, record.record_id))
    found: tuple[tuple[str, tuple[str, str], list[Link]], ...] = (
        ("same-work", ("pure", "orcid"), linked.across),
        ("duplicate", ("pure", "pure"), linked.left_duplicates),
        ("duplicate", ("orcid", "orcid"), linked.right_duplicates),
    )
    summary.same_work_links += len(linked.across)
    summary.pure_duplicate_links += len(linked.left_duplicates)
    summary.orcid_duplicate_links += len(linked.right_duplicates)
    rows = []
    for kind, (left, right), links in found:
        for pair in links:
            # Records are only compared within one owner; a pair belongs to every owner of both.
            shared = owners_of[(left, pair.left_id)] & owners_of[(right, pair.right_id)]
            evidence = json.dumps(pair.evidence, default=str)
            for owner in sorted(shared):
                rows.append(
                    (
                        run_id,
                        owner,
                        kind,
                        left,
                        pair.left_id,
                        right,
                        pair.right_id,
                        pair.score,
                        pair.method,
                        evidence,
                        version,
                    )
                )
                clusters.union((owner, left, pair.left_id), (owner, right, pair.right_id))
    with engine.begin() as connection:
        connection.execute(query("match/forget_owners"), {"owners": list(people)})
        cursor = connection.connection.driver_connection.cursor()
        copy_rows(cursor, "match/copy_links", rows)
        copy_rows(cursor, "match/copy_clusters", clusters.rows(run_id))
        copy_rows(
            cursor,
            "match/copy_matched",
            ((person, digest, version, run_id) for person, (_, digest) in people.items()),
        )
        connection.execute(
            query("match/researcher_records"), {"people": list(people), "run_id": run_id}
        )
    summary.phase_seconds["write"] += time.perf_counter() - clock


def researchers_records(
    engine: Engine, people: dict[str, str | None]
) -> tuple[list[MatchRecord], list[MatchRecord]]:
    """The Pure and the ORCID match records of `people` (Pure person → the iD whose ORCID
    works are theirs), each owned by the person, as matching builds them: for callers that
    compare records the way matching does (the load stage's push safety)."""
    orcid_owners: dict[str, list[str]] = defaultdict(list)
    for person, orcid in people.items():
        if orcid:
            orcid_owners[orcid].append(person)
    with engine.connect() as connection:
        rows = connection.execute(
            query("match/works_of_researchers"),
            {"people": list(people), "orcids": list(orcid_owners)},
        ).all()
    pure = _records((row for row in rows if row.source == "pure"), {})
    orcid = _records((row for row in rows if row.source == "orcid"), orcid_owners)
    return [r for r in pure if r.owner in people], orcid
