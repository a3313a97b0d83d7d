"""Whether two venue names (journal, proceedings, book series) name the same venue, and
whether they name different *kinds* of venue.

One venue is written in many forms: "VLDB" and "Very Large Data Bases", "ACM Trans. Database
Syst." and "ACM Transactions on Database Systems", "SIGMOD Record" and "ACM SIGMOD Record".
The comparison accepts those, but not one name merely contained in another: "VLDB" is the
conference, "The VLDB Journal" is not it.
"""

from __future__ import annotations

from typing import Literal

from rapidfuzz import fuzz

_STOPWORDS = frozenset(["of", "on", "the", "and", "in", "for", "a", "an", "at", "to", "de"])

_JOURNAL_WORDS = frozenset(
    ["journal", "j", "transactions", "trans", "letters", "lett", "magazine", "bulletin", "annals"]
)
_PROCEEDINGS_WORDS = frozenset(
    ["proceedings", "proc", "conference", "conf", "symposium", "symp", "workshop", "congress"]
)

VenueKind = Literal["journal", "proceedings"]


def venue_kind(key: str) -> VenueKind | None:
    """Journal or proceedings, when the name says so unambiguously ("Journal of Physics:
    Conference Series" says both, so neither)."""
    words = set(key.split())
    journal, proceedings = bool(words & _JOURNAL_WORDS), bool(words & _PROCEEDINGS_WORDS)
    if journal == proceedings:
        return None
    return "journal" if journal else "proceedings"


def _significant(key: str) -> list[str]:
    return [w for w in key.split() if w not in _STOPWORDS]


def _is_acronym(short: str, long: str) -> bool:
    """ "vldb" for "very large data bases": the initials of the significant words."""
    words = _significant(long)
    return " " not in short and len(words) > 1 and short == "".join(w[0] for w in words)


def _abbreviates(short: str, long: str) -> bool:
    """Each word of `short` begins the next significant word of `long`, and at most one word of
    `long` (a trailing acronym, say) is left over: "acm trans database syst"."""
    short_words, long_words = _significant(short), _significant(long)
    if len(short_words) < 2 or len(short_words) > len(long_words):
        return False
    position = 0
    for word in short_words:
        while position < len(long_words) and not long_words[position].startswith(word):
            position += 1
        if position == len(long_words):
            return False
        position += 1
    return len(long_words) - len(short_words) <= 1


def venue_similarity(a: str, b: str) -> float:
    """1.0 for an acronym or abbreviation of the other name, else the word-order-insensitive
    edit similarity (not word-set containment, which would make "VLDB" equal "VLDB Journal"),
    at most 0.5 when only one of the names says it is a journal."""
    short, long = sorted((a, b), key=len)
    if _is_acronym(short, long) or _abbreviates(short, long):
        return 1.0
    similarity = fuzz.token_sort_ratio(a, b) / 100
    if (venue_kind(a) == "journal") != (venue_kind(b) == "journal"):
        # "VLDB J." and "VLDB", "Journal of Bioinformatics" and "Bioinformatics": a name
        # that says journal and one that does not are two venues, however alike.
        return min(similarity, 0.5)
    return similarity
