"""Candidate pairs from PostgreSQL: the set work (trigram and identifier joins) done where the
indexes are, so only plausible pairs reach the Python scorer.

The records go into temporary tables with COPY and vanish at commit, so a link call leaves
nothing behind and concurrent calls never see each other's records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine

from pipeline.db.queries import query, statement
from pipeline.match.config import MatchConfig
from pipeline.match.records import MatchRecord

LEFT, RIGHT = 0, 1

_FETCH_ROWS = 50_000
"""Candidate rows are streamed in chunks of this many, so memory stays flat however many."""


def _record_rows(side: int, records: Sequence[MatchRecord]) -> Iterator[tuple]:
    for rid, record in enumerate(records):
        yield side, rid, record.owner, record.title_key, record.main_key, record.year


def _identifier_rows(side: int, records: Sequence[MatchRecord]) -> Iterator[tuple]:
    for rid, record in enumerate(records):
        for type_, values in record.identifiers.items():
            for value in values:
                yield side, rid, record.owner, type_, value


def _copy(cursor: Any, name: str, rows: Iterator[tuple]) -> None:
    with cursor.copy(statement(name)) as copy:
        for row in rows:
            copy.write_row(row)


def _load(connection: Connection, tables: Sequence[Sequence[MatchRecord]]) -> None:
    cursor = connection.connection.driver_connection.cursor()
    cursor.execute(statement("match/create_tables"))
    for side, records in enumerate(tables):
        _copy(cursor, "match/copy_records", _record_rows(side, records))
        _copy(cursor, "match/copy_identifiers", _identifier_rows(side, records))
    cursor.execute(statement("match/index_tables"))


INDEX_FROM_RECORDS_PER_OWNER = 500
"""From how many records per owner a trigram index probe beats comparing every pair within an
owner: n² similarity computations (microseconds each) against n index probes (about a
millisecond each) cross over at a few hundred records."""


def candidate_pairs(
    engine: Engine,
    left: Sequence[MatchRecord],
    right: Sequence[MatchRecord] | None,
    config: MatchConfig,
) -> Iterator[list[tuple[int, int]]]:
    """Chunks of (left position, right position) pairs, each pair once. With `right` None,
    pairs within `left` (the smaller position first)."""
    tables = [left] if right is None else [left, right]
    right_side = LEFT if right is None else RIGHT
    with engine.begin() as connection:
        _load(connection, tables)
        connection.execute(
            query("match/set_similarity"), {"similarity": config.candidate_similarity}
        )
        owners = len({record.owner for table in tables for record in table}) or 1
        by_index = sum(len(table) for table in tables) / owners >= INDEX_FROM_RECORDS_PER_OWNER
        result = connection.execution_options(stream_results=True).execute(
            query("match/candidates"),
            {
                "left_side": LEFT,
                "right_side": right_side,
                "year_window": config.year_window,
                "by_index": by_index,
            },
        )
        for chunk in result.partitions(_FETCH_ROWS):
            yield [(row[0], row[1]) for row in chunk]
