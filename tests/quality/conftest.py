"""The validate stage's tests start from a copy of the session's matched world (or the later
template their `world` marker names): every test corrupts its own copy in a different way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from pipeline.quality import ValidateSummary
from tests.simulated import World, Worlds, world_marker


@pytest.fixture
def batch(
    request: pytest.FixtureRequest, worlds: Worlds, isolated_settings: pytest.MonkeyPatch
) -> Iterator[World]:
    """What one night extracted and matched (`run_id`), for the validate stage to check; with
    `@pytest.mark.world("validated")` or `("published")`, as that night left it."""
    stage, _ = world_marker(request, default="matched")
    with worlds.copy(isolated_settings, stage) as world:
        yield world


@pytest.fixture
def validation(worlds: Worlds) -> ValidateSummary:
    """What the validate stage returned when it checked the validated world's batch."""
    summary = worlds.template("validated").built
    assert isinstance(summary, ValidateSummary)
    return summary


def execute(engine: Engine, *statements: str, **parameters: object) -> None:
    """Run statements in one transaction, each with the same bound parameters."""
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), parameters)


def validation_results(engine: Engine, run_id: int, **match: object) -> list[dict]:
    """What the run stored in `ops.validation_results`, in order; only the rows whose columns
    hold the values of `match`, if given."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT * FROM ops.validation_results WHERE run_id = :run ORDER BY ordinal"),
            {"run": run_id},
        )
        found = [dict(row._mapping) for row in rows]
    return [r for r in found if all(r[key] == value for key, value in match.items())]
