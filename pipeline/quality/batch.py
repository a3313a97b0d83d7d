"""The batch checks: this batch's figures, those of the last run that published, and how far
one may move from the other before the batch counts as broken.

A source that suddenly returns a fraction of its records, or ORCID records that come back empty
for many researchers at once, breaks no rule about any single row, so no row-level expectation
sees it. Comparing the batch's size with the last batch people were shown does. Only a published
run is a yardstick: a run that failed validation may be the very breakage being measured.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import get_args

from sqlalchemy import Engine

from pipeline.db.queries import query
from pipeline.sources.model import Source

SOURCES: tuple[Source, ...] = get_args(Source)
"""Every source whose row count is compared, an empty one included: a source that drops to
nothing is the worst drop of all, so zero is stored rather than left out."""

RESEARCHERS_QUERY = "quality/gx/researchers_orcid_works"
"""Researchers with a valid iD, how many have no ORCID works, and that share, in one row: the
figures below and the GX batch check both read it, so they cannot disagree on who counts."""

SHARE_METRIC = "researchers.without_orcid_works_share"


def works_metric(source: str) -> str:
    return f"works.{source}"


@dataclass(frozen=True)
class Figures:
    """What this batch holds, as the next run's batch checks will compare against it."""

    works: Mapping[str, int]
    """Staged works per source, every source in `SOURCES` present."""
    researchers_with_valid_orcid: int
    researchers_without_orcid_works: int

    @property
    def share_without_orcid_works(self) -> float | None:
        """None when no researcher has a valid iD: a share of nobody is no figure at all."""
        if self.researchers_with_valid_orcid == 0:
            return None
        return self.researchers_without_orcid_works / self.researchers_with_valid_orcid

    def metrics(self) -> dict[str, float]:
        figures: dict[str, float] = {works_metric(s): n for s, n in self.works.items()}
        figures["researchers.with_valid_orcid"] = self.researchers_with_valid_orcid
        figures["researchers.without_orcid_works"] = self.researchers_without_orcid_works
        if (share := self.share_without_orcid_works) is not None:
            figures[SHARE_METRIC] = share
        return figures


@dataclass(frozen=True)
class Baseline:
    """The figures of the last run that published before the one being validated."""

    run_id: int
    metrics: Mapping[str, float]


@dataclass(frozen=True)
class Bound:
    """One limit of a batch check (None: nothing to compare with, so anything passes) and the
    sentence that says where it comes from, shown in Data Docs, the report and any failure."""

    limit: float | None
    description: str


def measure(engine: Engine) -> Figures:
    with engine.connect() as connection:
        counts = dict(connection.execute(query("quality/works_per_source")).tuples().all())
        researchers = connection.execute(query(RESEARCHERS_QUERY)).one()
    return Figures(
        works={source: int(counts.get(source, 0)) for source in SOURCES},
        researchers_with_valid_orcid=researchers.researchers,
        researchers_without_orcid_works=researchers.without_orcid_works,
    )


def store(engine: Engine, run_id: int, figures: Figures) -> None:
    """Kept even when validation fails: the figures of a broken batch explain the failure, and
    the baseline query never reads a run that did not publish."""
    rows = [
        {"run_id": run_id, "metric": name, "value": value}
        for name, value in figures.metrics().items()
    ]
    with engine.begin() as connection:
        connection.execute(query("quality/store_metric"), rows)


def last_published(engine: Engine, run_id: int) -> Baseline | None:
    with engine.connect() as connection:
        rows = connection.execute(query("quality/last_published_metrics"), {"run_id": run_id}).all()
    if not rows:
        return None
    return Baseline(run_id=rows[0].run_id, metrics={row.metric: row.value for row in rows})


def row_count_floor(baseline: Baseline | None, source: str, max_drop: float) -> Bound:
    """The fewest works of `source` this batch may hold: the last published count less the
    largest drop allowed. Rounded up, so a drop of exactly the limit passes and one row more
    does not."""
    label = f"{source} works staged"
    previous = None if baseline is None else baseline.metrics.get(works_metric(source))
    if baseline is None or previous is None:
        return Bound(None, f"{label}: any number ({_FIRST})")
    floor = math.ceil(previous * (1 - max_drop) - 1e-9)
    return Bound(
        floor,
        f"{label}: at least {floor:,} "
        f"(last published run {baseline.run_id}: {previous:,.0f} − {_percent(max_drop)})",
    )


def share_ceiling(baseline: Baseline | None, max_jump: float) -> Bound:
    """The largest share of researchers with a valid iD but no ORCID works this batch may show:
    the last published share plus the rise allowed, in share points."""
    label = "share of researchers with a valid ORCID iD but no ORCID works"
    previous = None if baseline is None else baseline.metrics.get(SHARE_METRIC)
    if baseline is None or previous is None:
        return Bound(None, f"{label}: any ({_FIRST})")
    ceiling = min(1.0, previous + max_jump)
    return Bound(
        ceiling,
        f"{label}: at most {_percent(ceiling)} "
        f"(last published run {baseline.run_id}: {_percent(previous)} + "
        f"{max_jump * 100:g} points)",
    )


_FIRST = "the first check: no earlier published run with this figure to compare with"


def _percent(share: float) -> str:
    return f"{share * 100:.3g} %"
