"""The nightly flow runs locally (nothing to set up: Prefect serves itself) and records each run."""

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, text

from flows.nightly import nightly
from pipeline.cli import main
from pipeline.db.migrate import SchemaOutOfDate

pytestmark = pytest.mark.usefixtures("prefect_api")


def test_a_run_is_recorded_as_succeeded(configured: str) -> None:
    run_id = nightly(trigger="test")
    engine = create_engine(configured)
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT trigger, status, finished_at IS NOT NULL FROM reporting.run_history "
                "WHERE run_id = :run_id"
            ),
            {"run_id": run_id},
        ).one()
    engine.dispose()
    assert tuple(row) == ("test", "succeeded", True)


def test_the_flow_refuses_a_database_that_is_not_migrated(
    isolated_settings, empty_database_url: str
) -> None:
    isolated_settings.setenv("DATABASE_URL", empty_database_url)
    with pytest.raises(SchemaOutOfDate):
        nightly()


def test_demo_sets_up_runs_and_says_where_the_output_is(
    isolated_settings, empty_database_url: str
) -> None:
    isolated_settings.setenv("DATABASE_URL", empty_database_url)
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo run 1 succeeded." in result.output
    assert "reporting.run_history" in result.output
    engine: Engine = create_engine(empty_database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM ops.runs")).scalar_one() == 1
    engine.dispose()
