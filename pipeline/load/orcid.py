"""The ORCID half of the load stage: the Pure outputs missing from researchers' ORCID records,
pushed through the member API with the researcher's own token, or, in a dry run, counted.

A push is public and hard to undo, so the stage writes only when the run was asked to
(`StageContext.applies("orcid")`) and never more than the caps allow (`WriteCaps`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.context import StageContext
from pipeline.db.queries import query
from pipeline.load.caps import WriteCaps


@dataclass(frozen=True)
class OrcidLoadSummary:
    applied: bool
    """Whether the run wrote to ORCID; if not, the figures say what it would have written."""
    researchers: int
    """Researchers with something to push (a valid iD, a token that may update works)."""
    to_push: int
    """Works to create on ORCID this run (within the caps)."""
    capped_researchers: list[str] = field(default_factory=list)
    """Researchers who had more than LOAD_MAX_PER_RESEARCHER works to push."""
    run_capped: bool = False
    """Whether LOAD_MAX_PER_RUN stopped the run's pushes."""


def push_to_orcid(ctx: StageContext) -> OrcidLoadSummary:
    """Push (or, in a dry run, count) the works missing from researchers' ORCID records."""
    caps = WriteCaps.of(ctx.settings, "ORCID")
    with ctx.engine.connect() as connection:
        rows = connection.execute(query("load/orcid_missing")).all()
    planned: dict[str, list[str]] = defaultdict(list)
    for person, orcid, pure_uuid in rows:
        if caps.take(person):
            planned[orcid].append(pure_uuid)
    if ctx.applies("orcid"):
        raise NotImplementedError("pushing to ORCID is not available yet")
    return OrcidLoadSummary(
        applied=False,
        researchers=len({person for person, _, _ in rows}),
        to_push=sum(len(works) for works in planned.values()),
        capped_researchers=sorted(caps.stopped),
        run_capped=caps.run_stopped,
    )
