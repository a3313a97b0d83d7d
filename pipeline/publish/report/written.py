"""The report's "written tonight" page (`written.html`): what the load stage wrote to
researchers' ORCID records and to Pure in the run, every ORCID write call with ORCID's answer,
or, in a dry run, what it would have written.

The load stage runs after publishing, so the report is written first with a page saying the
load has not run yet, and the load stage writes the page again when it ends: the page a reader
opens after the night says what the night did. `pure-orcid report` writes it from what the
load stage recorded.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from pipeline.db.queries import query
from pipeline.publish.report.data import RunInfo, resolve_run
from pipeline.publish.report.html import render

WRITTEN = "written.html"
SHOWN_WRITES = 5000
"""ORCID write calls listed on the page; `reporting.orcid_writes` holds them all."""


def load_summary(connection: Connection, run_id: int) -> dict[str, Any] | None:
    """What the run's load stage recorded, if it ran to the end."""
    return connection.execute(query("load/load_summary"), {"run_id": run_id}).scalar()


def render_written(connection: Connection, run: RunInfo, load: dict[str, Any] | None) -> str:
    writes = connection.execute(query("report/orcid_writes_of_run"), {"run_id": run.run_id}).all()
    pure = connection.execute(query("report/pure_writes_of_run"), {"run_id": run.run_id}).all()
    outcomes = Counter((w.method, w.outcome) for w in writes)
    return render(
        "written.html.j2",
        run=run,
        load=load,
        orcid_outcomes=sorted(outcomes.items()),
        orcid_writes=writes[:SHOWN_WRITES],
        orcid_write_calls=len(writes),
        pure_outcomes=pure,
    )


def write_written_page(
    engine: Engine, directory: Path, run_id: int, load: dict[str, Any]
) -> Path | None:
    """Write the page anew into the run's report folder `directory` once its load stage has
    ended (`load` is what it did); None when the report is not there."""
    if not (directory / "index.html").is_file():
        return None
    with engine.connect() as connection:
        html = render_written(connection, resolve_run(connection, run_id), load)
    building = directory / f".{WRITTEN}.tmp"
    building.write_text(html, encoding="utf-8")
    os.replace(building, directory / WRITTEN)
    return directory / WRITTEN
