"""The load stage: what the institution is permitted to do about the difference between Pure
and ORCID, done — works pushed to researchers' ORCID records, and (pipeline.load.pure*) works
proposed to Pure.

It runs after publishing, on the run's validated matching, and writes the report's "written
tonight" page again when it ends. By default it is a dry run that counts what it would write
(in the run's summary and that page); `pure-orcid run
--apply-orcid` / `--apply-pure` (or APPLY_ORCID / APPLY_PURE for every run) make it write.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from pipeline.context import StageContext
from pipeline.db.queries import query
from pipeline.load.orcid import OrcidLoadSummary, push_to_orcid
from pipeline.load.pure import PureLoadSummary, load_pure
from pipeline.publish.report.write import run_directory
from pipeline.publish.report.written import write_written_page

__all__ = ["LoadSummary", "NotValidated", "OrcidLoadSummary", "PureLoadSummary", "describe", "run"]


class NotValidated(RuntimeError):
    """Loading was asked of a run whose data no validation passed."""


@dataclass(frozen=True)
class LoadSummary:
    """What the load stage wrote (or, in a dry run, would write) to each system."""

    orcid: OrcidLoadSummary
    pure: PureLoadSummary
    seconds: float


def run(ctx: StageContext) -> LoadSummary:
    """Write (or count) for every system in turn. Refused unless this run's validation passed:
    what failed the gate reaches no report, and certainly no researcher's public record."""
    started = time.monotonic()
    with ctx.engine.connect() as connection:
        passed = connection.execute(
            query("publish/validation_passed"), {"run_id": ctx.run_id}
        ).scalar()
    if not passed:
        raise NotValidated(f"run {ctx.run_id} has not passed validation; nothing is loaded")
    orcid = push_to_orcid(ctx)
    pure = load_pure(ctx)
    summary = LoadSummary(orcid=orcid, pure=pure, seconds=round(time.monotonic() - started, 3))
    # The report, published before this stage, says what the night wrote.
    directory = run_directory(ctx.settings, ctx.run_id)
    write_written_page(ctx.engine, directory, ctx.run_id, dataclasses.asdict(summary))
    return summary


def describe(engine: Engine, run_id: int) -> list[str]:
    """What the load stage of the run wrote, or would have written, in a line per system, for
    the command line; none when it did not run."""
    with engine.connect() as connection:
        summary: dict[str, Any] | None = connection.execute(
            query("load/load_summary"), {"run_id": run_id}
        ).scalar()
    if summary is None:
        return []
    lines = [describe_orcid(summary["orcid"])]
    if "pure" in summary:
        lines.append(describe_pure(summary["pure"]))
    return lines


def describe_orcid(orcid: dict[str, Any]) -> str:
    stops = []
    if orcid["skipped_researchers"]:
        stops.append(f"{len(orcid['skipped_researchers'])} researchers skipped (token)")
    if orcid["capped_researchers"]:
        stops.append(f"{len(orcid['capped_researchers'])} researchers stopped at their cap")
    if orcid["run_capped"]:
        stops.append("stopped at the run's cap")
    if orcid["reconciled"]:
        stops.append(f"{orcid['reconciled']} found on the record from an interrupted run")
    held = f"{orcid['held_for_review']} held for review (reporting.push_review)"
    tail = "; ".join([held, *stops])
    if orcid["applied"]:
        return (
            f"ORCID: {orcid['pushed']} works pushed, {orcid['updated']} updated, "
            f"{orcid['deleted']} deleted for {orcid['researchers']} researchers; {tail}"
        )
    return (
        f"ORCID (dry run, --apply-orcid to push): would push {orcid['to_push']} works, "
        f"update {orcid['to_update']}, delete {orcid['to_delete']} for "
        f"{orcid['researchers']} researchers; {tail}"
    )


def describe_pure(pure: dict[str, Any]) -> str:
    stopped = ""
    if pure["capped_researchers"] or pure["run_capped"]:
        stopped = " (stopped at a cap)"
    if pure["interface"] == "ws524":
        return (
            f"Pure (Web Service, read-only): {pure['candidates']} works to import written to "
            f"{len(pure['files'])} files; {pure['doi_candidates']} DOIs to add, for review"
        )
    if pure["applied"]:
        problems = [
            f"{pure[key]} {label}"
            for key, label in (
                ("conflicts", "version conflicts"),
                ("failed", "refused or failed"),
                ("unplaceable", "not placeable"),
            )
            if pure[key]
        ]
        told = f"; {', '.join(problems)}" if problems else ""
        return (
            f"Pure: {pure['created']} outputs created for approval, {pure['doi_updated']} DOIs "
            f"added{told}{stopped}"
        )
    return (
        f"Pure (dry run, --apply-pure to write): would create {pure['to_create']} outputs for "
        f"approval and add {pure['doi_to_update']} DOIs{stopped}"
    )
