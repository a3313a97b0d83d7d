"""Shared set-up for the reporting tests: one simulated institution, extracted and matched, for a
whole test module, because building it takes most of a minute and the views only read it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from pipeline import config, match
from pipeline.context import StageContext
from pipeline.extract import orcid as extract_orcid
from pipeline.extract import pure as extract_pure
from pipeline.publish.lists import publish_lists
from pipeline.stages import run_named_stage
from tests.conftest import _clear_caches, _create_database, _drop_database, sqlalchemy_url
from tests.simulated import World, serve_world


@contextmanager
def matched_world(
    admin_uri: str, template: str, directory: Path, *, publish: bool = True
) -> Iterator[World]:
    """A database of its own with the 40-researcher world extracted from both simulators,
    matched, validated and its lists published, as after one nightly run (without writing the
    report); with `publish` false it stops after matching. Dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    _create_database(admin_uri, name, template=template)
    url = sqlalchemy_url(admin_uri, name)
    engine = create_engine(url)
    try:
        with pytest.MonkeyPatch.context() as monkeypatch:
            for setting in [*config.Settings.model_fields, "PURE_ORCID_DATA_DIR"]:
                monkeypatch.delenv(setting.upper(), raising=False)
            monkeypatch.chdir(directory)
            monkeypatch.setenv("PURE_ORCID_DATA_DIR", str(directory / "var"))
            monkeypatch.setenv("DATABASE_URL", url)
            _clear_caches()
            worlds = serve_world(monkeypatch, engine)
            try:
                world = next(worlds)
                run_id = world.new_run()
                extract_pure.run(StageContext(engine, world.settings, run_id, "full"))
                extract_orcid.run(StageContext(engine, world.settings, run_id, "full"))
                match.run(StageContext(engine, world.settings, run_id))
                if publish:
                    run_named_stage(
                        StageContext(engine, world.settings, run_id, "full"), "validate"
                    )
                    publish_lists(engine, run_id)
                yield world
            finally:
                worlds.close()
                _clear_caches()
    finally:
        engine.dispose()
        _drop_database(admin_uri, name)


def analyst_engine(engine: Engine) -> Engine:
    """The same database reached as the read-only `analyst` role."""
    return create_engine(engine.url.set(username="analyst", password=None))
