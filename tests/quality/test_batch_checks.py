"""The batch checks: a batch is compared with the last run that published, so a source that
suddenly returns a fraction of its records, or ORCID records that come back empty, stops the run
although no single row breaks a rule."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from pipeline import quality
from pipeline.context import StageContext
from pipeline.quality import ValidationFailed
from pipeline.quality.batch import Baseline, row_count_floor, share_ceiling
from pipeline.runs import start_run
from tests.quality.conftest import execute, validation_results
from tests.simulated import World

ROW_COUNT = "expect_table_row_count_to_be_between"
SHARE = "expect_column_max_to_be_between"


def _orcid_works(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT count(*) FROM staging.works WHERE source = 'orcid'")
        ).scalar_one()


@pytest.mark.world("validated")
def test_the_first_run_has_nothing_to_compare_with_and_says_so(batch: World) -> None:
    results = validation_results(batch.engine, batch.run_id)
    checks = [r for r in results if r["expectation"] in (ROW_COUNT, SHARE)]
    assert len(checks) == 4
    assert all(c["success"] for c in checks)
    assert all("the first check" in c["description"] for c in checks)


@pytest.mark.world("published")
def test_half_the_orcid_works_gone_since_the_last_published_run_fails(batch: World) -> None:
    before = _orcid_works(batch.engine)
    run_id = start_run(batch.engine, trigger="test")
    # Every other ORCID work disappears: each researcher keeps some, only the count halves.
    execute(
        batch.engine,
        "DELETE FROM staging.works WHERE (source, source_record_id) IN ("
        "  SELECT source, source_record_id FROM ("
        "    SELECT source, source_record_id,"
        "           row_number() OVER (ORDER BY source_record_id) AS n"
        "      FROM staging.works WHERE source = 'orcid') AS numbered"
        "   WHERE n % 2 = 0)",
    )
    after = _orcid_works(batch.engine)

    with pytest.raises(ValidationFailed) as failed:
        quality.run(StageContext(batch.engine, batch.settings, run_id))

    floor = -(-before * 8 // 10)
    target = "staging.works where source = 'orcid'"
    assert {(f.expectation, f.target) for f in failed.value.failures} == {(ROW_COUNT, target)}
    assert (
        f"{ROW_COUNT} on {target}: {after:,} rows — expected: orcid works staged: at least "
        f"{floor:,} (last published run {batch.run_id}: {before:,} − 20 %)"
    ) in str(failed.value)
    stored = validation_results(batch.engine, run_id, expectation=ROW_COUNT, target=target)
    assert len(stored) == 1
    assert (stored[0]["severity"], stored[0]["success"]) == ("critical", False)
    assert stored[0]["observed"] == {"observed_value": after}


@pytest.mark.world("published")
def test_researchers_whose_orcid_records_come_back_empty_fail(batch: World) -> None:
    run_id = start_run(batch.engine, trigger="test")
    # The researchers with the fewest works lose all of them: few rows, many empty records.
    execute(
        batch.engine,
        "DELETE FROM staging.works WHERE source = 'orcid' AND owner_id IN ("
        "  SELECT owner_id FROM staging.works WHERE source = 'orcid'"
        "   GROUP BY owner_id ORDER BY count(*), owner_id LIMIT 6)",
    )

    with pytest.raises(ValidationFailed) as failed:
        quality.run(StageContext(batch.engine, batch.settings, run_id))

    assert [f.expectation for f in failed.value.failures] == [SHARE]
    message = str(failed.value)
    assert "share of researchers with a valid ORCID iD but no ORCID works: at most" in message
    assert f"(last published run {batch.run_id}: " in message
    assert "+ 10 points)" in message


@pytest.mark.world("validated")  # validated, never published
def test_a_run_that_did_not_publish_is_no_baseline(batch: World) -> None:
    run_id = start_run(batch.engine, trigger="test")
    execute(batch.engine, "DELETE FROM staging.works WHERE source = 'orcid'")

    summary = quality.run(StageContext(batch.engine, batch.settings, run_id))

    assert summary.failed_critical == 0
    assert all(
        "the first check" in c["description"]
        for c in validation_results(batch.engine, run_id, expectation=ROW_COUNT)
    )


@pytest.mark.world("published")
def test_the_limits_come_from_the_settings(batch: World, isolated_settings) -> None:
    run_id = start_run(batch.engine, trigger="test")
    execute(
        batch.engine,
        "DELETE FROM staging.works WHERE (source, source_record_id) IN ("
        "  SELECT source, source_record_id FROM staging.works WHERE source = 'pure'"
        "   ORDER BY source_record_id LIMIT (SELECT count(*) / 10 FROM staging.works"
        "                                     WHERE source = 'pure'))",
    )
    isolated_settings.setenv("VALIDATION_MAX_ROW_DROP", "0.05")
    from pipeline.config import Settings

    with pytest.raises(ValidationFailed) as failed:
        quality.run(StageContext(batch.engine, Settings(), run_id))

    assert [f.target for f in failed.value.failures] == ["staging.works where source = 'pure'"]
    assert "− 5 %)" in str(failed.value)


def test_a_drop_of_exactly_the_limit_passes() -> None:
    baseline = Baseline(run_id=7, metrics={"works.orcid": 2888.0, "works.pure": 1000.0})

    assert row_count_floor(baseline, "pure", 0.2).limit == 800
    orcid = row_count_floor(baseline, "orcid", 0.2)
    assert orcid.limit == 2311  # 2,310.4: 2,310 rows would be a drop of more than 20 %
    assert orcid.description == (
        "orcid works staged: at least 2,311 (last published run 7: 2,888 − 20 %)"
    )
    missing = row_count_floor(baseline, "bibtex", 0.2)
    assert missing.limit is None
    assert "the first check" in missing.description


def test_the_share_may_rise_by_the_jump_in_points() -> None:
    baseline = Baseline(run_id=3, metrics={"researchers.without_orcid_works_share": 0.15})

    bound = share_ceiling(baseline, 0.1)

    assert bound.limit == pytest.approx(0.25)
    assert bound.description.endswith("at most 25 % (last published run 3: 15 % + 10 points)")
    assert share_ceiling(None, 0.1).limit is None
    nearly_all = Baseline(3, {"researchers.without_orcid_works_share": 0.95})
    assert share_ceiling(nearly_all, 0.1).limit == 1.0
