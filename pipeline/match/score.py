"""Whether two records are the same work, with the evidence for the answer.

Identifiers decide first, because they were assigned to the work rather than typed by a
person; then the title, confirmed (or contradicted) by co-authors, year, type and venue.
Titles are compared as keys (`pipeline.normalize.titles`), also without genre labels and
asides ("(Panel Abstract)", "- Book Review"); co-authors as names that may be written with
initials, one or both of two surnames, in either order, or as an organisation
(`pipeline.normalize.names.same_author`). The
answer is a `Verdict` whatever it is, so a caller can show why two records were *not* linked as
well as why they were.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from pipeline.match.config import MatchConfig
from pipeline.match.records import ORCID_WORK, SOURCE_WORK_ID, MatchRecord
from pipeline.match.types import UNKNOWN_TYPES, WHOLE_BOOKS, type_agreement
from pipeline.match.venues import venue_kind, venue_similarity
from pipeline.normalize.names import shared_authors
from pipeline.normalize.titles import is_truncation_of

STRONG_IDS = ("doi", "pmid", "pmc", "eid", "arxiv", "handle", "isbn")
"""Identifiers of the work itself: equal values match, different values of one type veto.
In this order, so the evidence names the most familiar id that matched."""

RECORD_IDS = (SOURCE_WORK_ID, ORCID_WORK)
"""Ids of one *record* of the work: an equal value proves a match (one record was copied from
the other), a different value proves nothing, since a work has one record per source."""


@dataclass(frozen=True, slots=True)
class Verdict:
    linked: bool
    score: float
    method: str
    """"identifier", "title", or "veto" for a pair that can never be one work."""
    evidence: dict[str, Any] = field(default_factory=dict)


class TitleRarity:
    """How much a title says about which work it names, from the records at hand.

    A word's information is log2(titles / titles that hold it): "of" or "data"
    carry almost nothing, a word found in three titles of 60,000 carries 14 bits. A title's
    information is the sum over its distinct words. It is computed on the records being
    linked, never on a list fitted beforehand, so it adapts to a field's vocabulary: in a
    database bibliography "query" is common, in a medical one it is rare.
    """

    def __init__(self, keys: Iterable[str]) -> None:
        distinct = set(keys)
        distinct.discard("")
        self.titles = len(distinct)
        """Distinct title keys: the copies of one work, which mostly share a key, count once,
        so a work held five times does not make its own words look common."""
        self.frequency: Counter[str] = Counter(w for key in distinct for w in set(key.split()))
        self._bits: dict[str, float] = {}

    def bits(self, key: str) -> float:
        """The title's information in bits; cached, a title is compared many times."""
        found = self._bits.get(key)
        if found is None:
            total = max(self.titles, 1)
            found = self._bits[key] = sum(
                math.log2(total / max(self.frequency.get(w, 1), 1)) for w in set(key.split())
            )
        return found


CUT_SHORT = frozenset({"truncated", "main-title"})
"""Title rules under which one title is the other's beginning: cut short, or without its
subtitle."""

NOTE_FAMILIES = {"erratum": "correction", "corrigendum": "correction"}
"""Names of one kind of note: a journal's "Erratum" is another's "Correction"."""


def _note_family(note: str | None) -> str | None:
    return NOTE_FAMILIES.get(note, note) if note else None


_PART = re.compile(r"\bpart\s+(\d+|[ivx]{1,4}|one|two|three|four|five|six)\b")
_PART_NUMBERS = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
}  # fmt: skip


def _parts(key: str) -> frozenset[int]:
    """The part numbers a title key names ("part 1", "part ii", "part two")."""
    return frozenset(int(n) if n.isdigit() else _PART_NUMBERS.get(n, 0) for n in _PART.findall(key))


def _id_types(a: MatchRecord, b: MatchRecord) -> tuple[str, ...]:
    """ISBNs count only between whole books: chapters of one book share its ISBN."""
    if a.work_type in WHOLE_BOOKS and b.work_type in WHOLE_BOOKS:
        return STRONG_IDS
    return tuple(t for t in STRONG_IDS if t != "isbn")


