"""Bookkeeping of runs and their stages in `ops`, so that analysts and operators can see what
happened each night, and so that later stages know which run's data is complete."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Engine

from pipeline.db.queries import query

Outcome = Literal["succeeded", "failed"]


@dataclass(frozen=True, slots=True)
class Run:
    run_id: int
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    message: str | None


def start_run(
    engine: Engine,
    *,
    trigger: str,
    parameters: Mapping[str, Any] | None = None,
    flow_run_id: uuid.UUID | None = None,
) -> int:
    with engine.begin() as connection:
        return connection.execute(
            query("ops/start_run"),
            {
                "flow_run_id": flow_run_id,
                "trigger": trigger,
                "parameters": json.dumps(dict(parameters or {})),
            },
        ).scalar_one()


def finish_run(engine: Engine, run_id: int, outcome: Outcome, message: str | None = None) -> None:
    """Close a run once; a second call (e.g. a failure hook after a handled error) is a no-op."""
    with engine.begin() as connection:
        connection.execute(
            query("ops/finish_run"), {"run_id": run_id, "status": outcome, "message": message}
        )


def get_run(engine: Engine, run_id: int) -> Run | None:
    with engine.connect() as connection:
        row = connection.execute(query("ops/get_run"), {"run_id": run_id}).first()
    return None if row is None else Run(*row)
