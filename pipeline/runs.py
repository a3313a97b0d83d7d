"""Bookkeeping of runs and their stages in `ops`, so that analysts and operators can see what
happened each night, and so that later stages know which run's data is complete."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, is_dataclass
from typing import Any, Literal

from sqlalchemy import Engine

from pipeline.db.queries import query
from pipeline.sources.model import RecordError

Outcome = Literal["succeeded", "failed"]


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


def run_stage(engine: Engine, run_id: int, name: str, work: Callable[[], Any]) -> dict[str, Any]:
    """Run one stage of a run and record it in `ops.run_stages`: its figures (the fields of what
    `work` returns) as the summary, or, when it raises, the failure and its message."""
    with engine.begin() as connection:
        connection.execute(query("ops/start_stage"), {"run_id": run_id, "stage": name})
    summary: dict[str, Any] = {}
    outcome: Outcome = "failed"
    message = None
    try:
        result = work()
        summary = asdict(result) if is_dataclass(result) and not isinstance(result, type) else {}
        outcome = "succeeded"
    except Exception as error:
        message = f"{type(error).__name__}: {error}"
        raise
    finally:
        with engine.begin() as connection:
            connection.execute(
                query("ops/finish_stage"),
                {
                    "run_id": run_id,
                    "stage": name,
                    "status": outcome,
                    "summary": json.dumps(summary, default=str),
                    "message": message,
                },
            )
    return summary


def record_errors(engine: Engine, run_id: int) -> list[RecordError]:
    """The records a run could not read, in the order it met them."""
    with engine.connect() as connection:
        rows = connection.execute(query("ops/record_errors_of_run"), {"run_id": run_id})
        return [RecordError(record_id, field, message) for record_id, field, message in rows]
