"""Running like production, as the office would: real `pure-orcid run` processes against the
simulators. Two runs started together: one runs, the other stops at once and deletes nothing.
A run killed with SIGKILL in the middle of each stage in turn leaves no process behind, is
closed as abandoned by the next command, and `--resume` ends it in exactly the state of a run
that was never interrupted (every staging, core and ops table compared by checksum,
`tests.state`).
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass

import psutil
import pytest
from sqlalchemy import text

from sim.institution import InstitutionConfig, generate_institution
from sim.model import Institution
from tests.production import ProductionWorld, production_world
from tests.state import business_state

KILL_POINTS = ("extract-pure", "extract-orcid", "match", "validate", "publish")
pytestmark = [pytest.mark.usefixtures("prefect_api"), pytest.mark.timeout(1200)]


@pytest.fixture(scope="module")
def institution() -> Institution:
    return generate_institution(InstitutionConfig(researchers=12, seed=11))


@dataclass(frozen=True)
class Race:
    loser_output: str
    loser_seconds: float
    """From start to exit, on the clock: what the office waits."""
    loser_cpu_seconds: float
    """What the loser's process did (not how long it waited for a busy machine's cores)."""
    loser_ended_before_the_winner_read_pure: bool
    winner_output: str
    state: dict[str, str]
    deleted: int


@pytest.fixture(scope="module")
def race(
    admin_uri: str, migrated_template: str, institution: Institution, tmp_path_factory
) -> Race:
    """Two `pure-orcid run` started together on one database; the one that runs is also the
    uninterrupted run the killed ones are compared with."""
    directory = tmp_path_factory.mktemp("race") / "world"
    with production_world(admin_uri, migrated_template, institution, directory) as world:
        processes = [world.start("run"), world.start("run")]
        started = time.monotonic()
        ended: dict[int, tuple[float, float, float]] = {}  # wall seconds, CPU seconds, when
        while len(ended) < 2:
            for index, process in enumerate(processes):
                if index in ended:
                    continue
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    process.returncode = os.waitstatus_to_exitcode(status)
                    cpu = usage.ru_utime + usage.ru_stime
                    ended[index] = (time.monotonic() - started, cpu, time.time())
            assert time.monotonic() - started < 600, "the runs did not end"
            time.sleep(0.05)
        outputs = [process.stdout.read() for process in processes]
        codes = [process.returncode for process in processes]
        assert sorted(codes) == [0, 1], outputs
        loser, winner = (0, 1) if codes[0] == 1 else (1, 0)
        with world.engine.connect() as connection:
            deleted = connection.execute(
                text("SELECT count(*) FROM staging.raw_records WHERE deleted_at IS NOT NULL")
            ).scalar_one()
            pure_read = connection.execute(
                text(
                    "SELECT extract(epoch FROM finished_at) FROM ops.run_stages"
                    " WHERE stage = 'extract-pure'"
                )
            ).scalar_one()
        wall, cpu, when = ended[loser]
        return Race(
            outputs[loser],
            wall,
            cpu,
            when < float(pure_read),
            outputs[winner],
            business_state(world.engine),
            deleted,
        )


def test_of_two_runs_started_together_one_runs_and_the_other_stops_at_once(race: Race) -> None:
    """It stops without waiting for the other (whose run goes on for a minute), having done
    nothing but look: on a quiet machine in about 2 s (bench/lock.py measures it), here on the
    clock whatever the test machine's load allows, so the CPU it used is what is held to 5 s."""
    assert race.loser_ended_before_the_winner_read_pure, race.loser_seconds
    assert race.loser_cpu_seconds < 5, race.loser_cpu_seconds
    assert "the database is busy: pure-orcid run" in race.loser_output
    assert "has held it since" in race.loser_output
    assert "run 1 succeeded" in race.winner_output
    assert race.deleted == 0
    assert int(race.state["staging.works"].split(":")[0]) > 0


def test_a_run_killed_in_every_stage_in_turn_resumes_to_the_uninterrupted_state(
    admin_uri: str, migrated_template: str, institution: Institution, race: Race, tmp_path
) -> None:
    with production_world(admin_uri, migrated_template, institution, tmp_path / "w") as world:
        for attempt, point in enumerate(KILL_POINTS, start=1):
            arguments = ("run",) if attempt == 1 else ("run", "--resume")
            # The first attempt starts Prefect's temporary server, which must die with it.
            process = world.start(*arguments, probe=point, own_server=attempt == 1)
            world.reached(point, process)
            descendants = psutil.Process(process.pid).children(recursive=True)
            if attempt == 1:
                assert any("uvicorn" in " ".join(p.cmdline()) for p in descendants)
            process.send_signal(signal.SIGKILL)
            process.wait()
            _, orphans = psutil.wait_procs(descendants, timeout=15)
            assert orphans == [], f"left running after SIGKILL in {point}: {orphans}"
            [row] = world.history()
            assert (row.status, row.attempts) == ("running", attempt)  # nobody has looked yet
            if point == "publish":
                _nothing_published_of_a_run_killed_while_publishing(world)

        finished = world.command("run", "--resume")
        assert finished.returncode == 0, finished.stdout + finished.stderr
        assert "run 1 succeeded" in finished.stdout
        [row] = world.history()
        assert row.status == "succeeded"
        assert row.published_at is not None
        assert [a["status"] for a in row.attempt_history] == [
            *["abandoned"] * len(KILL_POINTS),
            "succeeded",
        ]
        for point, earlier in zip(KILL_POINTS, row.attempt_history, strict=False):
            # Stages that run at the same time (pipeline.night) end together, each named.
            _, during, stages = earlier["message"].partition("ended during stage ")
            assert during, earlier["message"]
            assert point in stages.split(", "), earlier["message"]
        assert business_state(world.engine) == race.state


def _nothing_published_of_a_run_killed_while_publishing(world: ProductionWorld) -> None:
    """Killed with its report half-written: the views serve nothing of it, `pure-orcid report`
    refuses it, and the half-built folder goes when the next command closes the run."""
    reports = world.directory / "var" / "reports"
    assert list(reports.glob(".run-1-*")), "the probe stops while the report is being built"
    with world.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM reporting.researchers")).scalar() == 0
    report = world.command("report")
    assert report.returncode == 1
    assert "no run has published anything yet" in report.stderr
    [row] = world.history()
    assert row.status == "abandoned"
    assert row.stopped_in == "publish"
    assert not list(reports.glob(".run-1-*"))
    assert not (reports / "run-1").exists()
