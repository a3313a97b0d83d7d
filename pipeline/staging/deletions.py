"""Works that a source no longer has: removed from the parsed rows, marked in the raw payloads.

Neither ORCID nor Pure reliably announces a deletion, so it is inferred: ORCID by comparing a
researcher's full put-code list with what is staged, Pure by a full scan that did not see a
record. The raw payload stays (with `deleted_at`), so a report can say what disappeared.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from sqlalchemy import Engine

from pipeline.db.queries import query
from pipeline.sources.model import Source


def remove_unlisted_works(
    engine: Engine,
    *,
    source: Source,
    listings: Mapping[str, Collection[str]],
    record_type: str,
    run_id: int,
) -> int:
    """For each owner, remove the staged works whose ids are not in the owner's listing (one
    statement for many owners: a nightly run settles hundreds at a time); returns how many."""
    if not listings:
        return 0
    kept = [record_id for listed in listings.values() for record_id in listed]
    with engine.begin() as connection:
        result = connection.execute(
            query("staging/delete_works_not_in"),
            {
                "source": source,
                "owners": list(listings),
                "kept": kept,
                "record_type": record_type,
                "run_id": run_id,
            },
        )
        return result.scalar_one()


def remove_records(
    engine: Engine, *, source: Source, record_type: str, ids: Collection[str], run_id: int
) -> int:
    """Remove the records a source reported deleted; returns how many were staged."""
    if not ids:
        return 0
    with engine.begin() as connection:
        result = connection.execute(
            query("staging/delete_records"),
            {"source": source, "record_type": record_type, "ids": list(ids), "run_id": run_id},
        )
        return result.scalar_one()


def remove_unseen(
    engine: Engine, *, source: Source, record_type: str, seen: Collection[str], run_id: int
) -> int:
    """After a full scan of run `run_id` that saw `seen`: every staged record of the type that
    it did not see is gone. Only the scan's own list counts, never what the rows' run stamps
    say, so nothing another process stamped can make a live record look deleted."""
    with engine.connect() as connection:
        unseen = list(
            connection.execute(
                query("staging/unseen_records"),
                {"source": source, "record_type": record_type, "seen": list(seen)},
            ).scalars()
        )
    return remove_records(engine, source=source, record_type=record_type, ids=unseen, run_id=run_id)
