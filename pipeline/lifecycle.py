"""A run's life as the office sees it in the morning: opened (new, or a failed or abandoned one
resumed from its first unfinished stage), each stage tried again after a transient error,
closed with its outcome — and a run whose process died closed by the next command, with what
it left half-written removed.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
import psycopg
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from pipeline import alerts, runs
from pipeline.config import Settings
from pipeline.context import ScanMode, Target
from pipeline.sources.http.retry import RetriesExhausted
from pipeline.stages import stages_to_run

log = logging.getLogger(__name__)

Resume = int | Literal["latest"] | None
"""Which run to resume: its id, the latest run of the flow, or none (start a new run)."""


@dataclass(frozen=True)
class OpenRun:
    """The run a flow works on: its id, its parameters, and the stages still to run, in order."""

    run_id: int
    mode: ScanMode
    stages: list[str]
    resumed: bool
    apply: list[Target] = field(default_factory=list)
    """The systems the load stage writes to in this run (`pure-orcid run --apply-orcid`)."""


def open_run(
    engine: Engine,
    *,
    trigger: str,
    mode: ScanMode,
    stages: Iterable[str] | None,
    resume: Resume = None,
    flow_run_id: uuid.UUID | None = None,
    apply: Iterable[Target] = (),
) -> OpenRun:
    """Start a new run, or, with `resume` (a run id, or "latest"), start a failed or abandoned
    run again with the parameters it was first given; its stages that succeeded are not run
    again (every stage can be re-run, so one that died half-way simply starts over). `apply`
    names the systems the load stage writes to (kept with the run, so a resume writes to the
    same ones)."""
    if resume is not None:
        resumed = runs.resume_run(engine, None if resume == "latest" else resume, flow_run_id)
        parameters: dict[str, Any] = resumed.parameters
        todo = [s for s in stages_to_run(parameters["stages"]) if s not in resumed.done]
        return OpenRun(resumed.run_id, parameters["mode"], todo, True, parameters.get("apply", []))
    wanted = stages_to_run(stages)
    targets = sorted(set(apply))
    run_id = runs.start_run(
        engine,
        trigger=trigger,
        parameters={"mode": mode, "stages": sorted(wanted), "apply": targets},
        flow_run_id=flow_run_id,
    )
    return OpenRun(run_id, mode, wanted, False, targets)


def close_run(
    engine: Engine,
    settings: Settings,
    run_id: int,
    outcome: runs.Outcome,
    message: str | None = None,
) -> None:
    """Close the run with its outcome; a failed one is reported (`pipeline.alerts`)."""
    runs.finish_run(engine, run_id, outcome, message)
    if outcome == "failed":
        alerts.alert(engine, settings, run_id)


def close_dead_runs(engine: Engine, settings: Settings) -> list[runs.AbandonedRun]:
    """Close the runs whose process is gone as abandoned, remove the half-written report
    folders they left and report them; every command that works on the database calls this
    first."""
    closed = runs.abandon_dead_runs(engine)
    if closed:
        from pipeline.publish.report import remove_report_leftovers

        for run in closed:
            log.warning("run %s: %s", run.run_id, run.message)
            remove_report_leftovers(settings, run.run_id, published=run.published)
            alerts.alert(engine, settings, run.run_id)
    return closed


def transient(error: BaseException) -> bool:
    """Whether another attempt of a stage may succeed where this one failed: a source that
    stayed unreachable through every request's retries, or a dropped database connection
    (wrapped by SQLAlchemy, or psycopg's own from a COPY that staging retried in vain).
    Anything else (bad data, a failed validation, a setting) fails the same way again."""
    if isinstance(
        error, RetriesExhausted | httpx.TransportError | OperationalError | psycopg.OperationalError
    ):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated
