"""The publish stage: what a validated run hands to people — the lists analysts query, and the
report, CSV/XLSX lists and per-researcher files the research office sends out.

Nothing here runs for a run whose validation did not pass (`publish_lists` refuses it), so a
visibly broken batch reaches no report, no view and no outside system.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import Engine

from pipeline.config import Settings
from pipeline.publish.lists import NotValidated, PublishedLists, publish_lists
from pipeline.publish.report import write_report

__all__ = ["NotValidated", "Published", "PublishedLists", "publish", "publish_lists"]


@dataclass(frozen=True)
class Published(PublishedLists):
    """The rows each list published, and the report's index.html."""

    report: str


def publish(engine: Engine, settings: Settings, run_id: int) -> Published:
    lists = publish_lists(engine, run_id)
    report = write_report(engine, settings, run_id)
    return Published(**asdict(lists), report=str(report.index))
