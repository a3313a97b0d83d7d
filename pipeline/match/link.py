"""Link two tables of records (or find the duplicates within one): candidates, verdicts from
the scorer, records too ambiguous to link set aside, and the choice among the rest from
`cluster`."""

from __future__ import annotations

import dataclasses
import gc
import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pipeline.match.candidates import Kind, candidate_pairs
from pipeline.match.cluster import Pair, assign, complete_linkage
from pipeline.match.config import MatchConfig
from pipeline.match.records import MatchRecord
from pipeline.match.score import TitleRarity, Verdict, score_pair
from pipeline.normalize.names import shared_authors


class Link(NamedTuple):
    left_id: str
    right_id: str
    score: float
    method: str
    """"identifier" or "title": which rule made the link."""
    evidence: dict[str, Any]
    """The identifier and value that matched, or the similarities that the score came from."""


@dataclass
class Linked:
    """The links of one `link_tables` call, and where its time went."""

    across: list[Link] = field(default_factory=list)
    left_duplicates: list[Link] = field(default_factory=list)
    right_duplicates: list[Link] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    """Per phase: "candidates", "scoring", "clustering"."""


def _recurring(records: Sequence[MatchRecord], tables: Sequence[int]) -> set[tuple]:
    """(table, owner, title key) of every title that occurs more than once in its table."""
    counts = Counter((tables[n], r.owner, r.title_key) for n, r in enumerate(records))
    return {key for key, count in counts.items() if count > 1}


def _serial(
    records: Sequence[MatchRecord], tables: Sequence[int], config: MatchConfig
) -> set[tuple]:
    """(table, owner, title key) of every short title (fewer than
    `MatchConfig.specific_title_min_words` words) that its table holds in two or more years:
    a column, an editorial, a yearly report. Two records of one work have one year (or none),
    so records of a serial title are taken to be different pieces of the series, not copies
    of one piece, unless an identifier says otherwise. (A long title in two years is more
    often one work twice, a preprint and its article, than a series.)"""
    years: dict[tuple, set[int]] = defaultdict(set)
    for n, record in enumerate(records):
        short = len(record.title_key.split()) < config.specific_title_min_words
        if record.year is not None and short:
            years[(tables[n], record.owner, record.title_key)].add(record.year)
    return {key for key, found in years.items() if len(found) > 1}


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run without Python's cyclic garbage collector.

    Matching allocates millions of small objects (records, keys, verdicts, links), none of them
    in reference cycles, so reference counting frees them all; but every few thousand
    allocations the collector walks the live ones, and with an institution's records alive
    that walking took more than half the matching time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


PARTIAL_LIST_MAX = 2
"""Author lists of at most this many people may be fragments of one longer list."""


def _partial_lists(a: MatchRecord, b: MatchRecord, verdict: Verdict) -> bool:
    """Whether two records of one table were kept apart only by two short author lists that
    share no one: fragments a scraper kept of one longer list ("Moreau et al.", "Brouwer;
    Patel") do not disagree, they are both incomplete. (Across two tables the clean record's
    full list settles it; within one table there is none.)"""
    return (
        not verdict.linked
        and verdict.method == "title"
        and verdict.evidence.get("co_authors") == 0
        and 0 < max(len(a.authors), len(b.authors)) <= PARTIAL_LIST_MAX
    )


