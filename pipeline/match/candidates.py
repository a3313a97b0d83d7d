"""Candidate pairs: which pairs of records the scorer looks at, so that it never has to look at
every pair.

Records are only compared within one owner (a researcher; one constant for two CSV files), and
within an owner only pairs that some scoring rule could link are kept:

- titles whose edit similarity, or word-order-insensitive similarity, reaches the lowest title
  floor of any rule (`MatchConfig.title_floor`, `reworded_title_floor`), compared on the full
  title keys and on the core keys (genre labels and asides removed);
- one title key, core key or main title equal to one of the other record's (a subtitle
  missing on one side);
- one title a word-boundary prefix of the other (a title cut short, or a subtitle added
  without a separator);
- a shared identifier, whatever the titles say.

Title-based candidates must also lie within `year_window` years of each other (a missing year
never excludes). The similarities are computed a block at a time with rapidfuzz's `cdist`
(C++, bit-parallel): an owner's few hundred records against each other take about a
millisecond, so even an institution's 600,000 records are paired in seconds. An earlier version
did this in PostgreSQL with pg_trgm; comparing every pair within a researcher there cost a
hundred times as much, and a trigram index probe returns every owner's similar titles only to
throw most of them away.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from pipeline.match.config import MatchConfig
from pipeline.match.records import MatchRecord
from pipeline.normalize.titles import is_truncation_of

Kind = tuple[int, int]
"""Which tables a pair joins: (0, 1) across two tables, (0, 0) or (1, 1) within one."""

CELLS_PER_CHUNK = 4_000_000
"""At most this many similarities are held at once (16 MB of float32): a block larger than
that (two whole bibliographies under one owner) is compared a slice of rows at a time."""

PREFIX_WORDS = 3
"""Keys are grouped by their first words to find prefixes: the prefix rules need at least
`MatchConfig.main_title_min_words` words, and three is the smallest value it takes."""


def _sorted_words(key: str) -> str:
    """What `fuzz.token_sort_ratio` compares: the words in alphabetical order."""
    return " ".join(sorted(key.split()))


def _core(record: MatchRecord) -> str:
    return record.core_key or record.title_key


def _similar(
    left: list[str], right: list[str], cutoff: float, same: bool
) -> Iterator[tuple[int, int]]:
    """Positions (i, j) with edit similarity >= cutoff; with `same`, i < j only."""
    if not left or not right:
        return
    rows = max(1, CELLS_PER_CHUNK // len(right))
    for start in range(0, len(left), rows):
        matrix = process.cdist(
            left[start : start + rows],
            right,
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            dtype=np.float32,
            workers=-1,
        )
        for i, j in zip(*np.nonzero(matrix), strict=True):
            i += start
            if not same or i < j:
                yield int(i), int(j)


def _keyed(records: Sequence[MatchRecord], positions: Sequence[int]) -> dict[str, list[int]]:
    """Every exact key of each record (title, core, main title) → the positions holding it."""
    found: dict[str, list[int]] = defaultdict(list)
    for position in positions:
        record = records[position]
        for key in {record.title_key, record.core_key, record.main_key}:
            if key:
                found[key].append(position)
    return found


def _prefixed(records: Sequence[MatchRecord], positions: Sequence[int]) -> dict[str, list[int]]:
    """First words of each record's title and core keys → the positions."""
    found: dict[str, list[int]] = defaultdict(list)
    for position in positions:
        record = records[position]
        for key in {record.title_key, record.core_key}:
            words = key.split()
            if len(words) >= PREFIX_WORDS:
                found[" ".join(words[:PREFIX_WORDS])].append(position)
    return found


def _one_extends_the_other(a: MatchRecord, b: MatchRecord) -> bool:
    keys_a = {a.title_key, a.core_key} - {""}
    keys_b = {b.title_key, b.core_key} - {""}
    return any(is_truncation_of(x, y) or is_truncation_of(y, x) for x in keys_a for y in keys_b)


def _identified(records: Sequence[MatchRecord], positions: Sequence[int]) -> dict[tuple, list]:
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position in positions:
        for type_, values in records[position].identifiers.items():
            for value in values:
                found[(type_, value)].append(position)
    return found


