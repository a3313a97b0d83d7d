"""Load the SQL files under `sql/` as bound-parameter statements."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from sqlalchemy import TextClause, text


@cache
def query(name: str) -> TextClause:
    """`query("ops/start_run")` is the statement in `sql/ops/start_run.sql`."""
    return text(files("sql").joinpath(f"{name}.sql").read_text(encoding="utf-8"))
