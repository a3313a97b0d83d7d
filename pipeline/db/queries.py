"""Load the SQL files under `sql/` as bound-parameter statements."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from psycopg import Cursor
from sqlalchemy import TextClause, text


@cache
def statement(name: str) -> str:
    """The text of `sql/<name>.sql`, for the psycopg cursor (COPY and multi-statement scripts)."""
    return files("sql").joinpath(f"{name}.sql").read_text(encoding="utf-8")


@cache
def query(name: str) -> TextClause:
    """`query("ops/start_run")` is the statement in `sql/ops/start_run.sql`, ready to execute."""
    return text(statement(name))


def copy_rows(cursor: Cursor, name: str, rows: Iterable[tuple]) -> None:
    """Stream `rows` through the `COPY … FROM STDIN` of `sql/<name>.sql`: the bulk path of every
    stage that writes many rows (staging, matching), far cheaper than INSERTs."""
    with cursor.copy(statement(name)) as copy:
        for row in rows:
            copy.write_row(row)
