"""One place that decides which PostgreSQL the whole pipeline talks to."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from pipeline.config import Settings, get_settings
from pipeline.db.embedded import embedded_url


def database_url(settings: Settings) -> str:
    """`DATABASE_URL` when configured, else the embedded server's URL (started on demand).

    The URL may hold a password: show it to people only through `display_url`.
    """
    if settings.has_secret("database_url"):
        return _with_psycopg_driver(settings.secret("database_url"))
    return embedded_url(settings.data_dir)


def display_url(url: str, *, show_password: bool = False) -> str:
    """The URL as people and psql write it (no driver name), the password hidden unless asked."""
    plain = make_url(url).set(drivername="postgresql")
    return plain.render_as_string(hide_password=not show_password)


def make_engine(settings: Settings) -> Engine:
    return create_engine(database_url(settings), pool_pre_ping=True)


def _with_psycopg_driver(url: str) -> str:
    """Accept the URL forms people paste (postgres://, postgresql://) and use psycopg 3."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"DATABASE_URL must be a PostgreSQL URL, not {parsed.drivername!r}")
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The process's engine for the configured database, shared by every task of a run."""
    return make_engine(get_settings())
