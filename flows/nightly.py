"""The nightly flow: one task per stage (`pipeline.stages`), each a call into `pipeline`.

The flow holds the database for its whole life (`pipeline.lock`), so a second run, however it
was started, stops at once instead of deleting what this one stages. Stages run in order and
each records itself in `ops.run_stages`; one that fails on a transient error (a source that
stayed unreachable, a dropped database connection) is tried again after a pause, and the first
that fails for good ends the run as failed. What it staged before failing stays, and
`resume` starts the run again from its first unfinished stage, with its first parameters.
Publishing needs this run's validation to have passed: asking for `publish` runs `validate` too.
"""

from __future__ import annotations

import uuid
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.client.schemas.objects import TaskRun
from prefect.runtime import flow_run
from prefect.states import State
from prefect.tasks import Task, exponential_backoff

from pipeline import lifecycle, lock
from pipeline.config import get_settings
from pipeline.context import ScanMode, StageContext
from pipeline.db import get_engine, require_head
from pipeline.progress import LogDisplay, showing
from pipeline.runs import Outcome
from pipeline.stages import run_named_stage


@task
def check_schema() -> None:
    require_head(get_engine())


@task
def close_dead_runs() -> None:
    lifecycle.close_dead_runs(get_engine(), get_settings())


@task
def open_run(
    trigger: str, mode: ScanMode, stages: list[str] | None, resume: lifecycle.Resume
) -> lifecycle.OpenRun:
    prefect_id = flow_run.get_id()
    return lifecycle.open_run(
        get_engine(),
        trigger=trigger,
        mode=mode,
        stages=stages,
        resume=resume,
        flow_run_id=uuid.UUID(prefect_id) if prefect_id else None,
    )


def _transient(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    return lifecycle.transient(state.result(raise_on_failure=False))


@task(retry_condition_fn=_transient)
def run_stage(run_id: int, stage: str, mode: ScanMode) -> dict[str, Any]:
    with showing(LogDisplay(get_run_logger())):  # the counts of long stages, in the run's log
        return run_named_stage(StageContext(get_engine(), get_settings(), run_id, mode), stage)


@task
def close_run(run_id: int, outcome: Outcome, message: str | None = None) -> None:
    lifecycle.close_run(get_engine(), get_settings(), run_id, outcome, message)


@flow(name="nightly")
def nightly(
    trigger: str = "manual",
    mode: ScanMode = "incremental",
    stages: list[str] | None = None,
    resume: lifecycle.Resume = None,
) -> int:
    """Run the stages (all by default, always in their order) for the whole institution;
    returns the run id recorded in `ops.runs`.

    `mode="full"` reads everything instead of what changed since the last run, which also finds
    deletions a change feed missed. `resume` (a run id, or "latest") continues a failed or
    abandoned run instead of starting a new one.
    """
    logger = get_run_logger()
    settings = get_settings()
    engine = get_engine()
    with lock.exclusive(engine, "run"):
        check_schema()
        close_dead_runs()
        run = open_run(trigger, mode, stages, resume)
        lock.describe(engine, f"run {run.run_id}")
        if run.resumed:
            logger.info("resuming run %s at %s", run.run_id, ", ".join(run.stages) or "its end")
        retrying = run_stage.with_options(
            retries=settings.stage_retries,
            retry_delay_seconds=exponential_backoff(settings.stage_retry_delay)(
                settings.stage_retries
            ),
        )
        try:
            for stage in run.stages:
                lock.check(engine)
                summary = retrying.with_options(name=stage)(run.run_id, stage, run.mode)
                logger.info("%s: %s", stage, summary)
        except Exception as error:
            close_run(run.run_id, "failed", f"{type(error).__name__}: {error}")
            raise
        close_run(run.run_id, "succeeded")
    logger.info("run %s succeeded", run.run_id)
    return run.run_id
