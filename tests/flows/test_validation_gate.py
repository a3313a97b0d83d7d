"""A batch that fails validation publishes nothing, says which expectation it failed, and is read
again in full by the next run, which publishes as usual."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from flows.nightly import nightly
from pipeline.quality import ValidationFailed
from sim.faults import fault_profile
from tests.simulated import World

pytestmark = pytest.mark.usefixtures("prefect_api")


def _orcid_works(world: World) -> int:
    with world.engine.connect() as connection:
        return connection.execute(
            text("SELECT count(*) FROM staging.works WHERE source = 'orcid'")
        ).scalar_one()


def _published_researchers(world: World) -> dict[int, int]:
    with world.engine.connect() as connection:
        return dict(
            connection.execute(
                text("SELECT run_id, count(*) FROM core.published_researchers GROUP BY run_id")
            ).all()
        )


def test_a_corrupted_orcid_batch_fails_validation_and_publishes_nothing(world: World) -> None:
    good = nightly(trigger="test")
    works_before = _orcid_works(world)
    reports = world.settings.report_root

    world.orcid_sim.set_faults(fault_profile("half-orcid"))
    with pytest.raises(ValidationFailed) as failure:
        nightly(trigger="test", mode="full")
    assert _orcid_works(world) < works_before * 0.8, "the fault should have emptied records"

    with world.engine.connect() as connection:
        broken = connection.execute(
            text(
                "SELECT run_id, status, message, published_at, stages "
                "FROM reporting.run_history ORDER BY run_id DESC LIMIT 1"
            )
        ).one()
        shown_run = connection.execute(
            text("SELECT DISTINCT run_id FROM reporting.researchers")
        ).scalar_one()
        watermarks = connection.execute(text("SELECT count(*) FROM ops.watermarks")).scalar_one()
        failed = connection.execute(
            text(
                "SELECT expectation, target FROM reporting.validation_results "
                "WHERE run_id = :run AND severity = 'critical' AND NOT success"
            ),
            {"run": broken.run_id},
        ).all()
    assert broken.status == "failed"
    assert broken.published_at is None
    assert broken.stages["validate"] == "failed"
    assert "publish" not in broken.stages
    assert any(row.expectation == "expect_table_row_count_to_be_between" for row in failed)
    assert "expect_table_row_count_to_be_between" in broken.message
    assert "expect_table_row_count_to_be_between" in str(failure.value)
    # Analysts and the report still see the last good run; the broken one wrote no report.
    assert shown_run == good
    assert set(_published_researchers(world)) == {good}
    assert (reports / f"run-{good}" / "index.html").is_file()
    assert not (reports / f"run-{broken.run_id}").exists()
    assert watermarks == 0, "the next run must read everything again"

    world.orcid_sim.set_faults(fault_profile("none"))
    recovered = nightly(trigger="test")
    assert _orcid_works(world) == works_before
    assert set(_published_researchers(world)) == {good, recovered}
