"""Runs whose process died are closed by the next command; failed and abandoned runs resume
with their own parameters, from their first unfinished stage."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from pipeline import lifecycle, lock, runs
from pipeline.config import Settings


def _run_dying_in(database_url: str, stage: str) -> subprocess.Popen[str]:
    """A process that holds the database, opens a run and is in `stage` when it is killed."""
    code = textwrap.dedent(
        f"""
        import sys, time
        from sqlalchemy import create_engine
        from pipeline import lifecycle, lock, runs
        engine = create_engine({database_url!r})
        with lock.exclusive(engine, "run"):
            run = lifecycle.open_run(engine, trigger="test", mode="full", stages=None)
            for done in ("extract-pure", "extract-orcid"):
                runs.run_stage(engine, run.run_id, done, lambda: None)
            def work():
                print(run.run_id, flush=True)
                time.sleep(600)
            runs.run_stage(engine, run.run_id, {stage!r}, work)
        """
    )
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def kill(engine: Engine, process: subprocess.Popen[str]) -> None:
    """SIGKILL `process` and wait until PostgreSQL has ended its sessions too: the server notices
    a vanished client a moment after the process is reaped, and until then its lock is held."""
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    with engine.connect() as connection:
        while connection.execute(
            text(
                "SELECT EXISTS (SELECT FROM ops.run_attempts AS a"
                " JOIN pg_stat_activity AS s ON s.pid = a.lock_session"
                " WHERE a.status = 'running')"
            )
        ).scalar_one():
            assert time.monotonic() < deadline, "the killed process's session never ended"
            time.sleep(0.05)
            connection.rollback()


def _history(engine: Engine, run_id: int):
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT * FROM reporting.run_history WHERE run_id = :run_id"), {"run_id": run_id}
        ).one()


def test_a_run_whose_process_was_killed_is_abandoned_with_its_stage_and_leftovers(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    settings = Settings(reports_dir=tmp_path / "reports")
    dying = _run_dying_in(database_url, "publish")
    assert dying.stdout is not None
    run_id = int(dying.stdout.readline())
    half_built = settings.report_root / f".run-{run_id}-k2v9x1"
    half_built.mkdir(parents=True)
    moved_in = settings.report_root / f"run-{run_id}"  # just before the commit that never came
    moved_in.mkdir()
    other_runs = settings.report_root / f".run-{run_id}0-a8c2e4"
    other_runs.mkdir()

    assert lifecycle.close_dead_runs(engine, settings) == []  # alive: left alone
    assert _history(engine, run_id).status == "running"

    kill(engine, dying)
    [closed] = lifecycle.close_dead_runs(engine, settings)
    assert (closed.run_id, closed.stage) == (run_id, "publish")
    row = _history(engine, run_id)
    assert row.status == "abandoned"
    assert row.stopped_in == "publish"
    assert row.stages == {
        "extract-pure": "succeeded",
        "extract-orcid": "succeeded",
        "publish": "abandoned",
    }
    assert row.finished_at is not None
    assert f"/{dying.pid}) ended during stage publish" in row.message
    assert [a["status"] for a in row.attempt_history] == ["abandoned"]
    assert not half_built.exists()
    assert not moved_in.exists()
    assert other_runs.exists()
    assert lifecycle.close_dead_runs(engine, settings) == []  # closed once


def _failed_run(engine: Engine, *, mode: str = "full", stages=None) -> int:
    with lock.exclusive(engine, "run"):
        run = lifecycle.open_run(engine, trigger="test", mode=mode, stages=stages)
        runs.run_stage(engine, run.run_id, "extract-pure", lambda: None)
        with pytest.raises(RuntimeError):
            runs.run_stage(engine, run.run_id, "extract-orcid", _fail)
        lifecycle.close_run(
            engine, Settings(_env_file=None), run.run_id, "failed", "RuntimeError: ORCID went away"
        )
    return run.run_id


def _fail() -> None:
    raise RuntimeError("ORCID went away")


def test_a_failed_run_resumes_from_its_first_unfinished_stage_with_its_own_parameters(
    engine: Engine,
) -> None:
    run_id = _failed_run(engine, mode="full", stages=["extract-orcid", "extract-pure", "match"])
    with lock.exclusive(engine, "run"):
        resumed = lifecycle.open_run(
            engine, trigger="manual", mode="incremental", stages=None, resume="latest"
        )
    assert resumed == lifecycle.OpenRun(run_id, "full", ["extract-orcid", "match"], resumed=True)
    row = _history(engine, run_id)
    assert (row.status, row.attempts, row.trigger) == ("running", 2, "test")
    assert [a["status"] for a in row.attempt_history] == ["failed", "running"]


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("succeeded", "is succeeded: there is nothing to resume"),
        ("followed", "a later run has started since"),
        ("missing", "run 99 does not exist"),
    ],
)
def test_only_the_last_run_that_stopped_can_be_resumed(
    engine: Engine, situation: str, message: str
) -> None:
    run_id = _failed_run(engine)
    if situation == "succeeded":
        runs.finish_run(engine, run_id, "failed")
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE ops.runs SET status = 'succeeded' WHERE run_id = :r"), {"r": run_id}
            )
    if situation == "followed":
        _failed_run(engine)
    with pytest.raises(runs.NotResumable, match=message), lock.exclusive(engine, "run"):
        lifecycle.open_run(
            engine,
            trigger="test",
            mode="full",
            stages=None,
            resume=99 if situation == "missing" else run_id,
        )


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        ("retries", True),
        ("transport", True),
        ("operational", True),
        ("validation", False),
        ("setting", False),
    ],
)
def test_only_transient_errors_are_retried(error: str, transient: bool) -> None:
    import httpx
    from sqlalchemy.exc import OperationalError

    from pipeline.config import SettingsError
    from pipeline.sources.http.retry import RetriesExhausted

    errors = {
        "retries": RetriesExhausted("GET /persons: gave up after 6 attempts (HTTP 503)"),
        "transport": httpx.ConnectError("connection refused"),
        "operational": OperationalError("SELECT 1", {}, Exception("server closed the connection")),
        "validation": ValueError("expect_table_row_count_to_be_between failed"),
        "setting": SettingsError("PURE_WS_URL is not set"),
    }
    assert lifecycle.transient(errors[error]) is transient
