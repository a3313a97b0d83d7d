"""Bookkeeping of runs and their stages in `ops`, so that analysts and operators can see what
happened each night, and so that later stages know which run's data is complete."""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any, Literal

from sqlalchemy import Engine

from pipeline import lock
from pipeline.db.queries import query
from pipeline.sources.http import FailedRequest
from pipeline.sources.model import RecordError, Source

Outcome = Literal["succeeded", "failed"]


class NotResumable(ValueError):
    """The run asked to resume does not exist, did not stop, or was followed by another."""


@dataclass(frozen=True)
class Resumed:
    """A run started again: its id, the parameters it was first started with, and the stages
    it had already finished (which the resume skips)."""

    run_id: int
    parameters: dict[str, Any]
    done: frozenset[str]


@dataclass(frozen=True)
class AbandonedRun:
    run_id: int
    stage: str | None
    """The stage (or stages) it was in when its process ended; None between stages."""
    message: str
    published: bool


def start_run(
    engine: Engine,
    *,
    trigger: str,
    parameters: Mapping[str, Any] | None = None,
    flow_run_id: uuid.UUID | None = None,
) -> int:
    """Record a new run and its first attempt, by this process; with the database lock held
    (`pipeline.lock`), the attempt is alive as long as the lock's session is."""
    with engine.begin() as connection:
        return connection.execute(
            query("ops/start_run"),
            {
                "flow_run_id": flow_run_id,
                "trigger": trigger,
                "parameters": json.dumps(dict(parameters or {})),
                **_process(engine),
            },
        ).scalar_one()


def resume_run(
    engine: Engine, run_id: int | None = None, flow_run_id: uuid.UUID | None = None
) -> Resumed:
    """Start a failed or abandoned run again (`run_id`, default the latest run of the flow), as
    a new attempt with its original parameters. Refused for a run that succeeded, is still
    running, or that a later run followed (its data is no longer what that later run left)."""
    with engine.begin() as connection:
        found = connection.execute(query("ops/resumable_run"), {"run_id": run_id}).one_or_none()
        if found is None:
            raise NotResumable(
                "there is no run to resume" if run_id is None else f"run {run_id} does not exist"
            )
        if "stages" not in found.parameters:
            raise NotResumable(f"run {found.run_id} is not a run of the flow; it cannot resume")
        if found.status not in ("failed", "abandoned"):
            raise NotResumable(f"run {found.run_id} is {found.status}: there is nothing to resume")
        if found.followed:
            raise NotResumable(
                f"run {found.run_id} cannot be resumed: a later run has started since; "
                "start a new run instead"
            )
        connection.execute(
            query("ops/reopen_run"),
            {"run_id": found.run_id, "flow_run_id": flow_run_id, **_process(engine)},
        )
    return Resumed(found.run_id, dict(found.parameters), frozenset(found.done))


def abandon_dead_runs(engine: Engine) -> list[AbandonedRun]:
    """Close every run still marked running whose process is gone (its lock session no longer
    holds the lock) as abandoned, with the stage it died in."""
    with engine.begin() as connection:
        rows = connection.execute(query("ops/abandon_dead_runs"), lock.LOCK).all()
    return [AbandonedRun(row.run_id, row.stage, row.message, row.published) for row in rows]


def _process(engine: Engine) -> dict[str, Any]:
    """Who runs the run: the host, the process, and the database session holding its lock."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "lock_session": lock.session(engine)}


def finish_run(engine: Engine, run_id: int, outcome: Outcome, message: str | None = None) -> None:
    """Close a run once; a second call (e.g. a failure hook after a handled error) is a no-op."""
    with engine.begin() as connection:
        connection.execute(
            query("ops/finish_run"), {"run_id": run_id, "status": outcome, "message": message}
        )


def open_stage(engine: Engine, run_id: int, name: str) -> None:
    """Record that a stage of the run started (again)."""
    with engine.begin() as connection:
        connection.execute(query("ops/start_stage"), {"run_id": run_id, "stage": name})


def close_stage(
    engine: Engine,
    run_id: int,
    name: str,
    result: Any = None,
    error: BaseException | None = None,
) -> dict[str, Any]:
    """Record how a stage ended: its figures (the fields of `result`, a dataclass), or, with
    `error`, the failure and its message. Returns the figures."""
    summary = asdict(result) if is_dataclass(result) and not isinstance(result, type) else {}
    with engine.begin() as connection:
        connection.execute(
            query("ops/finish_stage"),
            {
                "run_id": run_id,
                "stage": name,
                "status": "failed" if error is not None else "succeeded",
                "summary": json.dumps(summary, default=str),
                "message": None if error is None else failure(error),
            },
        )
    return summary


def failure(error: BaseException) -> str:
    """How a failure reads in `ops` and alerts: its kind and message, and for a timeout the
    setting that set it, since Prefect's own text names none."""
    if isinstance(error, TimeoutError):
        return f"timed out: {error} (STAGE_TIMEOUT)"
    return f"{type(error).__name__}: {error}"


def fail_unfinished_stages(engine: Engine, run_id: int, error: BaseException) -> None:
    """Record the failure that stopped the run on every stage of it still running."""
    with engine.begin() as connection:
        connection.execute(
            query("ops/fail_unfinished_stages"),
            {"run_id": run_id, "message": failure(error)},
        )


def run_stage(engine: Engine, run_id: int, name: str, work: Callable[[], Any]) -> dict[str, Any]:
    """Run one stage of a run and record it in `ops.run_stages`: its figures (the fields of what
    `work` returns) as the summary, or, when it raises, the failure and its message."""
    open_stage(engine, run_id, name)
    try:
        result = work()
    except Exception as error:
        close_stage(engine, run_id, name, error=error)
        raise
    return close_stage(engine, run_id, name, result)


def record_errors(engine: Engine, run_id: int) -> list[RecordError]:
    """The records a run could not read, in the order it met them."""
    with engine.connect() as connection:
        rows = connection.execute(query("ops/record_errors_of_run"), {"run_id": run_id})
        return [RecordError(record_id, field, message) for record_id, field, message in rows]


def record_request_failures(
    engine: Engine, run_id: int, source: Source, failures: list[FailedRequest]
) -> None:
    """Keep every failed attempt at a request in `ops.request_failures`, retried or not, so
    that a night's weather is listed and not only what it finally cost."""
    if not failures:
        return
    with engine.begin() as connection:
        connection.execute(
            query("ops/insert_request_failure"),
            [
                {
                    "run_id": run_id,
                    "source": source,
                    "request": failure.request,
                    "attempt": failure.attempt,
                    "reason": failure.reason,
                    "retried": failure.retried,
                }
                for failure in failures
            ],
        )