def _veto(a: MatchRecord, b: MatchRecord) -> dict[str, Any] | None:
    """Why the two can never be one work, or None. Checked before any match: a note or a
    version that shares an id with its subject is a data error, and a link would hide it."""
    if (a.note is None) != (b.note is None):
        return {"veto": "note", "note": a.note or b.note}
    if _note_family(a.note) != _note_family(b.note):
        # A reply and the comment it answers quote one title; they are two notes.
        return {"veto": "note-kind", "notes": [a.note, b.note]}
    for x, y in ((a, b), (b, a)):
        if x.subject_key and fuzz.ratio(x.subject_key, y.title_key) > fuzz.ratio(
            x.subject_key, y.subject_key
        ):
            # "Erratum to: Correction to: X" is about "Correction to: X": a note on a note.
            return {"veto": "note-on-note", "note": x.note}
    for type_ in _id_types(a, b):
        mine, theirs = a.identifiers.get(type_), b.identifiers.get(type_)
        if mine and theirs and not mine & theirs:
            return {"veto": "different-identifiers", "identifier": type_,
                    "left": sorted(mine), "right": sorted(theirs)}  # fmt: skip
    for x, y in ((a, b), (b, a)):
        for type_, values in x.versions.items():
            if values & y.identifiers.get(type_, frozenset()):
                return {"veto": "version-of", "identifier": type_}
    return None


def _shared_id(a: MatchRecord, b: MatchRecord) -> tuple[str, str] | None:
    for type_ in (*_id_types(a, b), *RECORD_IDS):
        shared = a.identifiers.get(type_, frozenset()) & b.identifiers.get(type_, frozenset())
        if shared:
            return type_, min(shared)
    return None


def _similarity(x: str, y: str) -> tuple[float, str]:
    """Edit similarity, or the same words in another order, whichever is higher."""
    ratio = fuzz.ratio(x, y) / 100
    if ratio == 1.0:
        return ratio, "ratio"
    order = fuzz.token_sort_ratio(x, y) / 100
    return (order, "word-order") if order > ratio else (ratio, "ratio")


def _long_enough(key: str, config: MatchConfig) -> bool:
    return len(key.split()) >= config.main_title_min_words


def _keys(record: MatchRecord, config: MatchConfig) -> tuple[str, ...]:
    """The title key, and the core key when labels or asides were removed and enough is left."""
    if record.core_key != record.title_key and _long_enough(record.core_key, config):
        return (record.title_key, record.core_key)
    return (record.title_key,)


def title_similarity(a: MatchRecord, b: MatchRecord, config: MatchConfig) -> tuple[float, str]:
    """The best of: edit similarity; the same words in another order; the same after a genre
    label or bracketed aside is removed ("labels"); one title lacking the other's subtitle; one
    title cut short (it ends in an ellipsis); one title the other's beginning (a subtitle added
    without a separator, "… (PAWS 2000)"). All but the first two are credited below a full
    match, the unmarked extension least."""
    best = _similarity(a.title_key, b.title_key)
    if best[0] == 1.0:
        return best
    keys_a, keys_b = _keys(a, config), _keys(b, config)
    if len(keys_a) > 1 or len(keys_b) > 1:
        for i, x in enumerate(keys_a):
            for j, y in enumerate(keys_b):
                if i == j == 0:
                    continue
                credit = _similarity(x, y)[0] * config.labelled_title_similarity
                if credit > best[0]:
                    best = (credit, "labels")
    if best[0] < config.main_title_similarity and _subtitle_missing(a, b, keys_a, keys_b, config):
        best = (config.main_title_similarity, "main-title")
    if best[0] < config.extended_title_similarity or (
        best[0] < config.truncated_title_similarity and (a.truncated or b.truncated)
    ):
        prefix = _prefix(a, b, keys_a, keys_b, config)
        if prefix is not None and prefix[0] > best[0]:
            best = prefix
    return best


def _subtitle_missing(
    a: MatchRecord,
    b: MatchRecord,
    keys_a: tuple[str, ...],
    keys_b: tuple[str, ...],
    config: MatchConfig,
) -> bool:
    """One record's title (or core title) is the other's main title, and the other has a
    subtitle: the subtitle was left out."""
    for keys, other in ((keys_a, b), (keys_b, a)):
        if (
            other.main_key
            and other.main_key != other.title_key
            and other.main_key in keys
            and _long_enough(other.main_key, config)
        ):
            return True
    return False


