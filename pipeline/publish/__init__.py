"""The publish stage: what a validated run hands to people — the lists analysts query, and the
report, CSV/XLSX lists and per-researcher files the research office sends out.

Nothing here runs for a run whose validation did not pass (`publish_lists` refuses it), so a
visibly broken batch reaches no report, no view and no outside system.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from pipeline.context import StageContext
from pipeline.publish.lists import NotValidated, PublishedLists, publish_lists
from pipeline.publish.report import remove_report_leftovers, write_report

__all__ = ["NotValidated", "PublishSummary", "PublishedLists", "publish_lists", "run"]


@dataclass(frozen=True)
class PublishSummary(PublishedLists):
    """The rows each list published, the report's index.html, and how many researchers' files
    it wrote (the others' were unchanged since the previous report, and linked from it)."""

    report: str
    rewritten_researchers: int


def run(ctx: StageContext) -> PublishSummary:
    """Copy the lists and write the report in one transaction: the run counts as published
    (views, `pure-orcid report`, the next run's batch checks) only once its report is written,
    and a run that dies half-way published nothing."""
    try:
        with ctx.engine.begin() as connection:
            lists = publish_lists(connection, ctx.run_id)
            report = write_report(ctx.engine, ctx.settings, ctx.run_id, publishing=connection)
    except BaseException:
        remove_report_leftovers(ctx.settings, ctx.run_id, published=False)
        raise
    return PublishSummary(
        **asdict(lists),
        report=str(report.index),
        rewritten_researchers=report.rewritten_researchers,
    )
