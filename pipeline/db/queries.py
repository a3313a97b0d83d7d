"""Load the SQL files under `sql/` as bound-parameter statements."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from sqlalchemy import TextClause, text


@cache
def statement(name: str) -> str:
    """The text of `sql/<name>.sql`, for the psycopg cursor (COPY and multi-statement scripts)."""
    return files("sql").joinpath(f"{name}.sql").read_text(encoding="utf-8")


@cache
def query(name: str) -> TextClause:
    """`query("ops/start_run")` is the statement in `sql/ops/start_run.sql`, ready to execute."""
    return text(statement(name))
