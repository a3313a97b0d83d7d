"""One published institution and its report for the whole package (building it takes most of a
minute), and one headless Chromium to look at the report as a person would."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from pipeline.publish.report import write_report
from tests.publish import Report, plant_titles, publish
from tests.reporting import matched_world
from tests.simulated import World

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def report(admin_uri: str, migrated_template: str, tmp_path_factory) -> Iterator[Report]:
    directory = tmp_path_factory.mktemp("report-world")
    with matched_world(admin_uri, migrated_template, directory) as world:
        planted = plant_titles(world.engine)
        # matched_world published its run before the titles were planted; the report is of a
        # second run that publishes them.
        runs = (_latest_run(world), world.new_run())
        publish(world, runs[1])
        data_docs = world.settings.report_root / "data-docs" / "index.html"
        assert data_docs.is_file(), "matched_world's validation builds the Data Docs"
        began = time.perf_counter()
        summary = write_report(world.engine, world.settings)
        print(  # the measured figures, shown with -s
            f"\nwrite_report: {time.perf_counter() - began:.2f} s, {summary.files} files, "
            f"{summary.bytes / 1e6:.2f} MB, index.html "
            f"{summary.index.stat().st_size / 1e3:.0f} kB"
        )
        yield Report(world, runs, planted, summary, data_docs)


def _latest_run(world: World) -> int:
    """The run matched_world extracted and matched."""
    with world.engine.connect() as connection:
        return connection.execute(text("SELECT max(run_id) FROM ops.runs")).scalar_one()


def chromium_path() -> str:
    """Debian's chromium, or the one CHROMIUM names."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="package")
def browser() -> Iterator:
    path = chromium_path()
    if not Path(path).is_file():
        pytest.fail(
            f"headless Chromium is needed to test the HTML report and was not found at {path}: "
            "install Debian's with `apt-get update && apt-get install -y chromium` (or set "
            "CHROMIUM to a Chromium or Chrome binary)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