def _prefix(
    a: MatchRecord,
    b: MatchRecord,
    keys_a: tuple[str, ...],
    keys_b: tuple[str, ...],
    config: MatchConfig,
) -> tuple[float, str] | None:
    """One title a word-boundary prefix of the other, long enough not to be a common phrase:
    "truncated" when the shorter one ends in an ellipsis, "extended" otherwise."""
    found: tuple[float, str] | None = None
    for short, keys_short, keys_long in ((a, keys_a, keys_b), (b, keys_b, keys_a)):
        for i, x in enumerate(keys_short):
            if not _long_enough(x, config):
                continue
            for y in keys_long:
                if is_truncation_of(x, y):
                    if short.truncated and i == 0:
                        return (config.truncated_title_similarity, "truncated")
                    found = (config.extended_title_similarity, "extended")
    return found


def _year_score(a: int, b: int, config: MatchConfig) -> float:
    distance = abs(a - b)
    return config.year_scores[distance] if distance < len(config.year_scores) else 0.0


_ROMAN = frozenset(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"])


def _numbering(key: str) -> frozenset[str]:
    return frozenset(w for w in key.split() if w.isdigit() or w in _ROMAN)


def _title_veto(a: MatchRecord, b: MatchRecord) -> dict[str, Any] | None:
    """Differences that, without an identifier to overrule them, mean two works: incompatible
    types, a journal and a proceedings, or different numbers in the titles ("Part I" and
    "Part II", "Workshop 2000" and "Workshop 2001"), which edit similarity barely notices."""
    if type_agreement(a.work_type, b.work_type) == "incompatible":
        return {"veto": "type", "types": [a.work_type, b.work_type]}
    if (a.work_type == "preprint") != (b.work_type == "preprint"):
        other = b if a.work_type == "preprint" else a
        if other.venue_key or other.work_type not in UNKNOWN_TYPES:
            # The preprint server on one side, a journal or publisher on the other: the
            # preprint and its version of record, two works with two DOIs.
            return {"veto": "preprint-and-published", "venues": [a.venue_key, b.venue_key]}
    kinds = {venue_kind(a.venue_key), venue_kind(b.venue_key)}
    if kinds == {"journal", "proceedings"}:
        return {"veto": "venue-kind", "venues": [a.venue_key, b.venue_key]}
    parts = _parts(a.title_key), _parts(b.title_key)
    if parts[0] != parts[1] and ((parts[0] and parts[1]) or not (a.truncated or b.truncated)):
        # "… type 2 diabetes, part 1" / "… part 2": other numbers shared do not make it one.
        # Nor is "… part 1" the title without a part: that is the whole, or the series, or
        # another part ("Database tuning … (part I)" and the tutorial "Database tuning …").
        # Only a title cut short may have lost its part.
        return {"veto": "numbering", "parts": [sorted(p) for p in parts]}
    if a.note is not None and b.note is not None:
        shared = shared_authors(a.authors, b.authors)
        if shared is not None and shared[0] == 0:
            # A comment and the reply to it may carry the very same title; who wrote them
            # differs (the commenters, the original authors).
            return {"veto": "note-authors", "note": a.note}
    numbers = _numbering(a.title_key), _numbering(b.title_key)
    # A number only one title has may be an omission ("SQL3" / "SQL 3"); a number each title
    # has and the other lacks is a contradiction ("Part I" / "Part II").
    if numbers[0] - numbers[1] and numbers[1] - numbers[0]:
        return {"veto": "numbering", "numbers": [sorted(n) for n in numbers]}
    return None


TitleClass = str
"""How much a title alone says: "distinctive", "common" or "generic" (see `title_class`)."""


def title_class(
    a: MatchRecord, b: MatchRecord, config: MatchConfig, rarity: TitleRarity | None
) -> TitleClass:
    """ "generic": a short title ("Editorial", "Book review"), a note's (its title is its
    subject's), or words so common among the records at hand that the title is expected to
    recur by chance; "distinctive": rare enough to name one work alone
    (`MatchConfig.distinctive_title_margin_bits`); "common" in between. Without `rarity` (no
    records were counted) a title that is not short counts as distinctive."""
    shorter = min(len(a.title_key.split()), len(b.title_key.split()))
    if a.note is not None or shorter < config.specific_title_min_words:
        return "generic"
    if rarity is None or rarity.titles < config.rarity_min_titles:
        return "distinctive"
    bits = min(rarity.bits(a.title_key), rarity.bits(b.title_key))
    chance = math.log2(rarity.titles)
    if bits < chance:
        return "generic"
    return "distinctive" if bits >= chance + config.distinctive_title_margin_bits else "common"


def score_pair(
    a: MatchRecord,
    b: MatchRecord,
    config: MatchConfig,
    *,
    recurring_title: bool = False,
    rarity: TitleRarity | None = None,
) -> Verdict:
    """`recurring_title`: the title occurs more than once within one table and owner (a
    column, an editorial, a yearly report), so it identifies a work less well than a title that
    occurs once; such a title is then linked only within one year.

    `rarity`: word frequencies of the records being linked, which say how much the title alone
    is worth (`title_class`); the less, the more the other fields must confirm it."""
    veto = _veto(a, b)
    if veto is not None:
        return Verdict(False, 0.0, "veto", veto)
    shared = _shared_id(a, b)
    if shared is not None:
        return Verdict(True, 1.0, "identifier", {"identifier": shared[0], "value": shared[1]})
    veto = _title_veto(a, b)
    if veto is not None:
        return Verdict(False, 0.0, "veto", veto)
    return _title_verdict(a, b, config, recurring_title, title_class(a, b, config, rarity))


def _title_verdict(
    a: MatchRecord, b: MatchRecord, config: MatchConfig, recurring_title: bool, kind: TitleClass
) -> Verdict:
    """The weighted score of title, co-authors, year, type and venue, and whether it links.

    Two rules let the other fields speak louder when year, venue and type all agree (and the
    title does not recur): a title reworded by a word or two is accepted down to
    `reworded_title_floor` when every co-author agrees too, and author lists that disagree
    are set aside for a specific title (`specific_title_min_words`) that is (almost) the
    same. Both are reported in the evidence ("title_reworded", "authors_set_aside").
    The other way round, a title whose wording differs (below `main_title_similarity`) is not
    enough when the types and the venues differ as well ("unconfirmed").

    A missing year, venue or author list is unknown, never a disagreement; but the less the
    title says alone (`title_class`), the more the known fields must confirm it: a generic
    title needs agreeing co-authors and the same year (and in two different years it is two
    works); a reworded title (below `main_title_similarity`) agreeing co-authors, or the same
    year and venue (the same year alone for a distinctive title); a common title one of
    co-authors, year or venue; only a distinctive title (nearly) the same on both sides links
    with nothing else known. A long title cut short or without its subtitle is judged as
    common, never as distinctive, since only its beginning is known on one side.
    """
    title, rule = title_similarity(a, b, config)
    evidence: dict[str, Any] = {"title": round(title, 4), "title_rule": rule}
    if kind == "generic" and rule in CUT_SHORT and a.note is None:
        longer = max(len(a.title_key.split()), len(b.title_key.split()))
        if longer >= config.specific_title_min_words:
            # "Revisiting consumer credit..." is a long title cut short, not a short one; but
            # what is left of it is not distinctive, so something else must confirm it.
            kind = "common"
    if kind != "distinctive":
        evidence["title_class"] = kind
    if kind == "generic" and a.year is not None and b.year is not None and a.year != b.year:
        # "Editorial" in one venue by one editor, a year apart: two editorials.
        return Verdict(False, 0.0, "veto", {**evidence, "veto": "generic-title-other-year"})
    weighted = [(config.weight_title, title)]
    shared = shared_authors(a.authors, b.authors)
    overlap = None
    if shared is not None:
        evidence["authors"] = overlap = round(shared[0] / shared[1], 4)
        evidence["co_authors"] = shared[0]
        if overlap < config.partial_authors_credit and shared[0] >= 2:
            # Two authors in common: a list cut short or partly junk. (A list cut to its first
            # author already agrees fully: the overlap is over the shorter list. One shared
            # author of two longer lists is a disagreement: the researcher is on both.)
            evidence["authors_partial"] = True
            overlap = config.partial_authors_credit
    year = None
    if a.year is not None and b.year is not None:
        evidence["year"] = year = _year_score(a.year, b.year, config)
        weighted.append((config.weight_year, year))
    agreement = type_agreement(a.work_type, b.work_type)
    if agreement != "unknown":
        evidence["type"] = agreement
        weighted.append((config.weight_type, 1.0 if agreement == "same" else 0.5))
    venue_agrees = False
    if a.venue_key and b.venue_key:
        venue = venue_similarity(a.venue_key, b.venue_key)
        venue_agrees = venue >= config.venue_agreement
        if venue_agrees:
            evidence["venue"] = round(venue, 4)
            weighted.append((config.weight_venue, venue))
    # Year, venue and type all agreeing is what lets a rule below accept a weaker title or
    # set disagreeing authors aside; a recurring title never qualifies.
    settled = year == 1.0 and venue_agrees and agreement != "different" and not recurring_title
    if overlap is not None:
        if overlap < 1.0 and settled and _specific(a, b, title, config):
            evidence["authors_set_aside"] = "the same specific title in the same venue and year"
        else:
            weighted.append((config.weight_authors, overlap))
    score = round(sum(w * v for w, v in weighted) / sum(w for w, _ in weighted), 4)
    floor = config.title_floor
    if settled and overlap == 1.0 and title < floor:
        floor = config.reworded_title_floor
        evidence["title_reworded"] = True
    linked = title >= floor and score >= config.threshold
    if (
        linked
        and title < config.main_title_similarity
        and agreement == "different"
        and (a.venue_key and b.venue_key and not venue_agrees)
    ):
        # Title, type and venue can each differ between two records of one work, but not
        # all at once: a chapter and an article by one author on neighbouring topics.
        evidence["unconfirmed"] = "the title's wording, the type and the venue all differ"
        linked = False
    if linked:
        missing = _unconfirmed(
            kind,
            title,
            Known(
                authors=bool(overlap),
                co_authors=shared[0] if shared is not None else 0,
                same_year=year == 1.0,
                no_year=year is None,
                venue=venue_agrees,
                other_venue=bool(a.venue_key and b.venue_key) and not venue_agrees,
                note=a.note is not None,
            ),
            config,
        )
        if missing:
            evidence["unconfirmed"] = missing
            evidence["too_little_known"] = True
            linked = False
    if linked and a.year and b.year and a.year != b.year:
        if recurring_title:
            evidence["unconfirmed"] = "a recurring title in different years"
            linked = False
        elif not venue_agrees:
            evidence["unconfirmed"] = "years differ and the venue does not confirm"
            linked = False
    return Verdict(linked, score, "title", evidence)


@dataclass(frozen=True, slots=True)
class Known:
    """What the fields beside the title say about a pair, for `_unconfirmed`."""

    authors: bool
    """Co-authors found on both sides."""
    co_authors: int
    same_year: bool
    no_year: bool
    """A year is missing on one side or both: unknown, not a disagreement."""
    venue: bool
    """The venues agree."""
    other_venue: bool
    """Both venues are known and differ."""
    note: bool
    """Both are notes (a correction, a comment…) on one subject."""


def _unconfirmed(kind: TitleClass, title: float, known: Known, config: MatchConfig) -> str | None:
    """What the known fields fail to confirm for a title of this class, or None.

    A note's title is its subject's, so it is judged as generic; but a note of one kind on one
    subject by the same authors is rarely written twice, so for a note a missing year may be
    left unknown (a venue that differs still counts against it). A reworded distinctive title
    is confirmed by the same year or, when the year is missing, by the same venue; in another
    venue and without a year, one shared author does not confirm a reworded title."""
    if kind == "generic":
        year = known.same_year or (known.note and known.no_year and not known.other_venue)
        if not (known.authors and year):
            return "a generic title needs agreeing co-authors and the same year"
    elif title < config.main_title_similarity:
        if known.other_venue and known.no_year and known.co_authors < 2:
            # A title one word apart in another venue, by one shared author (often the
            # researcher, on all their works): a neighbouring work, unless the year says
            # otherwise.
            return "a reworded title in another venue needs the same year or two co-authors"
        alone = known.same_year or (known.no_year and known.venue)
        if not (
            known.authors or (known.same_year and known.venue) or (kind == "distinctive" and alone)
        ):
            return "a reworded title needs agreeing co-authors, or the same year (and venue)"
    elif kind == "common" and not (known.authors or known.same_year or known.venue):
        return "a common title needs agreeing co-authors, year or venue"
    return None


def _specific(a: MatchRecord, b: MatchRecord, title: float, config: MatchConfig) -> bool:
    """A title (nearly) equal on both sides and long enough to name one work only."""
    shorter = min(len(a.title_key.split()), len(b.title_key.split()))
    return title >= config.labelled_title_similarity and shorter >= config.specific_title_min_words
