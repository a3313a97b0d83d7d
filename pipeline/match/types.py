"""Which work types can describe the same work, and which pairs can never be one work.

Sources disagree on types all the time (Crossref calls an LNCS paper a book-chapter, a
researcher calls it a conference-paper; ORCID hand entries are often "other"), so a different
type is only weak evidence. Only three kinds of difference are decisive, because each names two
distinct works by definition:

- a whole and a part: a book or proceedings volume and a chapter or paper in it;
- a preprint and a published version: they have their own DOIs, ORCID relates them with
  `version-of` rather than grouping them, and Pure keeps them as separate outputs; linking them
  would report the published article as present wherever only the preprint is;
- data or software and a text: a data set is often titled after the article it supports.
"""

from __future__ import annotations

from typing import Literal

Agreement = Literal["same", "different", "unknown", "incompatible"]

UNKNOWN_TYPES = frozenset({None, "", "other", "undefined"})
"""No type, or ORCID's catch-alls: the type says nothing about the work."""

_KIND = {
    **dict.fromkeys(
        ("book", "edited-book", "conference-proceedings", "journal-issue", "dissertation-thesis"),
        "whole",
    ),
    **dict.fromkeys(
        (
            "journal-article", "conference-paper", "book-chapter", "review", "book-review",
            "encyclopedia-entry", "dictionary-entry", "magazine-article", "newspaper-article",
            "newsletter-article", "conference-abstract", "conference-poster",
        ),
        "published-part",
    ),
    "preprint": "preprint",
    "data-set": "data",
    "software": "software",
}  # fmt: skip
"""Types outside this table (report, working-paper, translation…) straddle the kinds and are
never decisive."""

_DECISIVE = frozenset(
    {
        frozenset({"whole", "published-part"}),
        frozenset({"preprint", "published-part"}),
        frozenset({"preprint", "whole"}),
        *(
            frozenset({k, text})
            for k in ("data", "software")
            for text in ("whole", "published-part", "preprint")
        ),
        frozenset({"data", "software"}),
    }
)  # fmt: skip


def type_agreement(a: str | None, b: str | None) -> Agreement:
    if a in UNKNOWN_TYPES or b in UNKNOWN_TYPES:
        return "unknown"
    if a == b:
        return "same"
    kinds = frozenset({_KIND.get(a), _KIND.get(b)})
    return "incompatible" if kinds in _DECISIVE else "different"


WHOLE_BOOKS = frozenset({"book", "edited-book"})
"""The only types an ISBN identifies: a chapter carries the ISBN of the book it is in."""
