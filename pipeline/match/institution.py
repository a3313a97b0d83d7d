"""Match the whole institution, researcher by researcher: each researcher's Pure outputs
against their ORCID works, and each source against itself for duplicates.

A researcher is a Pure person; their ORCID works are those of the iD Pure holds for them (of its
primary iD when ORCID deprecated it). A Pure output with several institution authors is matched
once for each of them. Researchers are taken a batch at a time, so memory stays flat however
large the institution. The links and the clusters they form replace the previous run's in
`core.match_links` and `core.work_clusters`.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine

from pipeline.db.queries import query, statement
from pipeline.match.config import MatchConfig
from pipeline.match.link import link
from pipeline.match.records import MatchRecord, make_record
from pipeline.normalize.identifiers import orcid as valid_orcid
from pipeline.sources.model import Identifier

BATCH = 500
"""Researchers matched together: large enough for few round trips, small enough for memory."""


@dataclass
class MatchSummary:
    researchers: int = 0
    researchers_with_orcid: int = 0
    pure_records: int = 0
    orcid_records: int = 0
    same_work_links: int = 0
    pure_duplicate_links: int = 0
    orcid_duplicate_links: int = 0
    seconds: float = 0.0


def _people(engine: Engine) -> dict[str, str | None]:
    """Pure person uuid → the iD whose ORCID works are theirs (None without a usable iD)."""
    with engine.connect() as connection:
        primaries = dict(connection.execute(query("match/orcid_primaries")).all())
        people = {}
        for person, stored in connection.execute(query("match/people")):
            orcid = valid_orcid(stored or "")
            people[person] = primaries.get(orcid, orcid) if orcid else None
    return people


def _records(rows: Iterable[Any], side: str, owners_of: dict[str, list[str]]) -> list[MatchRecord]:
    records = []
    for owner, record_id, title, subtitle, work_type, year, venue, identifiers, authors in rows:
        ids = [
            Identifier(t, raw, normalised, relationship)
            for t, raw, normalised, relationship in identifiers
        ]
        for person in owners_of.get(owner, [owner]):
            records.append(
                make_record(
                    record_id,
                    side,
                    person,
                    title=title,
                    subtitle=subtitle,
                    year=year,
                    work_type=work_type,
                    venue=venue,
                    authors=authors,
                    identifiers=ids,
                )
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


def _copy(connection: Connection, name: str, rows: Iterable[tuple]) -> None:
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(statement(name)) as copy:
        for row in rows:
            copy.write_row(row)


def match_institution(
    engine: Engine, run_id: int, config: MatchConfig | None = None, *, batch: int = BATCH
) -> MatchSummary:
    began = time.monotonic()
    # A Pure output may stand for several ORCID works of one group (one per source).
    config = config or MatchConfig(assignment="same-work-groups")
    people = _people(engine)
    summary = MatchSummary(
        researchers=len(people), researchers_with_orcid=sum(1 for o in people.values() if o)
    )
    with engine.begin() as connection:
        connection.execute(query("match/forget_run"), {"run_id": run_id})
    for persons in _batches(sorted(people), batch):
        orcid_owners: dict[str, list[str]] = defaultdict(list)
        for person in persons:
            if people[person]:
                orcid_owners[people[person]].append(person)
        with engine.connect() as connection:
            rows = connection.execute(
                query("match/works_of_researchers"),
                {"people": list(persons), "orcids": list(orcid_owners)},
            ).all()
        pure = _records((row[1:] for row in rows if row.source == "pure"), "pure", {})
        orcid = _records((row[1:] for row in rows if row.source == "orcid"), "orcid", orcid_owners)
        summary.pure_records += len(pure)
        summary.orcid_records += len(orcid)
        _match_batch(engine, run_id, config, pure, orcid, summary)
    with engine.begin() as connection:
        connection.execute(query("match/forget_other_runs"), {"run_id": run_id})
    summary.seconds = time.monotonic() - began
    return summary


def _match_batch(
    engine: Engine,
    run_id: int,
    config: MatchConfig,
    pure: list[MatchRecord],
    orcid: list[MatchRecord],
    summary: MatchSummary,
) -> None:
    owners_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    clusters = _Clusters()
    for record in (*pure, *orcid):
        owners_of[(record.side, record.record_id)].add(record.owner)
        clusters.add((record.owner, record.side, record.record_id))
    found = (
        (
            "same-work",
            ("pure", "orcid"),
            link(engine, pure, orcid, config) if pure and orcid else [],
        ),
        ("duplicate", ("pure", "pure"), link(engine, pure, None, config) if pure else []),
        ("duplicate", ("orcid", "orcid"), link(engine, orcid, None, config) if orcid else []),
    )
    summary.same_work_links += len(found[0][2])
    summary.pure_duplicate_links += len(found[1][2])
    summary.orcid_duplicate_links += len(found[2][2])
    rows = []
    for kind, (left, right), links in found:
        for pair in links:
            # Records are only compared within one owner; a pair belongs to every owner of both.
            shared = owners_of[(left, pair.left_id)] & owners_of[(right, pair.right_id)]
            for owner in sorted(shared):
                evidence = json.dumps(pair.evidence, default=str)
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
                    )
                )
                clusters.union((owner, left, pair.left_id), (owner, right, pair.right_id))
    with engine.begin() as connection:
        _copy(connection, "match/copy_links", rows)
        _copy(connection, "match/copy_clusters", clusters.rows(run_id))
