"""Whether two records are the same work, with the evidence for the answer.

Identifiers decide first, because they were assigned to the work rather than typed by a
person; then the title, confirmed (or contradicted) by co-authors, year, type and venue. The
answer is a `Verdict` whatever it is, so a caller can show why two records were *not* linked as
well as why they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from pipeline.match.config import MatchConfig
from pipeline.match.records import ORCID_WORK, SOURCE_WORK_ID, MatchRecord
from pipeline.match.types import WHOLE_BOOKS, type_agreement
from pipeline.match.venues import venue_kind, venue_similarity
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


def title_similarity(a: MatchRecord, b: MatchRecord, config: MatchConfig) -> tuple[float, str]:
    """The best of: edit similarity; the same words in another order; one title lacking the
    other's subtitle; one title cut short (it ends in an ellipsis); one title the other's
    beginning (a subtitle added without a separator, "… (PAWS 2000)"). The last three are
    credited below a full match, the unmarked extension least."""
    best = max(
        (fuzz.ratio(a.title_key, b.title_key) / 100, "ratio"),
        (fuzz.token_sort_ratio(a.title_key, b.title_key) / 100, "word-order"),
        key=lambda scored: scored[0],
    )
    short, long = sorted((a, b), key=lambda r: len(r.title_key))
    rules = (
        (config.main_title_similarity, "main-title", _subtitle_missing(a, b, config)),
        (config.truncated_title_similarity, "truncated", short.truncated),
        (config.extended_title_similarity, "extended", True),
    )
    for credit, rule, applies in rules:
        if best[0] < credit and applies and _starts(short, long, rule, config):
            best = (credit, rule)
    return best


def _subtitle_missing(a: MatchRecord, b: MatchRecord, config: MatchConfig) -> bool:
    if not a.main_key or a.main_key != b.main_key:
        return False
    one_lacks = a.title_key == a.main_key or b.title_key == b.main_key
    return one_lacks and len(a.main_key.split()) >= config.main_title_min_words


def _starts(short: MatchRecord, long: MatchRecord, rule: str, config: MatchConfig) -> bool:
    """The main-title rule was checked already; the other two need the shorter title to be a
    word-boundary prefix of the longer one, long enough not to be a common phrase."""
    if rule == "main-title":
        return True
    return is_truncation_of(short.title_key, long.title_key) and (
        len(short.title_key.split()) >= config.main_title_min_words
    )


def author_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared surnames over the shorter list (one source may list only the researcher); a
    surname one typo away counts ("Rosneblatt"), when both are long enough to tell."""
    shared = a & b
    rest = b - shared
    for name in a - shared:
        if len(name) >= 4 and any(
            fuzz.ratio(name, other, score_cutoff=85) for other in rest if len(other) >= 4
        ):
            shared = shared | {name}
    return len(shared) / min(len(a), len(b))


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
    kinds = {venue_kind(a.venue_key), venue_kind(b.venue_key)}
    if kinds == {"journal", "proceedings"}:
        return {"veto": "venue-kind", "venues": [a.venue_key, b.venue_key]}
    numbers = _numbering(a.title_key), _numbering(b.title_key)
    # A number only one title has may be an omission ("SQL3" / "SQL 3"); a number each title
    # has and the other lacks is a contradiction ("Part I" / "Part II").
    if numbers[0] - numbers[1] and numbers[1] - numbers[0]:
        return {"veto": "numbering", "numbers": [sorted(n) for n in numbers]}
    return None


def score_pair(
    a: MatchRecord, b: MatchRecord, config: MatchConfig, *, recurring_title: bool = False
) -> Verdict:
    """`recurring_title`: the title occurs more than once within one table and owner (a
    column, an editorial, a yearly report), so it identifies a work less well than a title that
    occurs once; such a title is then linked only within one year."""
    veto = _veto(a, b)
    if veto is not None:
        return Verdict(False, 0.0, "veto", veto)
    shared = _shared_id(a, b)
    if shared is not None:
        return Verdict(True, 1.0, "identifier", {"identifier": shared[0], "value": shared[1]})
    veto = _title_veto(a, b)
    if veto is not None:
        return Verdict(False, 0.0, "veto", veto)
    return _title_verdict(a, b, config, recurring_title)


def _title_verdict(
    a: MatchRecord, b: MatchRecord, config: MatchConfig, recurring_title: bool
) -> Verdict:
    title, rule = title_similarity(a, b, config)
    evidence: dict[str, Any] = {"title": round(title, 4), "title_rule": rule}
    weighted = [(config.weight_title, title)]
    if a.author_keys and b.author_keys:
        evidence["authors"] = overlap = round(author_overlap(a.author_keys, b.author_keys), 4)
        weighted.append((config.weight_authors, overlap))
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
    score = round(sum(w * v for w, v in weighted) / sum(w for w, _ in weighted), 4)
    linked = title >= config.title_floor and score >= config.threshold
    if linked and a.year and b.year and a.year != b.year:
        if recurring_title:
            evidence["unconfirmed"] = "a recurring title in different years"
            linked = False
        elif not venue_agrees:
            evidence["unconfirmed"] = "years differ and the venue does not confirm"
            linked = False
    return Verdict(linked, score, "title", evidence)
