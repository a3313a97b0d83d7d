"""The nightly flow: which of `pipeline`'s units of work run, in what order, and what waits for
what; every task is one call into `pipeline`.

The extraction of both sources and matching run at the same time, a batch of researchers at a
time (`pipeline.night`): Pure's units and persons first, then its outputs alongside ORCID's
batches, read one after another (`ORCID_PROCESSES` at once, each at its share of the rate), and
each batch matched as soon as it and all of Pure are staged. Validation and publishing follow,
since they need the whole result. Each stage still records itself in `ops.run_stages`.

The flow holds the database for its whole life (`pipeline.lock`), so a second run, however it
was started, stops at once instead of deleting what this one stages. A unit of work that fails
on a transient error (a source that stayed unreachable, a dropped database connection) is tried
again after a pause, and the first that fails for good ends the run as failed. What it staged
before failing stays, and `resume` starts the run again from its first unfinished stage, with
its first parameters. Publishing needs this run's validation to have passed: asking for
`publish` runs `validate` too.

Tasks run in threads of this process, or, with `TASK_RUNNER=dask`, on a Dask cluster
(`task_runner`): they share nothing but the database, and get their engine and settings where
they run.
"""

from __future__ import annotations

import uuid
from typing import Any

from prefect import Flow, Task, flow, get_run_logger, task
from prefect.client.schemas.objects import TaskRun
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.states import State
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from pipeline import fanout, lifecycle, lock, night, runs
from pipeline.config import Settings, get_settings
from pipeline.context import ScanMode, StageContext, Target
from pipeline.db import get_engine, require_head
from pipeline.extract import orcid as extract_orcid
from pipeline.extract import pure as extract_pure
from pipeline.match import institution as matching
from pipeline.progress import LogDisplay, showing
from pipeline.sources.pure.client import Collection
from pipeline.stages import run_named_stage


def _context(run_id: int, mode: ScanMode, apply: list[Target] | None = None) -> StageContext:
    return StageContext(get_engine(), get_settings(), run_id, mode, frozenset(apply or ()))


@task
def check_schema() -> None:
    require_head(get_engine())


@task
def close_dead_runs() -> None:
    lifecycle.close_dead_runs(get_engine(), get_settings())


@task
def open_run(
    trigger: str,
    mode: ScanMode,
    stages: list[str] | None,
    resume: lifecycle.Resume,
    apply: list[Target] | None,
) -> lifecycle.OpenRun:
    prefect_id = flow_run.get_id()
    return lifecycle.open_run(
        get_engine(),
        trigger=trigger,
        mode=mode,
        stages=stages,
        resume=resume,
        flow_run_id=uuid.UUID(prefect_id) if prefect_id else None,
        apply=apply or (),
    )


