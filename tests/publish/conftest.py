"""One published institution and its report for the whole package (building it takes most of a
minute), and one headless Chromium to look at the report as a person would."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import match
from pipeline.context import StageContext
from pipeline.publish.report import write_report
from tests.publish import Report, plant_titles, publish
from tests.simulated import Worlds

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
def report(worlds: Worlds, tmp_path_factory) -> Iterator[Report]:
    directory = tmp_path_factory.mktemp("report-world")
    with worlds.copy_apart("published", directory) as world:
        planted = plant_titles(world.engine)
        # The published world's run was published before the titles were planted; the report
        # is of a second run that matches again (the lists read the records as matched) and
        # publishes them.
        runs = (world.run_id, world.new_run())
        match.run(StageContext(world.engine, world.settings, runs[1], "full"))
        publish(world, runs[1])
        data_docs = world.settings.report_root / "data-docs" / "index.html"
        assert data_docs.is_file(), "the published world's validation built the Data Docs"
        began = time.perf_counter()
        summary = write_report(world.engine, world.settings)
        print(  # the measured figures, shown with -s
            f"\nwrite_report: {time.perf_counter() - began:.2f} s, {summary.files} files, "
            f"{summary.bytes / 1e6:.2f} MB, index.html "
            f"{summary.index.stat().st_size / 1e3:.0f} kB"
        )
        yield Report(world, runs, planted, summary, data_docs)


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
