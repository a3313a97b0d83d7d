"""From scored pairs to links: which of the pairs above threshold to keep.

Keeping every pair above threshold would let one record link to the conference paper *and* the
journal article that share its title. Across two tables, a record is the same work as at most
one record of the other table, unless the other table holds that work more than once (an ORCID
work from Crossref and the same work from the researcher; a Pure output entered twice). So
`assign` goes through the pairs best first, greedily (so a record whose best partner is taken
can still have its second best, which mutual-best matching would lose), and accepts a pair only
when every record already linked to either end is the same work as the new partner by the
`Same` it is given: one-to-one between groups of same-work records. Given a `Same` that is
never true, it is plain greedy one-to-one, which is what two bibliographies without duplicates,
such as DBLP-ACM with its strictly one-to-one mapping, need.

Within one table, `complete_linkage` merges duplicate clusters only when *every* member of one
matches every member of the other, so one bad link cannot chain unrelated records together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.match.score import Verdict

Same = Callable[[int, int], bool]
"""Whether two records of one table (by position) are the same work."""

Pair = tuple[int, int, Verdict]


def best_first(pairs: Iterable[Pair]) -> list[Pair]:
    """Highest score first; identifier matches before title matches of equal score; then by
    position, so the result never depends on the order the database returned rows in."""
    return sorted(pairs, key=lambda p: (-p[2].score, p[2].method != "identifier", p[0], p[1]))


def assign(pairs: Iterable[Pair], same_left: Same, same_right: Same) -> list[Pair]:
    accepted: list[Pair] = []
    left_partners: dict[int, list[int]] = {}
    right_partners: dict[int, list[int]] = {}
    for pair in best_first(pairs):
        i, j, _ = pair
        if all(same_right(j, other) for other in left_partners.get(i, ())) and all(
            same_left(i, other) for other in right_partners.get(j, ())
        ):
            accepted.append(pair)
            left_partners.setdefault(i, []).append(j)
            right_partners.setdefault(j, []).append(i)
    return accepted


def complete_linkage(pairs: Iterable[Pair], same: Same) -> list[list[int]]:
    """Clusters of two or more records, each member the same work as every other."""
    cluster_of: dict[int, list[int]] = {}
    for i, j, _ in best_first(pairs):
        first = cluster_of.get(i, [i])
        second = cluster_of.get(j, [j])
        if first is second:
            continue
        if all(same(x, y) for x in first for y in second):
            merged = first + second
            for member in merged:
                cluster_of[member] = merged
    unique = {id(c): c for c in cluster_of.values()}
    return [sorted(c) for c in unique.values()]
