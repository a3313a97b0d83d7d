"""The load stage as a night runs it: a dry run by default that says what it would push, caps
that stop a runaway batch and say so, and no loading of a run that did not pass validation."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pipeline.context import StageContext
from pipeline.load import NotValidated, describe
from pipeline.load import run as load
from pipeline.stages import run_named_stage, stages_to_run
from tests.simulated import World


def _context(world: World, **settings: object) -> StageContext:
    assert world.run_id is not None
    return StageContext(
        world.engine, world.settings.model_copy(update=settings), world.run_id, "incremental"
    )


def _missing_of_connected(world: World) -> dict[str, int]:
    """Works (one per cluster) missing from ORCID that the list says the pipeline will push,
    less those the last load held for review."""
    with world.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT m.person_uuid, count(DISTINCT r.cluster)"
                "  FROM core.works_missing_from_orcid AS m"
                "  JOIN core.researcher_records AS r"
                "    ON r.person_uuid = m.person_uuid AND r.source = 'pure'"
                "   AND r.record_id = m.pure_uuid"
                " WHERE m.connected AND m.publication_status IN ('published', 'epub')"
                "   AND m.id_status IN ('valid', 'deprecated')"
                "   AND NOT EXISTS (SELECT 1 FROM core.push_review AS h"
                "                    WHERE h.person_uuid = m.person_uuid"
                "                      AND h.pure_uuid = m.pure_uuid)"
                " GROUP BY m.person_uuid"
            )
        ).all()
    return dict(rows)


@pytest.mark.world("validated", own_simulators=True)
def test_a_dry_run_says_what_it_would_push_and_writes_nothing(world: World) -> None:
    before = world.orcid_stats()
    summary = run_named_stage(_context(world), "load")
    expected = _missing_of_connected(world)
    assert summary["orcid"]["held_for_review"] > 0
    assert expected, "the world has works to push"
    assert summary["orcid"]["applied"] is False
    assert summary["orcid"]["to_push"] == sum(expected.values())
    assert summary["orcid"]["researchers"] == len(expected)
    assert summary["orcid"]["to_update"] == summary["orcid"]["to_delete"] == 0
    after = world.orcid_stats()
    assert after["works"] == before["works"]
    assert after["member"]["requests"] == before["member"]["requests"]
    line = describe(world.engine, world.run_id)[0]
    assert line.startswith("ORCID (dry run, --apply-orcid to push): would push")
    assert f"would push {sum(expected.values())} works" in line


@pytest.mark.world("validated")
def test_caps_stop_a_runaway_batch_and_say_whom(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    summary = load(_context(world, load_max_per_researcher=2, load_max_per_run=10_000))
    expected = _missing_of_connected(world)
    assert max(expected.values()) > 2
    over = sorted(person for person, count in expected.items() if count > 2)
    assert summary.orcid.capped_researchers == over
    assert summary.orcid.to_push == sum(min(count, 2) for count in expected.values())
    assert not summary.orcid.run_capped
    assert "LOAD_MAX_PER_RESEARCHER" in caplog.text

    summary = load(_context(world, load_max_per_run=5))
    assert summary.orcid.to_push == 5
    assert summary.orcid.run_capped
    assert "LOAD_MAX_PER_RUN" in caplog.text


@pytest.mark.world("matched")
def test_a_run_that_did_not_pass_validation_loads_nothing(world: World) -> None:
    with pytest.raises(NotValidated, match="has not passed validation"):
        load(_context(world))


def test_asking_for_load_runs_validation_first() -> None:
    assert stages_to_run(["load"]) == ["validate", "load"]
    assert stages_to_run(None)[-2:] == ["publish", "load"]
