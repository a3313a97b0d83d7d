"""The validate stage on a matched simulated institution: a clean batch passes, each kind of
breakage fails critically with the expectation named, and problems of single records are
warnings that never stop the run."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import pytest
from sqlalchemy import Engine, text

from pipeline import quality
from pipeline.context import StageContext
from pipeline.quality import ValidateSummary, ValidationFailed
from pipeline.runs import run_stage
from tests.quality.conftest import execute, validation_results
from tests.simulated import World


def _one(rows: list[dict], **match: object) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def _failed(error: ValidationFailed) -> set[tuple[str, str]]:
    return {(f.expectation, f.target) for f in error.failures}


@pytest.mark.world("validated")
def test_a_clean_batch_passes_every_critical_expectation(
    batch: World, validation: ValidateSummary
) -> None:
    summary = validation

    rows = validation_results(batch.engine, batch.run_id)
    assert summary.failed_critical == 0
    assert summary.expectations == len(rows) > 20
    assert [r["ordinal"] for r in rows] == list(range(1, len(rows) + 1))
    critical = [r for r in rows if r["severity"] == "critical"]
    assert critical
    assert [r for r in critical if not r["success"]] == []
    assert summary.failed_warnings == sum(1 for r in rows if not r["success"])
    # The matching this run made is what the cluster key check looked at.
    clusters = _one(rows, suite="core_work_clusters_critical")
    assert clusters["target"] == f"core.work_clusters where run_id = {batch.run_id}"
    assert clusters["observed"]["element_count"] > 0


@pytest.mark.world("validated")
def test_the_planted_bad_check_digits_are_warnings(batch: World) -> None:
    planted = {p.uuid for p in batch.institution.persons if p.orcid_problem == "invalid-checksum"}
    assert planted, "the simulated institution plants iDs with a bad check character"

    rows = validation_results(batch.engine, batch.run_id)
    check_digit = [
        r
        for r in rows
        if r["target"] == "staging.persons where source = 'pure'"
        and "check character" in (r["description"])
    ]
    assert len(check_digit) == 1
    found = check_digit[0]
    assert (found["severity"], found["success"]) == ("warning", False)
    assert found["observed"]["observed_value"] == len(planted)
    assert {e["person_uuid"] for e in found["observed"]["examples"]} <= planted


@pytest.mark.world("validated")
def test_the_batch_figures_are_stored(batch: World) -> None:
    with batch.engine.connect() as connection:
        metrics = dict(
            connection.execute(
                text("SELECT metric, value FROM ops.run_metrics WHERE run_id = :run"),
                {"run": batch.run_id},
            )
            .tuples()
            .all()
        )
        orcid_works = connection.execute(
            text("SELECT count(*) FROM staging.works WHERE source = 'orcid'")
        ).scalar_one()
    assert metrics["works.orcid"] == orcid_works
    assert metrics["works.bibtex"] == 0
    assert 0 < metrics["researchers.without_orcid_works"] < metrics["researchers.with_valid_orcid"]
    assert metrics["researchers.without_orcid_works_share"] == pytest.approx(
        metrics["researchers.without_orcid_works"] / metrics["researchers.with_valid_orcid"]
    )


def test_an_orcid_work_whose_owner_fails_the_check_digit_fails_critically(batch: World) -> None:
    with batch.engine.connect() as connection:
        record, owner = connection.execute(
            text(
                "SELECT source_record_id, owner_id FROM staging.works WHERE source = 'orcid' "
                "ORDER BY source_record_id LIMIT 1"
            )
        ).one()
    broken = owner[:-1] + ("0" if owner[-1] != "0" else "1")
    execute(
        batch.engine,
        "UPDATE staging.works SET owner_id = :broken "
        "WHERE source = 'orcid' AND source_record_id = :record",
        broken=broken,
        record=record,
    )

    with pytest.raises(ValidationFailed) as failed:
        quality.run(StageContext(batch.engine, batch.settings, batch.run_id))

    # The iD still has the shape of one: only the check character gives it away.
    assert _failed(failed.value) == {
        ("unexpected_rows_expectation", "staging.works where source = 'orcid'")
    }
    message = str(failed.value)
    assert "unexpected_rows_expectation on staging.works where source = 'orcid'" in message
    assert broken in message
    assert "check character" in message
    assert failed.value.summary.failed_critical == 1
    # Prefect keeps a failed task's exception by pickling it.
    copy = pickle.loads(pickle.dumps(failed.value))
    assert (str(copy), copy.failures) == (message, failed.value.failures)


@pytest.mark.parametrize(
    ("statements", "expectation", "target"),
    [
        pytest.param(
            [
                "ALTER TABLE staging.works DROP CONSTRAINT works_pkey CASCADE",
                "INSERT INTO staging.works SELECT * FROM staging.works "
                "WHERE source = 'pure' ORDER BY source_record_id LIMIT 1",
            ],
            "expect_compound_columns_to_be_unique",
            "staging.works",
            id="works",
        ),
        pytest.param(
            [
                "ALTER TABLE staging.persons DROP CONSTRAINT persons_pkey",
                "INSERT INTO staging.persons SELECT * FROM staging.persons LIMIT 1",
            ],
            "expect_compound_columns_to_be_unique",
            "staging.persons",
            id="persons",
        ),
        pytest.param(
            [
                "ALTER TABLE core.work_clusters DROP CONSTRAINT work_clusters_pkey",
                "INSERT INTO core.work_clusters SELECT * FROM core.work_clusters LIMIT 1",
            ],
            "expect_compound_columns_to_be_unique",
            "core.work_clusters where run_id = {run}",
            id="clusters",
        ),
    ],
)
def test_a_duplicate_key_fails_critically(
    batch: World, statements: list[str], expectation: str, target: str
) -> None:
    execute(batch.engine, *statements)
    target = target.format(run=batch.run_id)

    with pytest.raises(ValidationFailed) as failed:
        quality.run(StageContext(batch.engine, batch.settings, batch.run_id))

    assert _failed(failed.value) == {(expectation, target)}
    # Both copies of the key are unexpected.
    assert f"{expectation} on {target}: 2 of " in str(failed.value)
    stored = _one(
        validation_results(batch.engine, batch.run_id), expectation=expectation, target=target
    )
    assert (stored["severity"], stored["success"]) == ("critical", False)
    assert stored["observed"]["unexpected_count"] == 2
    assert stored["observed"]["examples"]


@pytest.mark.parametrize(
    ("statement", "expectation", "target", "column", "value"),
    [
        pytest.param(
            "UPDATE staging.works SET work_type = 'poem' WHERE source_record_id = "
            "(SELECT min(source_record_id) FROM staging.works WHERE source = 'pure')",
            "expect_column_values_to_be_in_set",
            "staging.works",
            "work_type",
            "poem",
            id="work-type",
        ),
        pytest.param(
            "UPDATE staging.works SET orcid_visibility = 'friends' WHERE source_record_id = "
            "(SELECT min(source_record_id) FROM staging.works WHERE source = 'orcid')",
            "expect_column_values_to_be_in_set",
            "staging.works where source = 'orcid'",
            "orcid_visibility",
            "friends",
            id="orcid-visibility",
        ),
        pytest.param(
            "INSERT INTO staging.works (source, source_record_id, title, run_id) "
            "SELECT 'scopus', '2-s2.0-85002158060', 'A work', max(run_id) FROM ops.runs",
            "expect_column_values_to_be_in_set",
            "staging.works",
            "source",
            "scopus",
            id="source",
        ),
        pytest.param(
            "UPDATE staging.work_identifiers SET id_type = 'isbn13' "
            "WHERE (source, source_record_id, ordinal) = (SELECT source, source_record_id, "
            "ordinal FROM staging.work_identifiers WHERE source = 'pure' AND id_type = 'isbn' "
            "ORDER BY 1, 2, 3 LIMIT 1)",
            "expect_column_values_to_be_in_set",
            "staging.work_identifiers where source in ('pure', 'bibtex')",
            "id_type",
            "isbn13",
            id="identifier-type",
        ),
        pytest.param(
            "UPDATE staging.work_identifiers SET normalised_value = 'https://doi.org/10.1/x' "
            "WHERE (source, source_record_id, ordinal) = (SELECT source, source_record_id, "
            "ordinal FROM staging.work_identifiers WHERE id_type = 'doi' ORDER BY 1, 2, 3 LIMIT 1)",
            "expect_column_values_to_match_regex",
            "staging.work_identifiers where id_type = 'doi'",
            "normalised_value",
            "https://doi.org/10.1/x",
            id="normalised-doi",
        ),
        pytest.param(
            "UPDATE staging.works SET title = NULL WHERE source_record_id = "
            "(SELECT min(source_record_id) FROM staging.works WHERE source = 'pure')",
            "expect_column_values_to_not_be_null",
            "staging.works where source in ('pure', 'bibtex')",
            "title",
            None,
            id="pure-title",
        ),
    ],
)
def test_a_value_outside_its_vocabulary_or_form_fails_critically(
    batch: World,
    statement: str,
    expectation: str,
    target: str,
    column: str,
    value: str | None,
) -> None:
    execute(batch.engine, statement)

    with pytest.raises(ValidationFailed) as failed:
        quality.run(StageContext(batch.engine, batch.settings, batch.run_id))

    assert _failed(failed.value) == {(expectation, target)}
    assert f"{expectation} on {target}: 1 of " in str(failed.value)
    stored = _one(
        validation_results(batch.engine, batch.run_id), success=False, severity="critical"
    )
    assert (stored["expectation"], stored["column_name"]) == (expectation, column)
    if value is not None:
        assert stored["observed"]["examples"] == [value]
        assert json.dumps(value) in str(failed.value)


def test_an_orcid_work_without_a_title_is_allowed(batch: World) -> None:
    execute(
        batch.engine,
        "UPDATE staging.works SET title = NULL WHERE source_record_id = "
        "(SELECT min(source_record_id) FROM staging.works WHERE source = 'orcid')",
    )

    assert (
        quality.run(StageContext(batch.engine, batch.settings, batch.run_id)).failed_critical == 0
    )


def test_a_typo_in_a_year_is_a_warning_but_years_read_wrong_are_critical(batch: World) -> None:
    execute(
        batch.engine,
        "UPDATE staging.works SET pub_year = 2999 WHERE source_record_id = "
        "(SELECT min(source_record_id) FROM staging.works WHERE source = 'pure')",
    )
    summary = quality.run(StageContext(batch.engine, batch.settings, batch.run_id))

    years = [
        r for r in validation_results(batch.engine, batch.run_id) if r["column_name"] == "pub_year"
    ]
    assert {(r["severity"], r["success"]) for r in years} == {
        ("critical", True),
        ("warning", False),
    }
    assert _one(years, severity="warning")["observed"]["examples"] == [2999]
    assert summary.failed_critical == 0

    # A parser reading years wrong shows as many of them out of range at once.
    execute(
        batch.engine,
        "UPDATE staging.works SET pub_year = pub_year - 1000 "
        "WHERE source = 'orcid' AND source_record_id < (SELECT percentile_disc(0.1) "
        "WITHIN GROUP (ORDER BY source_record_id) FROM staging.works WHERE source = 'orcid')",
    )
    with pytest.raises(ValidationFailed) as failed:
        quality.run(StageContext(batch.engine, batch.settings, batch.run_id))
    assert _failed(failed.value) == {("expect_column_values_to_be_between", "staging.works")}
    assert "publication year between 1900 and" in str(failed.value)


def test_problems_of_single_records_are_warnings_that_do_not_stop_the_run(batch: World) -> None:
    run = batch.run_id
    execute(
        batch.engine,
        # A record read with doubts.
        "UPDATE staging.works SET warnings = ARRAY['year: ''2019a'' read as 2019'] "
        "WHERE source_record_id = (SELECT min(source_record_id) FROM staging.works)",
        # A DOI no one can read.
        "UPDATE staging.work_identifiers SET raw_value = 'doi: n/a', normalised_value = NULL "
        "WHERE (source, source_record_id, ordinal) = (SELECT source, source_record_id, ordinal "
        "FROM staging.work_identifiers WHERE source = 'pure' AND id_type = 'doi' "
        "ORDER BY 1, 2, 3 LIMIT 1)",
        # An identifier type ORCID added after the pipeline's list was written.
        "UPDATE staging.work_identifiers SET id_type = 'swh' "
        "WHERE (source, source_record_id, ordinal) = (SELECT source, source_record_id, ordinal "
        "FROM staging.work_identifiers WHERE source = 'orcid' ORDER BY 1, 2, 3 LIMIT 1)",
        # A malformed iD in Pure.
        "UPDATE staging.persons SET orcid = '0000-0002-1825' WHERE source_record_id = "
        "(SELECT min(source_record_id) FROM staging.persons WHERE orcid IS NULL)",
        # A record this run could not read.
        "INSERT INTO ops.record_errors (run_id, source, record_id, field, message) "
        "VALUES (:run, 'orcid', '0000-0002-1825-0097/work/1', 'title', 'broken JSON')",
        run=run,
    )

    summary = quality.run(StageContext(batch.engine, batch.settings, run))

    failed = [r for r in validation_results(batch.engine, run) if not r["success"]]
    assert {r["severity"] for r in failed} == {"warning"}
    assert summary.failed_critical == 0
    assert summary.failed_warnings == len(failed)
    by_column = {(r["target"], r["column_name"]): r["observed"] for r in failed}
    assert by_column[("staging.works", "warnings")]["examples"][0]["first_warning"] == (
        "year: '2019a' read as 2019"
    )
    assert by_column[("staging.work_identifiers where id_type = 'doi'", "raw_value")]["examples"][
        0
    ]["raw_value"] == ("doi: n/a")
    assert by_column[("staging.work_identifiers where source = 'orcid'", "id_type")][
        "examples"
    ] == ["swh"]
    malformed = [
        r
        for r in failed
        if r["column_name"] == "orcid"
        and any(e["orcid"] == "0000-0002-1825" for e in r["observed"]["examples"])
    ]
    assert len(malformed) == 1
    assert "shape of an iD" in malformed[0]["description"]
    assert by_column[(f"ops.record_errors where run_id = {run}", None)]["observed_value"] == 1


def test_the_stage_records_its_summary_or_the_failed_expectation(batch: World) -> None:
    summary = run_stage(
        batch.engine,
        batch.run_id,
        "validate",
        lambda: quality.run(StageContext(batch.engine, batch.settings, batch.run_id)),
    )
    assert summary == {
        "expectations": summary["expectations"],
        "failed_critical": 0,
        "failed_warnings": summary["failed_warnings"],
        "data_docs": str(batch.settings.report_root.resolve() / "data-docs" / "index.html"),
    }

    execute(batch.engine, "UPDATE staging.works SET work_type = 'poem'")
    with pytest.raises(ValidationFailed):
        run_stage(
            batch.engine,
            batch.run_id,
            "validate",
            lambda: quality.run(StageContext(batch.engine, batch.settings, batch.run_id)),
        )
    with batch.engine.connect() as connection:
        status, message = connection.execute(
            text("SELECT status, message FROM ops.run_stages WHERE run_id = :run"),
            {"run": batch.run_id},
        ).one()
    assert status == "failed"
    assert message.startswith("ValidationFailed: 1 critical expectation failed")
    assert "expect_column_values_to_be_in_set on staging.works" in message


@pytest.mark.world("validated")
def test_validating_again_replaces_the_outcomes(batch: World, validation: ValidateSummary) -> None:
    first = validation
    second = quality.run(StageContext(batch.engine, batch.settings, batch.run_id))

    assert second.expectations == first.expectations
    assert len(validation_results(batch.engine, batch.run_id)) == second.expectations


def test_an_empty_first_batch_passes(engine: Engine, isolated_settings) -> None:
    from pipeline.config import Settings
    from pipeline.runs import start_run

    run_id = start_run(engine, trigger="test")

    summary = quality.run(StageContext(engine, Settings(), run_id))

    assert isinstance(summary, ValidateSummary)
    assert (summary.failed_critical, summary.failed_warnings) == (0, 0)
    rows = validation_results(engine, run_id)
    batch_checks = [r for r in rows if "compare with" in r["description"]]
    assert len(batch_checks) == 4  # three sources and the share
    assert all("the first check" in r["description"] for r in batch_checks)


def test_importing_the_stage_does_not_import_great_expectations() -> None:
    """GX takes seconds to import; the command line imports the flow, which imports the stage."""
    probe = "import sys, pipeline.quality; print('great_expectations' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
