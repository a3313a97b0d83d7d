"""Where each source's last successful extraction stopped, so the next night asks only for changes.

A watermark is set only after the whole extraction it covers is staged: a run that dies half-way
leaves the old watermark, and the next run asks again from there.
"""

from __future__ import annotations

from sqlalchemy import Engine

from pipeline.db.queries import query


def get_watermark(engine: Engine, source: str, scope: str) -> str | None:
    with engine.connect() as connection:
        return connection.execute(
            query("ops/get_watermark"), {"source": source, "scope": scope}
        ).scalar_one_or_none()


def set_watermark(engine: Engine, source: str, scope: str, value: str, run_id: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            query("ops/set_watermark"),
            {"source": source, "scope": scope, "value": value, "run_id": run_id},
        )


def forget_watermarks_of_run(engine: Engine, run_id: int) -> int:
    """Drop the watermarks a run moved, so the next run reads those sources in full: what a
    batch that failed validation staged cannot be trusted, and the records it emptied would not
    show up as changed to an incremental read."""
    with engine.begin() as connection:
        forgotten = connection.execute(query("ops/forget_watermarks_of_run"), {"run_id": run_id})
        return forgotten.rowcount
