"""Every example query in docs/analysts.md runs as `analyst` after a full simulated run and finds
something, so the guide never shows a query that fails; and `analyst` still sees nothing of
`ops` or of the helper views beneath the reporting ones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from psycopg.errors import InsufficientPrivilege
from sqlalchemy import Engine, text
from sqlalchemy.exc import ProgrammingError

from pipeline.context import StageContext
from pipeline.stages import run_named_stage
from tests.reporting import analyst_engine
from tests.simulated import World, Worlds

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "analysts.md"
QUERIES = re.findall(r"^```sql\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.M | re.S)


@pytest.fixture(scope="module")
def world(worlds: Worlds, tmp_path_factory) -> Iterator[World]:
    """Extracted, matched, validated and published, as after one night; the tests only read."""
    with worlds.copy_apart("published", tmp_path_factory.mktemp("world")) as world:
        with world.engine.begin() as connection:
            # One message as `pure-orcid notify` records it (tests/notify sends real ones).
            connection.execute(
                text(
                    "INSERT INTO ops.notifications (run_id, kind, person_uuid, address, language, "
                    "status) SELECT max(run_id), 'researcher', 'p-1', 'a@example.org', 'nl', "
                    "'sent' FROM ops.runs"
                )
            )
            # And one write to Pure, as `pure-orcid run --apply-pure` records it.
            connection.execute(
                text(
                    "INSERT INTO ops.pure_writes (run_id, kind, person_uuid, method, path, "
                    "pure_uuid, status, outcome) SELECT max(run_id), 'create', 'p-1', 'PUT', "
                    "'/research-outputs', 'u-1', 201, 'created' FROM ops.runs"
                )
            )
            # One write as the load stage records it (tests/load pushes real ones).
            connection.execute(
                text(
                    "INSERT INTO ops.orcid_writes (run_id, orcid, person_uuid, pure_uuid, "
                    "method, put_code, http_status, outcome) SELECT max(run_id), "
                    "'0000-0002-1825-0097', 'p-1', 'u-1', 'POST', 1, 200, 'created' FROM ops.runs"
                )
            )
            # And one request that failed once, as a stormy night records them.
            connection.execute(
                text(
                    "INSERT INTO ops.request_failures (run_id, source, request, attempt, "
                    "reason, retried) SELECT max(run_id), 'orcid', 'GET /0000-0002-1825-0097/"
                    "record', 1, 'HTTP 503', true FROM ops.runs"
                )
            )
        # The review list of a dry-run load.
        run_named_stage(
            StageContext(world.engine, world.settings, world.run_id, "incremental"), "load"
        )
        yield world


@pytest.fixture(scope="module")
def analyst(world: World) -> Iterator[Engine]:
    engine = analyst_engine(world.engine)
    yield engine
    engine.dispose()


def test_the_guide_has_an_example_for_every_view() -> None:
    views = re.findall(r"^## (reporting\.\w+)$", GUIDE.read_text(encoding="utf-8"), re.M)
    assert len(views) == 21
    for view in views:
        assert any(view in query for query in QUERIES), view


@pytest.mark.parametrize("query", QUERIES, ids=[f"query{i}" for i in range(len(QUERIES))])
def test_example_query_runs_as_analyst_and_finds_rows(analyst: Engine, query: str) -> None:
    with analyst.connect() as connection:
        assert connection.execute(text("SELECT current_user")).scalar() == "analyst"
        rows = connection.execute(text(query)).all()
    assert rows, query


def _relations(world: World, schema: str) -> list[str]:
    with world.engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT format('%I.%I', table_schema, table_name) "
                    "FROM information_schema.tables WHERE table_schema = :schema"
                ),
                {"schema": schema},
            ).scalars()
        )


def test_analyst_is_refused_every_table_of_ops_and_every_helper_view(
    world: World, analyst: Engine
) -> None:
    ops = _relations(world, "ops")
    helpers = [r for r in _relations(world, "core") if r.startswith("core.researcher_")]
    assert "ops.orcid_tokens" in ops
    assert len(helpers) == 4
    for relation in ops + helpers:
        with analyst.connect() as connection, pytest.raises(ProgrammingError) as refused:
            connection.execute(text(f"SELECT * FROM {relation} LIMIT 1"))
        assert isinstance(refused.value.orig, InsufficientPrivilege), relation
