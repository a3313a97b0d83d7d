"""The nightly flow: one task per stage (`pipeline.stages`), each a call into `pipeline`.

Stages run in order and each records itself in `ops.run_stages`; the first that fails ends the
run as failed (what it staged before failing stays, and the next run resumes from it). Publishing
needs this run's validation to have passed: asking for `publish` runs `validate` too.
"""

from __future__ import annotations

import uuid
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from pipeline import runs
from pipeline.config import get_settings
from pipeline.context import ScanMode, StageContext
from pipeline.db import get_engine, require_head
from pipeline.stages import run_named_stage, stages_to_run


@task
def check_schema() -> None:
    require_head(get_engine())


@task
def open_run(trigger: str, parameters: dict[str, Any]) -> int:
    prefect_id = flow_run.get_id()
    return runs.start_run(
        get_engine(),
        trigger=trigger,
        parameters=parameters,
        flow_run_id=uuid.UUID(prefect_id) if prefect_id else None,
    )


@task
def run_stage(run_id: int, stage: str, mode: ScanMode) -> dict[str, Any]:
    return run_named_stage(StageContext(get_engine(), get_settings(), run_id, mode), stage)


@task
def close_run(run_id: int, outcome: runs.Outcome, message: str | None = None) -> None:
    runs.finish_run(get_engine(), run_id, outcome, message)


@flow(name="nightly")
def nightly(
    trigger: str = "manual", mode: ScanMode = "incremental", stages: list[str] | None = None
) -> int:
    """Run the stages (all by default, always in their order) for the whole institution;
    returns the run id recorded in `ops.runs`.

    `mode="full"` reads everything instead of what changed since the last run, which also finds
    deletions a change feed missed.
    """
    logger = get_run_logger()
    wanted = stages_to_run(stages)
    check_schema()
    run_id = open_run(trigger, {"mode": mode, "stages": sorted(wanted)})
    try:
        for stage in wanted:
            summary = run_stage.with_options(name=stage)(run_id, stage, mode)
            logger.info("%s: %s", stage, summary)
    except Exception as error:
        close_run(run_id, "failed", f"{type(error).__name__}: {error}")
        raise
    close_run(run_id, "succeeded")
    logger.info("run %s succeeded", run_id)
    return run_id
