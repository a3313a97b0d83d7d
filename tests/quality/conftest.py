"""One simulated institution, extracted and matched once per session, cloned for every test.

Building it takes a while; cloning a database from it takes a fraction of a second, and every
test here corrupts its own copy in a different way."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, create_engine, text

from pipeline.config import Settings
from sim.model import Institution
from tests.conftest import _create_database, _drop_database, sqlalchemy_url
from tests.reporting import matched_world


@dataclass(frozen=True)
class MatchedTemplate:
    database: str
    institution: Institution


@dataclass(frozen=True)
class Batch:
    """A copy of the matched world: its database, the settings of the test, and the run that
    extracted and matched it."""

    engine: Engine
    settings: Settings
    run_id: int
    institution: Institution


@pytest.fixture(scope="session")
def matched_template(
    admin_uri: str, migrated_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MatchedTemplate]:
    """A copy of the matched world's database, kept once the simulators and the settings they
    needed are gone, so nothing of them outlives the build."""
    name = f"quality_{uuid.uuid4().hex[:12]}"
    directory = tmp_path_factory.mktemp("world")
    with matched_world(admin_uri, migrated_template, directory, publish=False) as world:
        # A database with open connections cannot be a template.
        world.engine.dispose()
        _create_database(admin_uri, name, template=world.engine.url.database)
        institution = world.institution
    try:
        yield MatchedTemplate(name, institution)
    finally:
        _drop_database(admin_uri, name)


@pytest.fixture
def batch(
    admin_uri: str, matched_template: MatchedTemplate, isolated_settings: pytest.MonkeyPatch
) -> Iterator[Batch]:
    name = f"test_{uuid.uuid4().hex[:12]}"
    _create_database(admin_uri, name, template=matched_template.database)
    engine = create_engine(sqlalchemy_url(admin_uri, name))
    with engine.connect() as connection:
        run_id = connection.execute(text("SELECT max(run_id) FROM ops.runs")).scalar_one()
    try:
        yield Batch(engine, Settings(), run_id, matched_template.institution)
    finally:
        engine.dispose()
        _drop_database(admin_uri, name)


def execute(engine: Engine, *statements: str, **parameters: object) -> None:
    """Run statements in one transaction, each with the same bound parameters."""
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), parameters)


def validation_results(engine: Engine, run_id: int, **match: object) -> list[dict]:
    """What the run stored in `ops.validation_results`, in order; only the rows whose columns
    hold the values of `match`, if given."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT * FROM ops.validation_results WHERE run_id = :run ORDER BY ordinal"),
            {"run": run_id},
        )
        found = [dict(row._mapping) for row in rows]
    return [r for r in found if all(r[key] == value for key, value in match.items())]
