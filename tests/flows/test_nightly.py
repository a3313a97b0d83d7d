"""The nightly flow runs locally (nothing to set up: Prefect serves itself) and records each run
and each of its stages."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from flows.nightly import nightly
from pipeline import probes
from pipeline.cli import main
from pipeline.db.migrate import SchemaOutOfDate
from tests.simulated import World

pytestmark = pytest.mark.usefixtures("prefect_api")


def test_a_run_and_its_stages_are_recorded(world: World) -> None:
    run_id = nightly(trigger="test")
    with world.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT trigger, status, stages FROM reporting.run_history WHERE run_id = :run_id"
            ),
            {"run_id": run_id},
        ).one()
        staged = connection.execute(
            text("SELECT source, count(*) FROM staging.works GROUP BY source")
        ).all()
    assert tuple(row) == (
        "test",
        "succeeded",
        {
            "extract-pure": "succeeded",
            "extract-orcid": "succeeded",
            "match": "succeeded",
            "validate": "succeeded",
            "publish": "succeeded",
            "load": "succeeded",
        },
    )
    assert {source for source, count in staged if count} == {"pure", "orcid"}
    logged = _run_log(run_id, world)
    # A night matches its researchers a batch at a time (pipeline.night): a meter each.
    assert re.search(r"match: researchers: (\d+) of \1 \(100%\), done", logged)
    assert re.search(r"extract-orcid: researchers: (\d+) of \1 \(100%\), done", logged)
    assert re.search(r"extract-pure: research-outputs: ([\d,]+) of \1 \(100%\), done", logged)


def _run_log(run_id: int, world: World) -> str:
    """The Prefect log of the flow run behind `run_id`, as the server keeps it."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=30)
    with world.engine.connect() as connection:
        flow_run_id = connection.execute(
            text("SELECT flow_run_id FROM ops.runs WHERE run_id = :r"), {"r": run_id}
        ).scalar_one()
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return "\n".join(log.message for log in logs)


def test_a_failing_stage_fails_the_run_and_says_why(configured: str) -> None:
    with pytest.raises(Exception, match="PURE_WS_URL is not set"):
        nightly(trigger="test")
    engine = create_engine(configured)
    with engine.connect() as connection:
        run = connection.execute(text("SELECT status, message FROM ops.runs")).one()
        stages = connection.execute(
            text("SELECT stage, status, message FROM ops.run_stages ORDER BY stage")
        ).all()
    engine.dispose()
    assert run.status == "failed"
    assert "PURE_WS_URL is not set" in run.message
    # The stages that run together stop together, each saying why.
    assert [(s.stage, s.status) for s in stages] == [
        ("extract-orcid", "failed"),
        ("extract-pure", "failed"),
        ("match", "failed"),
    ]
    assert all("PURE_WS_URL is not set" in s.message for s in stages)


@pytest.mark.world("matched")
def test_a_stage_that_hangs_past_its_timeout_fails_the_run_and_says_so(
    world: World, isolated_settings: pytest.MonkeyPatch
) -> None:
    isolated_settings.setenv("STAGE_TIMEOUT", "2")
    isolated_settings.setenv(probes.PROBE, "validate")  # hangs there, as a stuck source would
    with pytest.raises(TimeoutError):
        nightly(trigger="test", stages=["validate"])
    with world.engine.connect() as connection:
        run = connection.execute(
            text("SELECT run_id, status, message FROM ops.runs ORDER BY run_id DESC LIMIT 1")
        ).one()
        stage = connection.execute(
            text("SELECT status, message FROM ops.run_stages WHERE run_id = :r"), {"r": run.run_id}
        ).one()
    assert run.status == "failed"
    assert "timed out after 2" in run.message
    assert "STAGE_TIMEOUT" in run.message
    assert (stage.status, stage.message) == ("failed", run.message)


def test_the_flow_refuses_a_database_that_is_not_migrated(
    isolated_settings, empty_database_url: str
) -> None:
    isolated_settings.setenv("DATABASE_URL", empty_database_url)
    with pytest.raises(SchemaOutOfDate):
        nightly()


def test_demo_runs_against_the_simulators_and_says_where_the_output_is(
    isolated_settings, empty_database_url: str
) -> None:
    isolated_settings.setenv("DATABASE_URL", empty_database_url)
    result = CliRunner().invoke(main, ["demo", "--researchers", "20"])
    assert result.exit_code == 0, result.output
    assert "Demo run 1 succeeded: 20 simulated researchers." in result.output
    assert "reporting.run_history" in result.output
    report = re.search(r"The report \(open it in a browser\): (\S+)", result.output)
    assert report, result.output
    assert Path(report.group(1)).is_file()
    docs = re.search(r"Data Docs\): (\S+)", result.output)
    assert docs, result.output
    assert Path(docs.group(1)).is_file()
    engine = create_engine(empty_database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM ops.runs")).scalar_one() == 1
        assert connection.execute(text("SELECT count(*) FROM staging.works")).scalar_one() > 0
    engine.dispose()
