"""Look-alikes: the records of one researcher that matching did not link but that could be
the same work. A link the matcher missed costs a report line; a push the load stage makes
because of it is a duplicate in someone's public ORCID record. So before a Pure output is
pushed, every ORCID work of the researcher is compared with it the way matching compares
records, and anything close enough to doubt — a score or a title similarity at or above the
review threshold, a pair matching linked but could not assign, a pair vetoed as a note, a
version or a different identifier of a work with a similar title — holds it for review.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.match.config import MatchConfig
from pipeline.match.records import MatchRecord
from pipeline.match.score import score_pair, title_similarity


@dataclass(frozen=True, slots=True)
class LookAlike:
    owner: str
    pure_id: str
    orcid_id: str
    score: float
    title_similarity: float
    reason: str


def look_alikes(
    pure: Iterable[MatchRecord],
    orcid: Iterable[MatchRecord],
    threshold: float,
    config: MatchConfig | None = None,
) -> list[LookAlike]:
    """Every pair of a Pure record and an ORCID record of the same owner that could be one
    work (see the module's docstring), with why."""
    config = config or MatchConfig()
    works: dict[str, list[MatchRecord]] = defaultdict(list)
    for record in orcid:
        works[record.owner].append(record)
    found = []
    for output in pure:
        for work in works.get(output.owner, ()):
            verdict = score_pair(output, work, config)
            similarity, _ = title_similarity(output, work, config)
            reason = _doubt(verdict.linked, verdict.method, verdict.evidence, verdict.score,
                            similarity, threshold)  # fmt: skip
            if reason is not None:
                found.append(
                    LookAlike(
                        output.owner,
                        output.record_id,
                        work.record_id,
                        round(verdict.score, 4),
                        round(similarity, 4),
                        reason,
                    )
                )
    return found


def _doubt(
    linked: bool,
    method: str,
    evidence: dict[str, object],
    score: float,
    similarity: float,
    threshold: float,
) -> str | None:
    if linked:
        return "matching would link them, but linked another record instead"
    if method == "veto" and similarity >= threshold:
        return f"a look-alike that cannot be the same work ({evidence.get('veto')})"
    if score >= threshold:
        return f"scored {score:.2f}, under the link threshold"
    if similarity >= threshold:
        return f"titles {similarity:.0%} alike"
    return None
