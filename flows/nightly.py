"""The nightly flow: one task per stage, each a call into `pipeline`.

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
from pipeline.db import get_engine, require_head
from pipeline.extract.orcid import extract_orcid
from pipeline.extract.pure import extract_pure
from pipeline.match.institution import match_institution
from pipeline.publish import publish
from pipeline.quality import validate


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
def extract_from_pure(run_id: int, full: bool) -> dict[str, Any]:
    engine = get_engine()
    return runs.run_stage(
        engine,
        run_id,
        "extract-pure",
        lambda: extract_pure(engine, get_settings(), run_id, full=full),
    )


@task
def extract_from_orcid(run_id: int, incremental: bool) -> dict[str, Any]:
    engine = get_engine()
    return runs.run_stage(
        engine,
        run_id,
        "extract-orcid",
        lambda: extract_orcid(engine, get_settings(), run_id, incremental=incremental),
    )


@task
def match_records(run_id: int) -> dict[str, Any]:
    engine = get_engine()
    return runs.run_stage(engine, run_id, "match", lambda: match_institution(engine, run_id))


@task
def validate_records(run_id: int) -> dict[str, Any]:
    engine = get_engine()
    return runs.run_stage(
        engine, run_id, "validate", lambda: validate(engine, get_settings(), run_id)
    )


@task
def publish_results(run_id: int) -> dict[str, Any]:
    engine = get_engine()
    return runs.run_stage(
        engine, run_id, "publish", lambda: publish(engine, get_settings(), run_id)
    )


@task
def close_run(run_id: int, outcome: runs.Outcome, message: str | None = None) -> None:
    runs.finish_run(get_engine(), run_id, outcome, message)


@flow(name="nightly")
def nightly(
    trigger: str = "manual", full_scan: bool = False, stages: list[str] | None = None
) -> int:
    """Run the stages (all by default, always in their order) for the whole institution;
    returns the run id recorded in `ops.runs`.

    `full_scan` reads everything instead of what changed since the last run, which also finds
    deletions a change feed missed.
    """
    logger = get_run_logger()
    wanted = set(stages or runs.STAGES)
    if "publish" in wanted:
        wanted.add("validate")
    check_schema()
    run_id = open_run(trigger, {"full_scan": full_scan, "stages": sorted(wanted)})
    try:
        if "extract-pure" in wanted:
            logger.info("Pure: %s", extract_from_pure(run_id, full=full_scan))
        if "extract-orcid" in wanted:
            logger.info("ORCID: %s", extract_from_orcid(run_id, incremental=not full_scan))
        if "match" in wanted:
            logger.info("Matching: %s", match_records(run_id))
        if "validate" in wanted:
            logger.info("Validation: %s", validate_records(run_id))
        if "publish" in wanted:
            logger.info("Published: %s", publish_results(run_id))
    except Exception as error:
        close_run(run_id, "failed", f"{type(error).__name__}: {error}")
        raise
    close_run(run_id, "succeeded")
    logger.info("run %s succeeded", run_id)
    return run_id
