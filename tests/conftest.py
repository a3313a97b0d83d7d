"""One embedded PostgreSQL server per test session (per xdist worker) and a database of its own
for every test that asks: empty, migrated, or a copy of a world the session built once.

Tests never touch the project's own `var/` folder or a developer's DATABASE_URL: the settings
fixtures point both at throw-away places.

The worlds (tests/simulated.py): one 40-researcher institution per session. Templates of its
database are built the first time a test asks for them, each from the one before: empty (the
researchers' ORCID tokens stored), extracted from both simulators, matched, validated,
published. Simulators started once serve the extraction and every test that only reads them; a
test that changes what they serve, or counts what they answer, gets simulators of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import Engine, create_engine

from pipeline.db import upgrade
from tests.databases import (
    create_database,
    new_database,
    server_directory,
    sqlalchemy_url,
    start_test_server,
)
from tests.settings import clear_caches, isolate
from tests.simulated import World, Worlds, simulators, world_marker

MIGRATED = "pure_orcid_template"


@pytest.fixture(scope="session")
def pg_server():
    server = start_test_server(server_directory())
    yield server
    server.cleanup()


@pytest.fixture(scope="session")
def admin_uri(pg_server) -> str:
    return pg_server.get_uri()


@pytest.fixture(scope="session")
def migrated_template(admin_uri: str) -> str:
    """A database at the latest schema, cloned for each test: migrating once is faster."""
    create_database(admin_uri, MIGRATED)
    engine = create_engine(sqlalchemy_url(admin_uri, MIGRATED))
    upgrade(engine)
    engine.dispose()
    return MIGRATED


@pytest.fixture
def empty_database_url(admin_uri: str) -> Iterator[str]:
    """A new database with nothing in it, dropped after the test."""
    with new_database(admin_uri) as url:
        yield url


@pytest.fixture
def database_url(admin_uri: str, migrated_template: str) -> Iterator[str]:
    """A new database at the latest schema, dropped after the test."""
    with new_database(admin_uri, migrated_template) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def isolated_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[pytest.MonkeyPatch]:
    """No setting leaks in from the developer's environment or `.env`; caches start empty.

    Tests then set what they need with the monkeypatch this returns.
    """
    isolate(monkeypatch, tmp_path)
    yield monkeypatch
    clear_caches()


@pytest.fixture
def configured(isolated_settings: pytest.MonkeyPatch, database_url: str) -> str:
    """The pipeline configured (through DATABASE_URL) to use this test's database."""
    isolated_settings.setenv("DATABASE_URL", database_url)
    return database_url


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """One temporary Prefect server for the session, stopped before pytest closes its output."""
    with prefect_test_harness(server_startup_timeout=60):
        yield


SHARED_ON_ONE_WORKER = {"prefect_api": "prefect", "report": "report"}
"""Fixtures that take seconds to set up (Prefect's server; the published report and the browser
that reads it), by the xdist group of the tests that use them."""


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that use one of SHARED_ON_ONE_WORKER go to one xdist worker (`--dist
    loadgroup`), so that only one worker pays for its set-up."""
    for item in items:
        for fixture, group in SHARED_ON_ONE_WORKER.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group(group))


SHARED = Path(__file__).resolve().parents[2] / "shared"
"""The project's shared reference material, checked out beside the repository."""


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """Real responses, specs and exports from public repositories: the ground truth for formats."""
    path = SHARED / "fixtures"
    assert path.is_dir(), f"shared fixtures not found at {path}"
    return path


@pytest.fixture(scope="session")
def worlds(
    admin_uri: str, migrated_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Worlds]:
    with ExitStack() as stack:
        yield Worlds(admin_uri, migrated_template, tmp_path_factory, stack)


@pytest.fixture
def world(
    request: pytest.FixtureRequest, worlds: Worlds, isolated_settings: pytest.MonkeyPatch
) -> Iterator[World]:
    """The 40 researchers served by both simulators, the pipeline configured for them.

    Unmarked: the empty world (migrated, the researchers' tokens stored) with simulators of
    its own. With `@pytest.mark.world("extracted")` (or "matched", "validated", "published"): a
    copy of that template, served by the session's simulators, which the test may only read;
    `own_simulators=True` for a test that changes what they serve or counts what they answer."""
    stage, own_simulators = world_marker(request)
    with ExitStack() as stack:
        sims = stack.enter_context(simulators(worlds.institution)) if own_simulators else None
        yield stack.enter_context(worlds.copy(isolated_settings, stage, sims))