class _Scorer:
    """`score_pair` over positions in one list of records, with the tables' recurring titles,
    remembering every verdict (the clustering asks for the same pairs again)."""

    def __init__(
        self,
        records: Sequence[MatchRecord],
        tables: Sequence[int],
        config: MatchConfig,
        *,
        distinct_within_tables: bool,
    ) -> None:
        self.records = records
        self.tables = tables
        self.config = config
        self.distinct = distinct_within_tables
        self.recurring = _recurring(records, tables)
        self.serial = _serial(records, tables, config)
        self.pieces: dict[tuple, list[int]] = defaultdict(list)
        """(table, owner, title key, year) → positions, for the serial titles only."""
        for n, record in enumerate(records):
            if (tables[n], record.owner, record.title_key) in self.serial or (
                1 - tables[n],
                record.owner,
                record.title_key,
            ) in self.serial:
                self.pieces[(tables[n], record.owner, record.title_key, record.year)].append(n)
        titles: dict[str, list[str]] = defaultdict(list)
        for record in records:
            titles[record.owner].append(record.title_key)
        # Per owner, so that a researcher's links never depend on who else is in the batch.
        self.rarity = {owner: TitleRarity(keys) for owner, keys in titles.items()}
        self.verdicts: dict[tuple[int, int], Verdict] = {}

    def __call__(self, i: int, j: int) -> Verdict:
        key = (i, j) if i < j else (j, i)
        verdict = self.verdicts.get(key)
        if verdict is None:
            a, b = self.records[key[0]], self.records[key[1]]
            recurring = (self.tables[key[0]], a.owner, a.title_key) in self.recurring or (
                self.tables[key[1]],
                b.owner,
                b.title_key,
            ) in self.recurring
            verdict = score_pair(
                a, b, self.config, recurring_title=recurring, rarity=self.rarity[a.owner]
            )
            if self.tables[key[0]] == self.tables[key[1]] and _partial_lists(a, b, verdict):
                verdict = score_pair(
                    a,
                    dataclasses.replace(b, authors=()),
                    self.config,
                    recurring_title=recurring,
                    rarity=self.rarity[a.owner],
                )
                verdict.evidence["authors_partial_lists"] = True
            self.verdicts[key] = verdict
        return verdict

    def _serial(self, i: int, j: int) -> bool:
        return any(
            (self.tables[n], self.records[n].owner, self.records[n].title_key) in self.serial
            for n in (i, j)
        )

    def alongside(self, i: int, j: int) -> bool:
        """Whether two records, each linked to one record of the other table, may both keep
        that link: they are the same work, or (within one table, by groups) their own
        comparison only lacks evidence and contradicts nothing. Two scraped copies of a work,
        one without authors, the other without a year, are each the clean record's, though
        neither says enough about the other; but not two records whose author lists or years
        disagree, or whose titles differ by more than two reworded ones."""
        if self.same(i, j):
            return True
        if self.distinct or self.tables[i] != self.tables[j] or self._serial(i, j):
            return False
        verdict = self(i, j)
        evidence = verdict.evidence
        return (
            verdict.method == "title"
            # Each within 1 - floor of the record both are linked to: within twice that of
            # each other.
            and evidence["title"] >= 1 - 2 * (1 - self.config.reworded_title_floor)
            and evidence.get("co_authors", 1) > 0
            and evidence.get("year", 1.0) > 0
            and ("unconfirmed" not in evidence or evidence.get("too_little_known", False))
        )

    def same(self, i: int, j: int) -> bool:
        """Whether two records are the same work; never for two records of one table when the
        tables are taken to hold each work once (one-to-one)."""
        if i == j:
            return True
        if self.tables[i] == self.tables[j]:
            if self.distinct:
                return False
            if self._serial(i, j):
                verdict = self(i, j)
                return verdict.method == "identifier" or (
                    verdict.linked and self._copies_of_one_piece(i, j, verdict)
                )
        return self(i, j).linked

    def _copies_of_one_piece(self, i: int, j: int, verdict: Verdict) -> bool:
        """Whether two linked records of one table with a serial title are two copies of one
        piece of the series: they have one year (and no two venues), and the other table
        holds exactly one piece of that title, year and authors, which both resemble. Within
        one table copies and pieces look the same ("Book review column" four times in 2002:
        four columns); the other table, holding the piece once, tells them apart."""
        a, b = self.records[i], self.records[j]
        if verdict.evidence.get("year") != 1.0 or (
            a.venue_key and b.venue_key and "venue" not in verdict.evidence
        ):
            return False
        other = 1 - self.tables[i]
        pieces = {
            n
            for record in (a, b)
            for n in self.pieces.get((other, record.owner, record.title_key, record.year), ())
            if (shared := shared_authors(self.records[n].authors, record.authors)) is None
            or shared[0] > 0
        }
        return len(pieces) == 1


def _fields(verdict: Verdict) -> tuple[int, bool, float | None, bool]:
    """What a title verdict says beyond the title: co-authors found, venue agreeing, year
    evidence (None when a year is missing), the same type."""
    evidence = verdict.evidence
    return (
        evidence.get("co_authors", 0),
        "venue" in evidence,
        evidence.get("year"),
        evidence.get("type") == "same",
    )


def _dominates(first: Verdict, second: Verdict) -> bool:
    """The first verdict's other fields agree at least as well on every count, and better on
    one: "Kenneth A. Ross, Theodore Johnson, Richard Snodgrass" over "Kenneth A. Ross" for a
    column the three wrote; the same venue over a different one. A year missing on either
    side is no count: a copy without a year is not outranked by one with it."""
    known = [
        (m, t)
        for m, t in zip(_fields(first), _fields(second), strict=True)
        if m is not None and t is not None
    ]
    return any(m > t for m, t in known) and all(m >= t for m, t in known)


