"""The overlapped night (sources read at the same time, researchers matched a batch at a time)
ends with what the stages run one after another leave: the same staged records, links, clusters
and published lists, whether its units of work run in threads or on a Dask cluster."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from flows.nightly import configured_nightly
from pipeline.config import get_settings
from pipeline.publish.report.data import LISTS
from tests.simulated import Worlds

pytestmark = pytest.mark.usefixtures("prefect_api")

TABLES = (
    "staging.works",
    "staging.work_identifiers",
    "staging.work_contributors",
    "staging.persons",
    "staging.org_units",
    "staging.raw_records",
    "core.match_links",
    "core.work_clusters",
    "core.matched_researchers",
    "core.researcher_records",
    *(f"core.published_{name}" for name in LISTS),
)
"""What a night leaves: staged records, matching, and the lists the reporting views show."""

WHEN = ("run_id", "first_run_id", "last_run_id", "checked_run_id")
"""Columns that name the run or the time, which differ between any two nights."""


def contents(engine: Engine) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows, run ids and times left out."""
    found = {}
    with engine.connect() as connection:
        for table in TABLES:
            schema, name = table.split(".")
            columns = connection.execute(
                text(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = :schema AND table_name = :name ORDER BY ordinal_position"
                ),
                {"schema": schema, "name": name},
            ).all()
            kept = [
                f'"{column}"'
                for column, kind in columns
                if column not in WHEN and not kind.startswith("timestamp")
            ]
            row = f"ROW({', '.join(kept)})::text"
            found[table] = tuple(
                connection.execute(
                    text(
                        f"SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) "
                        f"FROM (SELECT {row} AS r FROM {table}) AS t"
                    )
                ).one()
            )
    return found


def serial_contents(worlds: Worlds, monkeypatch: pytest.MonkeyPatch) -> dict:
    """The published world: its stages were run one after another, each whole."""
    with worlds.copy(monkeypatch, "published") as world:
        return contents(world.engine)


def overlapped_contents(worlds: Worlds, monkeypatch: pytest.MonkeyPatch, **settings: str) -> dict:
    """A night of the flow on the empty world, researchers in batches of 7, with `settings`."""
    with worlds.copy(monkeypatch, "empty") as world:
        monkeypatch.setenv("RESEARCHER_BATCH", "7")
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        configured_nightly(get_settings())(trigger="test")
        with world.engine.connect() as connection:
            stages = dict(
                connection.execute(text("SELECT stage, status FROM ops.run_stages")).all()
            )
        assert set(stages.values()) == {"succeeded"}, stages
        return contents(world.engine)


def test_the_overlapped_night_leaves_what_the_serial_stages_leave(
    worlds: Worlds, isolated_settings: pytest.MonkeyPatch
) -> None:
    serial = serial_contents(worlds, isolated_settings)
    assert all(count for count, _ in serial.values()), serial
    assert overlapped_contents(worlds, isolated_settings) == serial


def test_the_night_on_a_dask_cluster_leaves_what_the_default_runner_leaves(
    worlds: Worlds, isolated_settings: pytest.MonkeyPatch
) -> None:
    """A local Dask cluster (worker processes of their own), ORCID read two batches at a
    time, each at half the rate."""
    serial = serial_contents(worlds, isolated_settings)
    dask = overlapped_contents(worlds, isolated_settings, TASK_RUNNER="dask", ORCID_PROCESSES="2")
    assert dask == serial
