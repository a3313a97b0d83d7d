"""Data Docs: built on every run, with the history of runs, from a fresh data folder or an
emptied reports folder alike; and the database password in none of what validation writes."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from pipeline import quality
from pipeline.context import StageContext
from pipeline.quality import ValidationFailed, ValidationNotRun
from pipeline.runs import run_stage, start_run
from tests.simulated import World

SUITES = (
    "staging_works_critical",
    "staging_works_warnings",
    "staging_persons_critical",
    "staging_persons_warnings",
    "staging_work_identifiers_critical",
    "staging_work_identifiers_warnings",
    "core_work_clusters_critical",
    "researchers_critical",
    "ops_record_errors_warnings",
)


def test_data_docs_are_built_on_a_fresh_data_folder_and_keep_the_history(batch: World) -> None:
    assert not batch.settings.data_dir.exists()

    first = quality.run(StageContext(batch.engine, batch.settings, batch.run_id))

    index = Path(first.data_docs)
    assert index == batch.settings.report_root.resolve() / "data-docs" / "index.html"
    page = index.read_text(encoding="utf-8")
    for suite in SUITES:
        assert suite in page
    assert f"run-{batch.run_id}" in page
    assert (batch.settings.data_dir / "gx" / "great_expectations.yml").is_file()

    second_run = start_run(batch.engine, trigger="test")
    second = quality.run(StageContext(batch.engine, batch.settings, second_run))

    assert second.data_docs == first.data_docs
    page = index.read_text(encoding="utf-8")
    assert f"run-{batch.run_id}" in page
    assert f"run-{second_run}" in page
    pages = list((index.parent / "validations" / "staging_works_critical").rglob("*.html"))
    assert len(pages) == 2


def test_an_emptied_reports_folder_is_rebuilt_from_the_stored_results(batch: World) -> None:
    first = quality.run(StageContext(batch.engine, batch.settings, batch.run_id))
    shutil.rmtree(Path(first.data_docs).parent)

    later = start_run(batch.engine, trigger="test")
    quality.run(StageContext(batch.engine, batch.settings, later))

    page = Path(first.data_docs).read_text(encoding="utf-8")
    assert f"run-{batch.run_id}" in page
    assert f"run-{later}" in page


def test_a_failed_expectation_shows_in_data_docs_with_its_description(batch: World) -> None:
    with batch.engine.begin() as connection:
        connection.execute(text("UPDATE staging.works SET work_type = 'poem'"))

    with pytest.raises(ValidationFailed) as failed:
        quality.run(StageContext(batch.engine, batch.settings, batch.run_id))

    index = Path(failed.value.summary.data_docs)
    pages = list((index.parent / "validations" / "staging_works_critical").rglob("*.html"))
    assert len(pages) == 1
    page = pages[0].read_text(encoding="utf-8")
    assert "work type is one of ORCID&#39;s work types" in page or (
        "work type is one of ORCID's work types" in page
    )
    assert "poem" in page


@pytest.fixture
def password_engine(batch: World) -> Engine:
    """The test's database reached with a password in the URL. The embedded server trusts
    local connections and ignores it, which is all this needs: the URL carries a secret."""
    engine = create_engine(batch.engine.url.set(password=f"pw-{uuid.uuid4().hex}"))
    yield engine
    engine.dispose()


def _files_containing(root: Path, secret: str) -> list[Path]:
    return [
        path for path in root.rglob("*") if path.is_file() and secret.encode() in path.read_bytes()
    ]


def test_the_password_is_in_nothing_validation_writes(
    batch: World, password_engine: Engine
) -> None:
    password = str(password_engine.url.password)
    with password_engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE staging.works SET pub_year = 2999 WHERE source_record_id = "
                "(SELECT min(source_record_id) FROM staging.works)"
            )
        )
        connection.execute(
            text("UPDATE staging.works SET orcid_visibility = 'friends' WHERE source = 'orcid'")
        )

    with pytest.raises(ValidationFailed) as failed:
        run_stage(
            password_engine,
            batch.run_id,
            "validate",
            lambda: quality.run(StageContext(password_engine, batch.settings, batch.run_id)),
        )

    assert password not in str(failed.value)
    assert _files_containing(batch.settings.data_dir, password) == []
    assert _files_containing(batch.settings.report_root, password) == []
    settings_file = (batch.settings.data_dir / "gx" / "great_expectations.yml").read_text()
    assert "${PURE_ORCID_GX_DATABASE_URL}" in settings_file
    with password_engine.connect() as connection:
        stored = connection.execute(
            text(
                "SELECT (SELECT string_agg(v::text, ' ') FROM ops.validation_results AS v), "
                "(SELECT string_agg(s::text, ' ') FROM ops.run_stages AS s)"
            )
        ).one()
    assert "friends" in stored[0]
    assert password not in stored[0]
    assert password not in stored[1]


def test_checks_that_cannot_run_fail_the_stage_without_the_password(
    batch: World, password_engine: Engine
) -> None:
    password = str(password_engine.url.password)
    with password_engine.begin() as connection:
        connection.execute(text("ALTER TABLE core.work_clusters RENAME TO work_clusters_gone"))

    with pytest.raises(ValidationNotRun) as failed:
        quality.run(StageContext(password_engine, batch.settings, batch.run_id))

    assert str(failed.value).startswith("the checks could not run: ")
    assert 'relation "core.work_clusters" does not exist' in str(failed.value)
    assert password not in str(failed.value)
    assert _files_containing(batch.settings.data_dir, password) == []


def test_only_the_latest_checks_are_kept(batch: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.quality import context

    monkeypatch.setattr(context, "HISTORY_RUNS", 1)
    first = quality.run(StageContext(batch.engine, batch.settings, batch.run_id))
    later = start_run(batch.engine, trigger="test")

    quality.run(StageContext(batch.engine, batch.settings, later))

    index = Path(first.data_docs)
    page = index.read_text(encoding="utf-8")
    assert f"run-{later}" in page
    assert f"run-{batch.run_id}/" not in page
    results = batch.settings.data_dir / "gx" / "uncommitted" / "validations"
    assert {p.name for p in results.glob("*/*")} == {f"run-{later}"}
    assert {p.name for p in (index.parent / "validations").glob("*/*")} == {f"run-{later}"}
