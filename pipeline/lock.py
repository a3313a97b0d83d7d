"""One pipeline command at a time per database.

Two runs on one database delete each other's data (each takes what the other re-stamped for
records it did not see), so a run — and every other command that writes what a run reads:
`import-bibtex`, `tokens import`, `db upgrade` — holds a PostgreSQL session-level advisory lock
for as long as it works. The lock lives on one connection the command keeps open and idle,
whatever threads or processes do the work: when the process dies, however it dies, its
connection closes and PostgreSQL releases the lock. A second command does not wait: it stops
at once, naming the holder and since when.

Within one process the lock is re-entrant: the command line takes it before it starts the
flow (so a second run stops before Prefect's slow start), and the flow takes it again, which
is how a run started by a Prefect worker is covered too.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row

from pipeline.db.queries import query

LOCK = {"namespace": 0x70757265, "key": 0x6F726364}
"""The advisory lock's two keys ("pure", "orcd"): an application on the same database that
takes advisory locks of its own must not use this pair."""

_APPLICATION_NAME_LIMIT = 63
"""PostgreSQL keeps the first 63 bytes of application_name."""


class DatabaseBusy(RuntimeError):
    """Another pipeline command holds the database; the message names it and since when."""


class LockLost(RuntimeError):
    """The connection holding the lock broke (the database restarted?): another command may
    have started since, so this one must stop before it writes more."""


@dataclass
class _Hold:
    connection: Connection
    session: int
    """The holding session's pg_backend_pid()."""
    depth: int = 1


_held: dict[str, _Hold] = {}
_guard = threading.Lock()


def this_process() -> str:
    """`host/pid`, as ops.runs records it and the busy message shows it."""
    return f"{socket.gethostname()}/{os.getpid()}"


def _key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


@contextmanager
def exclusive(engine: Engine, command: str) -> Iterator[None]:
    """Hold the database for `command` (e.g. "run", "tokens import") until the block ends;
    raises `DatabaseBusy` at once if another process holds it."""
    with _guard:
        hold = _held.get(_key(engine))
        if hold is not None:
            hold.depth += 1
        else:
            hold = _acquire(engine, command)
            _held[_key(engine)] = hold
    try:
        yield
    finally:
        with _guard:
            hold.depth -= 1
            if hold.depth == 0:
                del _held[_key(engine)]
                _release(hold.connection)


def session(engine: Engine) -> int | None:
    """The database session through which this process holds the lock (None: it does not)."""
    hold = _held.get(_key(engine))
    return hold.session if hold is not None else None


def describe(engine: Engine, what: str) -> None:
    """Say in the lock's session what holds it (`pure-orcid run 42`), for the busy message
    of a command that comes second."""
    name = f"pure-orcid {what} {this_process()}"[:_APPLICATION_NAME_LIMIT]
    with _guard:
        hold = _held.get(_key(engine))
        if hold is not None:
            hold.connection.execute(query("ops/name_session"), {"name": name})


def check(engine: Engine) -> None:
    """Raise `LockLost` unless this process still holds the lock: a run checks before each
    stage, so a broken connection cannot let two runs write at once for longer than a stage."""
    with _guard:
        hold = _held.get(_key(engine))
        try:
            held = (
                hold is not None and hold.connection.execute(query("ops/lock_held"), LOCK).scalar()
            )
        except Exception as error:  # any failure to ask means the session is gone
            raise LockLost(f"the connection holding the database lock broke: {error}") from None
    if not held:
        raise LockLost("this process no longer holds the database lock")


def _acquire(engine: Engine, command: str) -> _Hold:
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        name = f"pure-orcid {command} {this_process()}"[:_APPLICATION_NAME_LIMIT]
        connection.execute(query("ops/name_session"), {"name": name})
        if connection.execute(query("ops/try_lock"), LOCK).scalar():
            return _Hold(connection, connection.execute(query("ops/session_id")).scalar_one())
        holder = connection.execute(query("ops/lock_holder"), LOCK).one_or_none()
    except BaseException:
        connection.close()
        raise
    connection.close()
    raise DatabaseBusy(_busy_message(holder))


def _release(connection: Connection) -> None:
    """Unlock, and close the session for good rather than pool it: a closed session holds no
    lock whatever happened to the unlock."""
    try:
        connection.execute(query("ops/unlock"), LOCK)
    finally:
        connection.invalidate()
        connection.close()


def _busy_message(holder: Row[Any] | None) -> str:
    if holder is None:  # released between our try and our look: a rare race, worth a retry
        return "another pipeline command held the database a moment ago; try again"
    what = holder.application_name or "another session"
    return (
        f"the database is busy: {what} has held it since {_when(holder.since)}; "
        "this command did nothing"
    )


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
