"""The `pure-orcid` command: a thin layer over `pipeline` that turns its errors into messages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click
from sqlalchemy.engine import make_url

from pipeline import db
from pipeline.config import SettingsError, get_settings
from pipeline.db.embedded import stop_embedded
from pipeline.db.migrate import SchemaOutOfDate, new_revision

P = ParamSpec("P")
R = TypeVar("R")


def _friendly_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Configuration and schema problems are the user's to fix: say what, without a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (SettingsError, SchemaOutOfDate, ValueError) as error:
            raise click.ClickException(str(error)) from None

    return wrapper


@click.group()
def main() -> None:
    """Reconcile research outputs between Elsevier Pure and ORCID, staged in PostgreSQL."""


@main.group("db")
def db_group() -> None:
    """The staging database: where it is and its schema version."""


@db_group.command("url")
@click.option("--show-password", is_flag=True, help="Print the password instead of ***.")
@_friendly_errors
def db_url(show_password: bool) -> None:
    """Print the database URL in use (DATABASE_URL, or the embedded server), for psql too."""
    url = make_url(db.database_url(get_settings())).set(drivername="postgresql")
    click.echo(url.render_as_string(hide_password=not show_password))


@db_group.command("upgrade")
@click.argument("revision", default="head")
@_friendly_errors
def db_upgrade(revision: str) -> None:
    """Apply the migrations up to REVISION (default: the latest)."""
    engine = db.get_engine()
    db.upgrade(engine, revision)
    click.echo(f"database schema at {db.current_revision(engine)}")


@db_group.command("downgrade")
@click.argument("revision")
@_friendly_errors
def db_downgrade(revision: str) -> None:
    """Revert the migrations down to REVISION ("base" removes everything the pipeline made)."""
    engine = db.get_engine()
    db.downgrade(engine, revision)
    click.echo(f"database schema at {db.current_revision(engine) or 'base'}")


@db_group.command("current")
@_friendly_errors
def db_current() -> None:
    """Print the schema revision of the database and the one this version needs."""
    current = db.current_revision(db.get_engine())
    click.echo(f"database: {current or 'base'}; this version needs: {db.head_revision()}")


@db_group.command("revision")
@click.argument("message")
@_friendly_errors
def db_revision(message: str) -> None:
    """Create an empty migration file (for developers)."""
    new_revision(db.get_engine(), message)


@db_group.command("stop")
def db_stop() -> None:
    """Stop the embedded PostgreSQL server, if it runs (a DATABASE_URL server is not touched)."""
    stopped = stop_embedded(get_settings().data_dir)
    click.echo("embedded server stopped" if stopped else "no embedded server was running")


@main.command("run")
@click.option("--trigger", default="manual", help="Recorded with the run, e.g. 'schedule'.")
@_friendly_errors
def run(trigger: str) -> None:
    """Run the nightly flow once, now."""
    from flows.nightly import nightly

    run_id = nightly(trigger=trigger)
    click.echo(f"run {run_id} succeeded")


@main.command("demo")
@_friendly_errors
def demo() -> None:
    """Set up the database, run the nightly flow and say where its output is."""
    from flows.nightly import nightly

    settings = get_settings()
    engine = db.get_engine()
    db.upgrade(engine)
    run_id = nightly(trigger="demo")
    url = make_url(db.database_url(settings)).set(drivername="postgresql")
    shown = url.render_as_string(hide_password=True)
    click.echo("")
    click.echo(f"Demo run {run_id} succeeded.")
    click.echo(f"Its output is in the database {shown}")
    click.echo("  runs and their stages: the view reporting.run_history, e.g.")
    click.echo(f"  psql '{shown}' -c 'SELECT * FROM reporting.run_history'")