def _joined(
    index: Callable[[Sequence[MatchRecord], Sequence[int]], dict],
    records: Sequence[MatchRecord],
    left: list[int],
    right: list[int],
    same: bool,
) -> Iterator[tuple[int, int]]:
    """Positions (i, j) that share a key of `index`; with `same` (left is right), i < j only
    and the index built once."""
    mine_by_key = index(records, left)
    theirs_by_key = mine_by_key if same else index(records, right)
    for key, mine in mine_by_key.items():
        theirs = theirs_by_key.get(key)
        if theirs:
            for i in mine:
                for j in theirs:
                    if not same or i < j:
                        yield i, j


def _block_pairs(
    records: Sequence[MatchRecord],
    left: list[int],
    right: list[int],
    same: bool,
    config: MatchConfig,
) -> set[tuple[int, int]]:
    """Candidate pairs between two lists of positions of one owner (the same list, `same`)."""
    cutoff = min(config.title_floor, config.reworded_title_floor) * 100 - 1e-3
    title_pairs: set[tuple[int, int]] = set()
    keys = [lambda r: r.title_key, lambda r: _sorted_words(r.title_key)]
    if any(records[p].core_key not in ("", records[p].title_key) for p in (*left, *right)):
        keys.append(_core)
    for key in keys:
        lefts = [key(records[p]) for p in left]
        rights = lefts if same else [key(records[p]) for p in right]
        title_pairs.update((left[i], right[j]) for i, j in _similar(lefts, rights, cutoff, same))
    title_pairs.update(_joined(_keyed, records, left, right, same))
    for i, j in _joined(_prefixed, records, left, right, same):
        if _one_extends_the_other(records[i], records[j]):
            title_pairs.add((i, j))
    window = config.year_window
    pairs = {
        (i, j)
        for i, j in title_pairs
        if records[i].year is None
        or records[j].year is None
        or abs(records[i].year - records[j].year) <= window  # type: ignore[operator]
    }
    pairs.update(_joined(_identified, records, left, right, same))
    return pairs


def _sharing_a_partner(across: set[tuple[int, int]], kinds: set[Kind]) -> set[tuple[int, int]]:
    """Pairs within each table asked for, of records that are candidates of one record."""
    partners: tuple[dict[int, list[int]], dict[int, list[int]]] = (
        defaultdict(list),
        defaultdict(list),
    )
    for i, j in across:
        partners[1][i].append(j)  # the right-table candidates of left record i
        partners[0][j].append(i)
    found: set[tuple[int, int]] = set()
    for table in (0, 1):
        if (table, table) in kinds:
            for group in partners[table].values():
                found.update(itertools.combinations(sorted(group), 2))
    return found


def candidate_pairs(
    records: Sequence[MatchRecord],
    tables: Sequence[int],
    kinds: Iterable[Kind],
    config: MatchConfig,
    *,
    within_linked_only: bool = False,
) -> list[tuple[int, int]]:
    """Candidate pairs (i, j) of positions in `records`, whose table `tables[i]` is 0 or 1, for
    each kind of pair asked for: across the tables (table 0 position first) or within one
    (smaller position first). Each pair once, sorted, so the result never depends on the order
    of a dictionary.

    `within_linked_only`: pairs within a table are wanted only between records that are
    candidates of one record of the other table, which is all that linking two tables by
    groups of same-work records needs (two copies of a work resemble the same record of the
    other table). The pairs across are found first and the pairs within read off them: 3,000
    references against 65,000 compare 3,000 × 65,000 titles, not 68,000 with 68,000.

    When pairs within a table are wanted, an owner's records of every table involved are
    compared in one square block and the pairs sorted by kind afterwards: one call per owner
    instead of three, which for a researcher's few dozen records is most of the cost."""
    kinds = set(kinds)
    blocks: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for position, record in enumerate(records):
        blocks[record.owner][tables[position]].append(position)
    found: set[tuple[int, int]] = set()
    if kinds == {(0, 1)} or within_linked_only:
        for left, right in blocks.values():
            if left and right:
                found |= _block_pairs(records, left, right, False, config)
        if kinds == {(0, 1)}:
            return sorted(found)
    if within_linked_only:
        return sorted(found | _sharing_a_partner(found, kinds))
    involved = sorted({table for kind in kinds for table in kind})
    for block in blocks.values():
        positions = sorted(p for table in involved for p in block[table])
        if len(positions) < 2:
            continue
        for i, j in _block_pairs(records, positions, positions, True, config):
            first, second = tables[i], tables[j]
            if first > second:
                i, j, first, second = j, i, second, first
            if (first, second) in kinds:
                found.add((i, j))
    return sorted(found)
