"""Link two tables of records (or find the duplicates within one): candidates from the
database, verdicts from the scorer, and the choice among them from `cluster`."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Engine

from pipeline.match.candidates import candidate_pairs
from pipeline.match.cluster import Pair, Same, assign, complete_linkage
from pipeline.match.config import MatchConfig
from pipeline.match.records import MatchRecord
from pipeline.match.score import Verdict, score_pair


class Link(NamedTuple):
    left_id: str
    right_id: str
    score: float
    method: str
    """"identifier" or "title": which rule made the link."""
    evidence: dict[str, Any]
    """The identifier and value that matched, or the similarities that the score came from."""


def _recurring(*tables: Sequence[MatchRecord]) -> set[tuple[str, str, str]]:
    """(side, owner, title key) of every title that occurs more than once in its table."""
    counts = Counter((r.side, r.owner, r.title_key) for table in tables for r in table)
    return {key for key, count in counts.items() if count > 1}


class _Scorer:
    """`score_pair` with the tables' recurring titles, and a memory of same-table verdicts."""

    def __init__(self, config: MatchConfig, recurring: set[tuple[str, str, str]]) -> None:
        self.config = config
        self.recurring = recurring

    def __call__(self, a: MatchRecord, b: MatchRecord) -> Verdict:
        recurring = (a.side, a.owner, a.title_key) in self.recurring or (
            b.side,
            b.owner,
            b.title_key,
        ) in self.recurring
        return score_pair(a, b, self.config, recurring_title=recurring)

    def same(self, records: Sequence[MatchRecord]) -> Same:
        @cache
        def same(i: int, j: int) -> bool:
            if i > j:
                return same(j, i)
            return i == j or self(records[i], records[j]).linked

        return same


def _never(i: int, j: int) -> bool:
    """One-to-one: no record is the same work as another record of its own table."""
    return False


def _as_link(left: MatchRecord, right: MatchRecord, verdict: Verdict) -> Link:
    return Link(left.record_id, right.record_id, verdict.score, verdict.method, verdict.evidence)


def link(
    engine: Engine,
    left: Sequence[MatchRecord],
    right: Sequence[MatchRecord] | None = None,
    config: MatchConfig | None = None,
) -> list[Link]:
    """The pairs of records that are the same work, best first.

    With `right`, links between the tables (see `cluster.assign`); without it, every pair
    within each cluster of duplicates in `left` (see `cluster.complete_linkage`).
    """
    config = config or MatchConfig()
    others = left if right is None else right
    score = _Scorer(config, _recurring(left, *([] if right is None else [right])))
    linked: list[Pair] = []
    for chunk in candidate_pairs(engine, left, right, config):
        for i, j in chunk:
            verdict = score(left[i], others[j])
            if verdict.linked:
                linked.append((i, j, verdict))
    if right is not None:
        if config.assignment == "one-to-one":
            accepted = assign(linked, _never, _never)
        else:
            accepted = assign(linked, score.same(left), score.same(right))
        links = [_as_link(left[i], right[j], v) for i, j, v in accepted]
    else:
        links = [
            _as_link(left[i], left[j], score(left[i], left[j]))
            for cluster in complete_linkage(linked, score.same(left))
            for i, j in itertools.combinations(cluster, 2)
        ]
    return _unique(links)


def _unique(links: list[Link]) -> list[Link]:
    """Best first, each pair of ids once: a Pure output with several institution authors is
    compared once per author, and its duplicates are found once per author too."""
    found: dict[tuple[str, str], Link] = {}
    for found_link in sorted(links, key=lambda k: (-k.score, k.left_id, k.right_id)):
        found.setdefault((found_link.left_id, found_link.right_id), found_link)
    return list(found.values())
