"""DATABASE_URL points the pipeline at any PostgreSQL; without it the embedded server is used."""

from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from pipeline.cli import main
from tests.databases import server_directory, start_embedded_server


@pytest.fixture
def second_server():
    """A PostgreSQL started on its own, as a research office's database server would be."""
    server = start_embedded_server(server_directory())
    with psycopg.connect(server.get_uri(), autocommit=True) as connection:
        connection.execute("CREATE DATABASE research_office")
    yield server
    server.cleanup()


def test_database_url_is_honoured(isolated_settings, second_server, tmp_path: Path) -> None:
    url = make_url(second_server.get_uri("research_office"))
    isolated_settings.setenv("DATABASE_URL", url.render_as_string(hide_password=False))

    runner = CliRunner()
    shown = runner.invoke(main, ["db", "url"])
    assert shown.exit_code == 0, shown.output
    assert make_url(shown.output.strip()).database == "research_office"
    assert make_url(shown.output.strip()).query["host"] == url.query["host"]

    upgraded = runner.invoke(main, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output

    with psycopg.connect(second_server.get_uri("research_office")) as connection:
        assert connection.execute("SELECT to_regclass('ops.runs')").fetchone() == ("ops.runs",)
    assert not (tmp_path / "var" / "postgres").exists(), "the embedded server was started anyway"


def test_without_database_url_the_embedded_server_is_started_and_reused(
    isolated_settings,
) -> None:
    data_dir = server_directory().parent
    isolated_settings.setenv("PURE_ORCID_DATA_DIR", str(data_dir))
    runner = CliRunner()
    first = runner.invoke(main, ["db", "url"])
    try:
        assert first.exit_code == 0, first.output
        assert (data_dir / "postgres" / "PG_VERSION").exists()
        assert make_url(first.output.strip()).database == "pure_orcid"
        assert runner.invoke(main, ["db", "url"]).output == first.output
        assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    finally:
        stopped = runner.invoke(main, ["db", "stop"])
    assert stopped.output.strip() == "embedded server stopped"


def test_the_password_is_not_printed_unless_asked(isolated_settings) -> None:
    isolated_settings.setenv("DATABASE_URL", "postgres://office:s3cret-pw@db.example.edu/sync")
    runner = CliRunner()
    hidden = runner.invoke(main, ["db", "url"])
    assert hidden.output.strip() == "postgresql://office:***@db.example.edu/sync"
    shown = runner.invoke(main, ["db", "url", "--show-password"])
    assert "s3cret-pw" in shown.output


def test_a_database_url_that_is_not_postgresql_is_refused(isolated_settings) -> None:
    isolated_settings.setenv("DATABASE_URL", "sqlite:///staging.db")
    result = CliRunner().invoke(main, ["db", "url"])
    assert result.exit_code != 0
    assert "DATABASE_URL must be a PostgreSQL URL" in result.output


def test_db_psql_runs_queries_on_the_database_in_use(configured: str, capfd) -> None:
    result = CliRunner().invoke(
        main, ["db", "psql", "-At", "-c", "SELECT count(*) FROM reporting.run_history"]
    )
    assert result.exit_code == 0, result.output
    assert capfd.readouterr().out.strip() == "0"
