"""`pure-orcid report`: the report of any past published run, again, where it is asked for; a
clear refusal for a run that published nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import runs
from pipeline.cli import main
from pipeline.publish.report.data import LISTS
from tests.publish import Report
from tests.settings import clear_caches


@pytest.fixture
def pointed(report: Report, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The command line pointed at the published world's database, with a reports folder of
    its own (so the Data Docs are not there)."""
    monkeypatch.setenv("DATABASE_URL", report.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("PURE_ORCID_DATA_DIR", str(tmp_path / "var"))
    clear_caches()
    yield tmp_path
    clear_caches()


def _figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}" data-value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def test_report_of_a_past_run_into_a_folder(report: Report, pointed: Path) -> None:
    first = report.runs[0]
    out = pointed / "office" / f"run-{first}"
    result = CliRunner().invoke(main, ["report", "--run", str(first), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out / "index.html") in result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    assert _figure(html, "run_id") == str(first)
    assert "This is the first published run" in html  # its trend stops at itself
    assert "Data Docs are missing" in html
    for name in LISTS:
        for suffix in ("csv", "xlsx", "html"):
            assert (out / "lists" / f"{name}.{suffix}").is_file()
    assert (out / "researchers" / "index.html").is_file()
    assert any((out / "researchers").glob("*/missing-from-orcid.bib"))


def test_writing_again_replaces_the_report_and_keeps_other_files(
    report: Report, pointed: Path
) -> None:
    out = pointed / "again"
    stale = out / "researchers" / "someone-who-left-00000000"
    stale.mkdir(parents=True)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not [p for p in pointed.iterdir() if p.name.startswith(".again")]


def test_report_defaults_to_the_latest_published_run(report: Report, pointed: Path) -> None:
    result = CliRunner().invoke(main, ["report"])
    assert result.exit_code == 0, result.output
    index = pointed / "var" / "reports" / f"run-{report.runs[-1]}" / "index.html"
    assert str(index) in result.output
    assert _figure(index.read_text(encoding="utf-8"), "run_id") == str(report.runs[-1])


def test_a_run_that_published_nothing_is_refused(report: Report, pointed: Path) -> None:
    failed = runs.start_run(report.engine, trigger="test")
    runs.finish_run(
        report.engine,
        failed,
        "failed",
        "ValidationFailed: expect_column_values_to_match_regex on staging.persons.orcid",
    )
    out = pointed / "nothing"
    result = CliRunner().invoke(main, ["report", "--run", str(failed), "--out", str(out)])
    assert result.exit_code == 1
    assert f"run {failed} published nothing: ValidationFailed" in result.output
    assert not out.exists()


def test_a_run_that_does_not_exist_is_refused(report: Report, pointed: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--run", "987654"])
    assert result.exit_code == 1
    assert "run 987654 does not exist" in result.output
