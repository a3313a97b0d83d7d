"""The nightly flow: one task per stage, each a call into `pipeline`.

Stages are added here in order as they are built (extract, normalise, match, validate,
publish). Until then the flow checks the schema and records the run in `ops.runs`; nothing
pretends to have done more.
"""

from __future__ import annotations

import uuid

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from pipeline import runs
from pipeline.db import get_engine, require_head


@task
def check_schema() -> None:
    require_head(get_engine())


@task
def open_run(trigger: str) -> int:
    prefect_id = flow_run.get_id()
    return runs.start_run(
        get_engine(),
        trigger=trigger,
        flow_run_id=uuid.UUID(prefect_id) if prefect_id else None,
    )


@task
def close_run(run_id: int, outcome: runs.Outcome, message: str | None = None) -> None:
    runs.finish_run(get_engine(), run_id, outcome, message)


@flow(name="nightly")
def nightly(trigger: str = "manual") -> int:
    """Run every stage for the whole institution; returns the run id recorded in `ops.runs`."""
    check_schema()
    run_id = open_run(trigger)
    close_run(run_id, "succeeded")
    get_run_logger().info("run %s succeeded", run_id)
    return run_id
