"""What every stage of a run is given, so that all stages are called the same way (`run(ctx)`)
by the flow, the command line, the tests and the benchmarks alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine

from pipeline.config import Settings

ScanMode = Literal["full", "incremental"]
"""How much of the sources a run reads: everything (which also finds deletions a change feed
missed), or only what changed since the last run. A stage that cannot read incrementally (the
first run, the Pure API without a change feed) reads in full whatever it is asked."""

Target = Literal["orcid", "pure"]
"""An outside system the load stage may write to."""


@dataclass(frozen=True)
class StageContext:
    """What every stage gets: where to read and write, and what kind of night this is."""

    engine: Engine
    settings: Settings
    run_id: int
    mode: ScanMode = "incremental"
    apply: frozenset[Target] = frozenset()
    """The systems this run was asked to write to (`pure-orcid run --apply-orcid`), on top of
    those the settings always allow (APPLY_ORCID, APPLY_PURE)."""

    def applies(self, target: Target) -> bool:
        """Whether the load stage writes to `target` in this run, rather than only counting."""
        return target in self.apply or bool(getattr(self.settings, f"apply_{target}"))
