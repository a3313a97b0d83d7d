"""Tests of the reporting views, read from a copy of the published world."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine


def analyst_engine(engine: Engine) -> Engine:
    """The same database reached as the read-only `analyst` role."""
    return create_engine(engine.url.set(username="analyst", password=None))
