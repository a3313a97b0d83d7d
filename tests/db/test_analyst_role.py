"""The analyst role reads `reporting` and is refused everything in `ops`."""

import pytest
from psycopg.errors import InsufficientPrivilege
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from pipeline import runs


@pytest.fixture
def analyst(database_url: str):
    url = make_url(database_url).set(username="analyst")
    engine = create_engine(url)
    yield engine
    engine.dispose()


def _tables(engine: Engine, schema: str) -> list[str]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT format('%I.%I', table_schema, table_name) "
                    "FROM information_schema.tables WHERE table_schema = :schema"
                ),
                {"schema": schema},
            ).scalars()
        )


def _refused(analyst: Engine, statement: str) -> bool:
    with analyst.connect() as connection:
        try:
            connection.execute(text(statement))
        except ProgrammingError as error:
            return isinstance(error.orig, InsufficientPrivilege)
    return False


def test_analyst_is_refused_every_table_in_ops(engine: Engine, analyst: Engine) -> None:
    ops_tables = _tables(engine, "ops")
    assert len(ops_tables) >= 3
    for table in ops_tables:
        assert _refused(analyst, f"SELECT * FROM {table} LIMIT 1"), table
        assert _refused(analyst, f"DELETE FROM {table}"), table


def test_analyst_cannot_see_into_staging_or_core(engine: Engine, analyst: Engine) -> None:
    for table in _tables(engine, "staging") + _tables(engine, "core"):
        assert _refused(analyst, f"SELECT * FROM {table} LIMIT 1"), table


def test_analyst_reads_reporting_but_cannot_change_it(engine: Engine, analyst: Engine) -> None:
    run_id = runs.start_run(engine, trigger="test")
    runs.finish_run(engine, run_id, "succeeded")

    with analyst.connect() as connection:
        rows = connection.execute(text("SELECT run_id, status FROM reporting.run_history")).all()
    assert [tuple(row) for row in rows] == [(run_id, "succeeded")]
    assert _refused(analyst, "DELETE FROM reporting.run_history")
    assert _refused(analyst, "CREATE TABLE reporting.mine (x int)")