def _unclear(pairs: Sequence[Pair], scorer: _Scorer, margin: float) -> set[tuple[int, int]]:
    """The title links to leave out because the evidence does not say they are the record's.

    Two columns called "Book review column" by one editor in one year, a preprint and its
    published article with one title, a conference paper and its journal version: a record that
    cannot be told apart from either, such as a hand-entered copy without identifiers, type or
    venue, matches both. Whichever of them a link chose, it would often be the wrong one, and a
    wrong link hides a missing work; such a record is left unlinked (it is reported as missing,
    which a person can check). For each record, among its title links:

    - a partner that is a different work from the record's identifier partner is not its own
      (identifier links are certain and anchor the record);
    - partners whose title similarity is within `margin` of the best are equally good on the
      title; among those, a partner whose other fields are beaten on every count by another's
      (`_dominates`) is *outranked*. An outranked partner is dropped when it is a different
      work from the partners that outrank it, and also when the record is in turn outranked
      from the partner's side: a bare copy of a journal article and a bare copy of the
      conference paper of the same title look alike, but each looks more like its own work;
    - if two partners are left that are different works, the record is ambiguous and keeps no
      title link.
    """
    partners: dict[int, list[tuple[Verdict, int]]] = defaultdict(list)
    for i, j, verdict in pairs:
        partners[i].append((verdict, j))
        partners[j].append((verdict, i))
    dropped: set[tuple[int, int]] = set()
    outranked: dict[int, set[int]] = defaultdict(set)
    preferred: dict[int, list[int]] = {}

    def key(x: int, y: int) -> tuple[int, int]:
        return (x, y) if x < y else (y, x)

    for record, found in partners.items():
        anchors = [other for verdict, other in found if verdict.method == "identifier"]
        titled = []
        for verdict, other in found:
            if verdict.method == "identifier":
                continue
            if all(scorer.alongside(other, anchor) for anchor in anchors):
                titled.append((verdict, other))
            else:
                dropped.add(key(record, other))
        if not titled:
            continue
        best = max(verdict.evidence["title"] for verdict, _ in titled)
        near = [(v, o) for v, o in titled if v.evidence["title"] >= best - margin]
        kept = [o for v, o in near if not any(_dominates(w, v) for w, _ in near)]
        preferred[record] = kept
        outranked[record] = {o for _, o in near} - set(kept)
    for record, kept in preferred.items():
        for other in outranked[record]:
            # Whether the outranked partner is another work than the ones that outrank it is
            # asked of those in its own table: a copy of the record beside it in the record's
            # table resembles the outranked partner as much as the record does, and says
            # nothing about which of the two it is.
            rivals = [k for k in kept if scorer.tables[k] == scorer.tables[other]] or kept
            if record in outranked.get(other, ()) or not any(
                scorer.alongside(other, k) for k in rivals
            ):
                dropped.add(key(record, other))
        if any(not scorer.alongside(x, y) for x, y in itertools.combinations(kept, 2)):
            for verdict, other in partners[record]:
                if verdict.method != "identifier":
                    dropped.add(key(record, other))
    return dropped


def _as_link(left: MatchRecord, right: MatchRecord, verdict: Verdict) -> Link:
    return Link(left.record_id, right.record_id, verdict.score, verdict.method, verdict.evidence)


def link_tables(
    left: Sequence[MatchRecord],
    right: Sequence[MatchRecord] | None,
    config: MatchConfig,
    *,
    duplicates: bool,
) -> Linked:
    """Links across `left` and `right` (when given) and, with `duplicates`, the duplicates within
    each; all from one candidate search, so that a record's resemblance to records of its own
    table counts when deciding whether it is ambiguous (see `_unclear`).

    Across the tables the links are chosen with `cluster.assign`, one-to-one or between groups of
    same-work records as `config.assignment` says; within a table, each cluster of duplicates
    (`cluster.complete_linkage`) gives every pair of its members.
    """
    with paused_gc():
        return _link_tables(left, right, config, duplicates=duplicates)


