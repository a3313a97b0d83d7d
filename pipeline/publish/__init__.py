"""The publish stage: what a validated run hands to people — the lists analysts query, and the
report, CSV/XLSX lists and per-researcher files the research office sends out.

Nothing here runs for a run whose validation did not pass (`publish_lists` refuses it), so a
visibly broken batch reaches no report, no view and no outside system.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from pipeline.context import StageContext
from pipeline.publish.lists import NotValidated, PublishedLists, publish_lists
from pipeline.publish.report import write_report

__all__ = ["NotValidated", "PublishSummary", "PublishedLists", "publish_lists", "run"]


@dataclass(frozen=True)
class PublishSummary(PublishedLists):
    """The rows each list published, and the report's index.html."""

    report: str


def run(ctx: StageContext) -> PublishSummary:
    lists = publish_lists(ctx.engine, ctx.run_id)
    report = write_report(ctx.engine, ctx.settings, ctx.run_id)
    return PublishSummary(**asdict(lists), report=str(report.index))