def _transient(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    return lifecycle.transient(state.result(raise_on_failure=False))


def _retrying(unit: Task[..., Any]) -> Task[..., Any]:
    """The unit of work tried again after a transient failure (`lifecycle.transient`), each
    attempt stopped after `STAGE_TIMEOUT` (a timeout is not transient: it fails the run)."""
    settings = get_settings()
    return unit.with_options(
        timeout_seconds=settings.stage_timeout or None,
        retries=settings.stage_retries,
        retry_delay_seconds=exponential_backoff(settings.stage_retry_delay)(settings.stage_retries),
        retry_condition_fn=_transient,
    )


@task
def run_stage(
    run_id: int, stage: str, mode: ScanMode, apply: list[Target] | None = None
) -> dict[str, Any]:
    with showing(LogDisplay(get_run_logger())):  # the counts of long stages, in the run's log
        return run_named_stage(_context(run_id, mode, apply), stage)


@task
def close_run(run_id: int, outcome: runs.Outcome, message: str | None = None) -> None:
    lifecycle.close_run(get_engine(), get_settings(), run_id, outcome, message)


@task
def open_stages(run_id: int, stages: list[str]) -> None:
    for stage in stages:
        runs.open_stage(get_engine(), run_id, stage)


@task
def fail_stages(run_id: int, error: BaseException) -> None:
    runs.fail_unfinished_stages(get_engine(), run_id, error)


@task
def close_stage(run_id: int, stage: str, summary: Any) -> dict[str, Any]:
    return runs.close_stage(get_engine(), run_id, stage, summary)


@task
def prepare_validation() -> None:
    from pipeline import quality

    quality.prepare()


@task
def begin_pure(run_id: int, mode: ScanMode) -> extract_pure.PureRead:
    return extract_pure.begin(_context(run_id, mode))


@task
def read_pure(
    run_id: int,
    mode: ScanMode,
    read: extract_pure.PureRead,
    part: tuple[Collection, ...],
    last: bool,
) -> extract_pure.PureExtractSummary:
    with showing(LogDisplay(get_run_logger())):
        return extract_pure.read_part(_context(run_id, mode), read, part, finish=last)


@task
def combine(parts: list[Any]) -> Any:
    return fanout.combined(parts)


@task
def plan_orcid(run_id: int, mode: ScanMode) -> extract_orcid.OrcidPlan:
    return extract_orcid.plan(_context(run_id, mode))


@task
def researcher_batches(
    targets: list[str], size: int
) -> tuple[list[night.ResearcherBatch], list[str]]:
    return night.researcher_batches(get_engine(), targets, size)


@task
def read_orcid(
    run_id: int, mode: ScanMode, orcids: list[str], shares: int
) -> extract_orcid.OrcidExtractSummary:
    with showing(LogDisplay(get_run_logger())):
        return extract_orcid.read_batch(_context(run_id, mode), orcids, shares=shares)


@task
def finish_orcid(
    run_id: int,
    mode: ScanMode,
    planned: extract_orcid.OrcidPlan,
    parts: list[extract_orcid.OrcidExtractSummary],
) -> extract_orcid.OrcidExtractSummary:
    return extract_orcid.finish(_context(run_id, mode), planned, parts)


@task
def match(run_id: int, mode: ScanMode, persons: list[str] | None) -> matching.MatchSummary:
    with showing(LogDisplay(get_run_logger())):
        return matching.match_researchers(_context(run_id, mode), persons)


@task
def finish_match(
    run_id: int, mode: ScanMode, parts: list[matching.MatchSummary]
) -> matching.MatchSummary:
    return matching.finish(_context(run_id, mode), parts)


def _extract_and_match(run_id: int, mode: ScanMode, stages: list[str]) -> dict[str, Any]:
    """The overlapped stages (see the module's docstring); their figures by stage."""
    open_stages(run_id, stages)
    ends: dict[str, PrefectFuture[Any]] = {}
    submitted: list[PrefectFuture[Any]] = []
    try:
        _submit(run_id, mode, stages, ends, submitted)
        return {stage: close_stage(run_id, stage, ends[stage].result()) for stage in stages}
    except Exception as error:
        raise _first_failure(submitted) or error from None


def _submit(
    run_id: int,
    mode: ScanMode,
    stages: list[str],
    ends: dict[str, PrefectFuture[Any]],
    submitted: list[PrefectFuture[Any]],
) -> None:
    """Submit the stages' units of work; `ends` gets each stage's summary, `submitted` every
    future in the order submitted."""
    settings = get_settings()
    read_pure_part, read_orcid_batch, match_batch = (
        _retrying(unit) for unit in (read_pure, read_orcid, match)
    )
    pure_done: list[PrefectFuture[Any]] = []
    people: list[PrefectFuture[Any]] = []
    reads: list[PrefectFuture[Any]] = []
    planned = None
    if "extract-pure" in stages:
        read = begin_pure(run_id, mode)
        people = [read_pure_part.submit(run_id, mode, read, extract_pure.PEOPLE, False)]
        outputs = read_pure_part.submit(
            run_id, mode, read, extract_pure.OUTPUTS, True, wait_for=people
        )
        pure_done = [outputs]
        submitted += [*people, outputs]
        ends["extract-pure"] = combine.submit([people[0], outputs])
    if "extract-orcid" in stages:
        planning = plan_orcid.submit(run_id, mode, wait_for=people)
        submitted.append(planning)
        planned = planning.result()
        batches, without = researcher_batches(planned.targets, settings.researcher_batch)
        lanes = max(1, settings.orcid_processes)
        for number, batch in enumerate(batches):
            before = reads[number - lanes : number - lanes + 1] if number >= lanes else []
            reads.append(
                read_orcid_batch.submit(run_id, mode, batch.orcids, lanes, wait_for=before)
            )
        submitted += reads
        ends["extract-orcid"] = finish_orcid.submit(run_id, mode, planned, reads)
    if "match" in stages:
        if planned is not None and planned.mode == "full":
            # Every researcher is read: each batch is matched once it and Pure are staged.
            parts = [
                match_batch.submit(run_id, mode, batch.persons, wait_for=[*pure_done, read])
                for batch, read in zip(batches, reads, strict=True)
            ]
            parts.append(match_batch.submit(run_id, mode, without, wait_for=pure_done))
        else:
            # Few researchers changed: those whose records did are matched when all is staged.
            parts = [match_batch.submit(run_id, mode, None, wait_for=[*pure_done, *reads])]
        submitted += parts
        ends["match"] = finish_match.submit(run_id, mode, parts)
    submitted += ends.values()


def _first_failure(futures: list[PrefectFuture[Any]]) -> BaseException | None:
    """What went wrong first: a task that waited for a failed one fails only with "upstream
    task failed", which names nothing a person can fix."""
    for future in futures:
        if future.state.is_failed():
            failure = future.result(raise_on_failure=False)
            if isinstance(failure, BaseException):
                return failure
    return None


def task_runner(settings: Settings) -> TaskRunner[Any]:
    """Threads of this process, or with `TASK_RUNNER=dask` the Dask cluster at `DASK_ADDRESS`
    (one started on this machine, a worker per core, when it is unset)."""
    if settings.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(cluster_kwargs={"processes": True, "threads_per_worker": 4})
    return ThreadPoolTaskRunner()


@flow(name="nightly")
def nightly(
    trigger: str = "manual",
    mode: ScanMode = "incremental",
    stages: list[str] | None = None,
    resume: lifecycle.Resume = None,
    apply: list[Target] | None = None,
) -> int:
    """Run the stages (all by default, always in their order) for the whole institution;
    returns the run id recorded in `ops.runs`.

    `mode="full"` reads everything instead of what changed since the last run, which also finds
    deletions a change feed missed. `resume` (a run id, or "latest") continues a failed or
    abandoned run instead of starting a new one. `apply` names the systems ("orcid", "pure")
    the load stage writes to in this run; without it (and without APPLY_ORCID, APPLY_PURE) it
    only counts what it would write.
    """
    logger = get_run_logger()
    engine = get_engine()
    with lock.exclusive(engine, "run"):
        check_schema()
        close_dead_runs()
        run = open_run(trigger, mode, stages, resume, apply)
        lock.describe(engine, f"run {run.run_id}")
        if run.resumed:
            logger.info("resuming run %s at %s", run.run_id, ", ".join(run.stages) or "its end")
        together = [stage for stage in run.stages if stage in night.OVERLAPPED]
        if "validate" in run.stages and len(together) > 1:
            prepare_validation.submit()  # in the shadow of the extraction
        retrying = _retrying(run_stage)
        try:
            if len(together) > 1:
                for stage, summary in _extract_and_match(run.run_id, run.mode, together).items():
                    logger.info("%s: %s", stage, summary)
            for stage in run.stages:
                if stage not in together or len(together) == 1:
                    lock.check(engine)
                    summary = retrying.with_options(name=stage)(
                        run.run_id, stage, run.mode, run.apply
                    )
                    logger.info("%s: %s", stage, summary)
        except Exception as error:
            fail_stages(run.run_id, error)
            close_run(run.run_id, "failed", runs.failure(error))
            raise
        close_run(run.run_id, "succeeded")
    logger.info("run %s succeeded", run.run_id)
    return run.run_id


def configured_nightly(settings: Settings) -> Flow[..., int]:
    """The flow on the task runner the settings ask for."""
    return nightly.with_options(task_runner=task_runner(settings))