def _link_tables(
    left: Sequence[MatchRecord],
    right: Sequence[MatchRecord] | None,
    config: MatchConfig,
    *,
    duplicates: bool,
) -> Linked:
    began = time.perf_counter()
    records = [*left, *(right or ())]
    tables = [0] * len(left) + [1] * len(right or ())
    kinds: list[Kind] = []
    if right is not None:
        kinds.append((0, 1))
    groups = right is not None and config.assignment == "same-work-groups"
    if duplicates or groups:
        kinds += [(0, 0)] + ([(1, 1)] if right is not None else [])
    one_to_one = right is not None and config.assignment == "one-to-one" and not duplicates
    scorer = _Scorer(records, tables, config, distinct_within_tables=one_to_one)
    linked = Linked()
    candidates = candidate_pairs(
        records, tables, kinds, config, within_linked_only=groups and not duplicates
    )
    linked.seconds["candidates"] += time.perf_counter() - began

    began = time.perf_counter()
    found: list[Pair] = []
    for i, j in candidates:
        verdict = scorer(i, j)
        if verdict.linked:
            found.append((i, j, verdict))
    linked.seconds["scoring"] += time.perf_counter() - began

    began = time.perf_counter()
    unclear = _unclear(found, scorer, config.ambiguity_margin)
    kept = [(i, j, v) for i, j, v in found if (i, j) not in unclear]
    offset = len(left)
    if right is not None:
        across = [(i, j - offset, v) for i, j, v in kept if tables[i] != tables[j]]
        # One-to-one, `scorer.same` holds no two records of one table to be one work.
        accepted = assign(
            across, scorer.alongside, lambda x, y: scorer.alongside(x + offset, y + offset)
        )
        if groups and not duplicates:
            accepted = _between_clusters(accepted, kept, tables, scorer, offset, unclear)
        linked.across = _unique([_as_link(left[i], right[j], v) for i, j, v in accepted])
    if duplicates:
        for table, target in ((0, linked.left_duplicates), (1, linked.right_duplicates)):
            within = [(i, j, v) for i, j, v in kept if tables[i] == tables[j] == table]
            target += _unique(
                [
                    _as_link(records[i], records[j], scorer(i, j))
                    for cluster in complete_linkage(within, scorer.same)
                    for i, j in itertools.combinations(cluster, 2)
                ]
            )
    linked.seconds["clustering"] += time.perf_counter() - began
    return linked


def _compatible(verdict: Verdict, config: MatchConfig) -> bool:
    """Whether a pair's own comparison, though it did not link, says nothing against the pair:
    no veto, nothing unconfirmed, a title at least `title_floor` alike, no author list that
    disagrees and no years too far apart."""
    evidence = verdict.evidence
    return (
        verdict.method == "title"
        and "unconfirmed" not in evidence
        and evidence["title"] >= config.title_floor
        and evidence.get("co_authors", 1) > 0
        and evidence.get("year", 1.0) > 0
    )


def _between_clusters(
    accepted: list[Pair],
    kept: Sequence[Pair],
    tables: Sequence[int],
    scorer: _Scorer,
    offset: int,
    unclear: set[tuple[int, int]],
) -> list[Pair]:
    """Every pair between two clusters of same-work records that a link joins.

    A table that holds a work several times holds it in versions of unequal quality: a clean
    Crossref copy, and a scraped one whose title carries its authors and venue. The scraped
    copy may resemble its own table's clean copy more than it resembles the other table's
    record; it is still that record's work. So the duplicates within each table are
    clustered (complete linkage: every member the same work as every other), and a link
    between two records stands for every pair of their clusters' members. A pair so added
    carries the verdict of its own comparison, under the method "cluster" when that
    comparison alone would not have linked it, and only if that comparison says nothing
    against it (`_compatible`). A pair left out as unclear (`_unclear`: the
    record looks as much like another work) is not added back."""
    clusters: list[dict[int, list[int]]] = [{}, {}]
    for table in (0, 1):
        within = [(i, j, v) for i, j, v in kept if tables[i] == tables[j] == table]
        for cluster in complete_linkage(within, scorer.same):
            for member in cluster:
                clusters[table][member] = cluster
    found: dict[tuple[int, int], Pair] = {(i, j): (i, j, v) for i, j, v in accepted}
    for i, j, verdict in accepted:
        for x in clusters[0].get(i, [i]):
            for y in clusters[1].get(j + offset, [j + offset]):
                if (x, y - offset) in found or (x, y) in unclear:
                    continue
                own = scorer(x, y)
                if not own.linked and not _compatible(own, scorer.config):
                    continue
                if not own.linked:
                    ids = [scorer.records[i].record_id, scorer.records[j + offset].record_id]
                    evidence = {**own.evidence, "cluster_of": ids}
                    own = Verdict(True, min(own.score, verdict.score), "cluster", evidence)
                found[(x, y - offset)] = (x, y - offset, own)
    return list(found.values())


def link(
    left: Sequence[MatchRecord],
    right: Sequence[MatchRecord] | None = None,
    config: MatchConfig | None = None,
) -> list[Link]:
    """The pairs of records that are the same work, best first.

    With `right`, links between the tables (see `cluster.assign`); without it, every pair
    within each cluster of duplicates in `left` (see `cluster.complete_linkage`).
    """
    config = config or MatchConfig()
    if right is None:
        return link_tables(left, None, config, duplicates=True).left_duplicates
    return link_tables(left, right, config, duplicates=False).across


def _unique(links: list[Link]) -> list[Link]:
    """Best first, each pair of ids once: a Pure output with several institution authors is
    compared once per author, and its duplicates are found once per author too."""
    found: dict[tuple[str, str], Link] = {}
    for found_link in sorted(links, key=lambda k: (-k.score, k.left_id, k.right_id)):
        found.setdefault((found_link.left_id, found_link.right_id), found_link)
    return list(found.values())
