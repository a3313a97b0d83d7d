"""Hard negatives: sets of true works that look alike but must never be matched.

The sets are linked only through the true works' own fields (`version_of`, `part_of`, `note_on`,
and for the same-title pairs the shared title and author list), so the pairs written to the ground
truth are derived from the same data the simulators serve and cannot drift from it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from sim.institution.people import Researcher
from sim.institution.titles import correction_title, reply_title
from sim.institution.works import WorkFactory
from sim.model import Author, TrueWork

CASES = ("same-title", "correction", "reply", "book-chapter", "preprint")


@dataclass(frozen=True, slots=True)
class HardNegative:
    a: int
    b: int
    reason: str


def _tag(works: list[TrueWork], case: str) -> list[TrueWork]:
    for work in works:
        work.planted.append(f"hard-negative:{case}")
    return works


def same_title(factory: WorkFactory, lead: Researcher) -> list[TrueWork]:
    """A journal article and the conference paper it grew from: same title and authors,
    different DOIs and types."""
    journal = factory.regular(lead, [], "journal-article")
    journal.doi = journal.doi or factory.journal_doi(lead, journal.year)
    conference = factory.regular(lead, [], "conference-paper")
    conference.title, conference.subtitle = journal.title, journal.subtitle
    conference.authors = journal.authors
    conference.year = max(lead.career_start, journal.year - factory.rng.randint(0, 1))
    if conference.doi is None:
        series = factory.rng.choice(factory.venues[lead.field].conferences)
        conference.doi = factory.unique(lambda: series.doi(factory.rng, conference.year, 6))
    return _tag([conference, journal], "same-title")


def note(factory: WorkFactory, lead: Researcher, kind: str) -> list[TrueWork]:
    """A correction or reply: it repeats the original's title inside its own and has its own DOI
    in the same journal."""
    rng = factory.rng
    original = factory.regular(lead, [], "journal-article")
    original.doi = original.doi or factory.journal_doi(lead, original.year)
    comment = factory.regular(lead, [], "journal-article")
    comment.venue, comment.issn, comment.subtitle = original.venue, original.issn, None
    comment.year = min(factory.last_year, original.year + rng.randint(0, 1))
    comment.doi = comment.doi or factory.journal_doi(lead, comment.year)
    comment.note_on = original.id
    if kind == "correction":
        comment.title = correction_title(original.title)
        comment.authors = original.authors
    else:
        commenter = factory.outsiders[rng.randrange(len(factory.outsiders))].family_name
        comment.title = reply_title(original.title, commenter)
    return _tag([original, comment], kind)


def book_with_chapters(factory: WorkFactory, lead: Researcher) -> list[TrueWork]:
    """A book and chapters in it: the chapters carry the book's ISBN, so an ISBN must never link a
    chapter to its book, nor two chapters to each other."""
    rng = factory.rng
    book = factory.regular(lead, [], "book")
    book.doi = book.doi or factory.unique(lambda: f"10.1007/{book.isbn}")
    chapters = []
    for number in sorted(rng.sample(range(1, 16), rng.randint(2, 3))):
        chapter = factory.regular(lead, [], "book-chapter")
        chapter.venue, chapter.isbn, chapter.year = book.title, book.isbn, book.year
        chapter.doi = factory.unique(lambda n=number: f"{book.doi}_{n}")
        chapter.part_of = book.id
        chapters.append(chapter)
    return _tag([book, *chapters], "book-chapter")


def preprint(factory: WorkFactory, lead: Researcher) -> list[TrueWork]:
    """An arXiv preprint of a published article: ORCID groups the two through the version-of DOI,
    yet they are two works with two DOIs."""
    rng = factory.rng
    published = factory.regular(lead, [], "journal-article")
    published.doi = published.doi or factory.journal_doi(lead, published.year)
    early = factory.regular(lead, [], "preprint")
    year = max(2008, published.year - rng.randint(0, 1))
    month = published.month or 6
    arxiv = factory.arxiv(year, month)
    early.type = "preprint"
    early.title, early.subtitle, early.authors = (
        published.title,
        published.subtitle,
        published.authors,
    )
    early.year, early.month, early.day = year, month, None
    early.venue, early.arxiv, early.issn = "arXiv", arxiv, None
    early.doi = f"10.48550/arXiv.{arxiv.rsplit('v', 1)[0]}"
    early.version_of = published.id
    return _tag([published, early], "preprint")


def make_set(factory: WorkFactory, lead: Researcher, case: str) -> list[TrueWork]:
    if case == "same-title":
        return same_title(factory, lead)
    if case in ("correction", "reply"):
        return note(factory, lead, case)
    if case == "book-chapter":
        return book_with_chapters(factory, lead)
    return preprint(factory, lead)


def pairs(works: Iterable[TrueWork]) -> list[HardNegative]:
    """Every pair of true works that a matcher must keep apart, with the reason."""
    found: list[HardNegative] = []
    chapters: dict[int, list[int]] = {}
    same_titles: dict[tuple[str, tuple[Author, ...]], list[int]] = {}
    for work in works:
        if work.version_of is not None:
            found.append(HardNegative(work.id, work.version_of, "preprint-version-of"))
        if work.note_on is not None:
            reason = (
                "correction-note" if "hard-negative:correction" in work.planted else "reply-note"
            )
            found.append(HardNegative(work.note_on, work.id, reason))
        if work.part_of is not None:
            found.append(HardNegative(work.part_of, work.id, "book-and-chapter-share-isbn"))
            chapters.setdefault(work.part_of, []).append(work.id)
        if "hard-negative:same-title" in work.planted:
            same_titles.setdefault((work.title, tuple(work.authors)), []).append(work.id)
    for siblings in chapters.values():
        found += [
            HardNegative(a, b, "chapters-share-isbn")
            for a, b in itertools.combinations(siblings, 2)
        ]
    for twins in same_titles.values():
        found += [
            HardNegative(a, b, "same-title-different-doi")
            for a, b in itertools.combinations(twins, 2)
        ]
    return found
