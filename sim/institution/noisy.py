"""A noisy profile of the synthetic institution: two tables of bibliographic records in the
shape `pure-orcid link` reads, with the ground truth and the look-alikes that must stay apart.

The left table holds one clean record per true work, as the institution's Pure has it. The
right table holds what ORCID and citation databases make of the same works: several versions of
one work (from Crossref, from Scopus, typed by hand, imported from a reference list), years and
venues left out, author lists that are junk (a website, "N/A", an organisation), cut to the first
author or written "Family Given", titles scraped from reference lists (an author list or "In:"
in front, quotes around them, mis-decoded as `â€œ`, venue and year text behind), a subtitle
dropped or a word changed.

Beside them it plants look-alikes on the right for some left works, each a different work that a
matcher must not link: the reply to a comment (same quoted title, other authors), a generic
title ("Editorial") in the same venue by the same author a year later, an erratum, the preprint of
a published article, and part 2 of a part 1. Their pairs are the profile's hard negatives.

Everything is drawn from one seeded `random.Random`: the same institution and seed give the
same files.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sim.institution.hard_negatives import pairs as hard_negative_pairs
from sim.institution.variants import vary_title
from sim.model import Author, Institution, TrueWork

COLUMNS = ("id", "title", "authors", "venue", "year", "doi")

VERSIONS = (1, 1, 2, 2, 2, 3, 3, 4)
"""How many versions of one work the right table holds, drawn uniformly."""

PRESENT = 0.85
"""Share of the true works that the right table holds at all."""

JUNK_AUTHORS = (
    "N/A", "Anonymous", "[No author name available]", "www.researchgate.net",
    "academia.edu", "Unknown", "Department of Computer Science, University of Twente",
    "IEEE", "admin", "et al.",
)  # fmt: skip
"""What scraped author fields hold instead of people."""

GENERIC_TITLES = ("Editorial", "Preface", "Book review", "Introduction", "Foreword",
                  "Guest editorial", "Editor's note")  # fmt: skip

PREPRINT_VENUES = ("arXiv", "bioRxiv", "SSRN Electronic Journal", "arXiv preprint")

LOOK_ALIKES = ("reply", "generic-title", "erratum", "preprint", "part")

MARKERS = frozenset({
    "comment", "correction", "erratum", "corrigendum", "addendum", "reply", "response",
    "retraction", "part", "preprint",
})  # fmt: skip
"""Words that say what kind of piece a record is (a note on a work, one part of several): a
changed title word never replaces one. Sources reword a title by mistake, but a note whose
"Correction to:" became another word would no longer be a note by any reading, and the
look-alike it was planted as would be a case no matcher could decide."""


@dataclass
class Row:
    id: str
    title: str
    authors: str = ""
    venue: str = ""
    year: str = ""
    doi: str = ""

    def values(self) -> tuple[str, ...]:
        return (self.id, self.title, self.authors, self.venue, self.year, self.doi)


@dataclass
class NoisyProfile:
    left: list[Row] = field(default_factory=list)
    right: list[Row] = field(default_factory=list)
    truth: set[tuple[str, str]] = field(default_factory=set)
    """(left id, right id) of every pair of records of one work."""
    hard: dict[tuple[str, str], str] = field(default_factory=dict)
    """(left id, right id) of every look-alike pair, with its kind."""

    def write(self, directory: Path) -> tuple[Path, Path]:
        paths = directory / "left.csv", directory / "right.csv"
        for path, rows in zip(paths, (self.left, self.right), strict=True):
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(COLUMNS)
                writer.writerows(row.values() for row in rows)
        return paths


def _name(author: Author) -> str:
    return f"{author.given_names} {author.family_name}"


def _authors(authors: Sequence[Author]) -> str:
    return "; ".join(_name(a) for a in authors)


def _title(work: TrueWork) -> str:
    return f"{work.title}: {work.subtitle}" if work.subtitle else work.title


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, as a scraper without the right encoding does: “ → â€œ."""
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8")
    )


def _initials(author: Author) -> str:
    return "".join(f"{part[0]}." for part in author.given_names.split() if part)


class _Noise:
    def __init__(self, rng: random.Random, words: Sequence[str]) -> None:
        self.rng = rng
        self.words = words
        """Long words of the institution's titles, to change one title word for another."""

    def authors(self, authors: Sequence[Author]) -> str:
        rng = self.rng
        roll = rng.random()
        if not authors or roll < 0.45:
            return _authors(authors)
        if roll < 0.55:
            return _name(authors[0])
        if roll < 0.65:
            return f"{_name(authors[0])} et al."
        if roll < 0.70 and len(authors) > 2:
            return _authors(rng.sample(list(authors), 2))
        if roll < 0.82:
            return rng.choice(JUNK_AUTHORS)
        if roll < 0.90:
            return "; ".join(f"{a.family_name} {a.given_names}" for a in authors)
        if roll < 0.95:
            return ", ".join(f"{a.family_name}, {_initials(a)}" for a in authors)
        return "; ".join(f"{a.given_names}{a.family_name}" for a in authors)

    def citation_prefix(self, authors: Sequence[Author]) -> str:
        shown = authors[:3] or [Author("A.", "Nonymous")]
        names = ", ".join(f"{a.family_name}, {_initials(a)}" for a in shown)
        if len(authors) > 3:
            names += ", et al."
        return names

    def title(self, work: TrueWork) -> str:
        rng = self.rng
        title = _title(work)
        roll = rng.random()
        if roll < 0.30:
            return title
        if roll < 0.45:
            varied, sub = vary_title(rng, work.title, work.subtitle)[1:]
            return f"{varied}: {sub}" if sub else varied
        if roll < 0.55 and work.subtitle:
            return work.title
        if roll < 0.62:
            return self._reworded(title)
        return self._cited(work, title)

    def _reworded(self, title: str) -> str:
        words = title.split(" ")
        long = [
            i
            for i, w in enumerate(words)
            if len(w) > 6 and w.isalpha() and w.lower() not in MARKERS
        ]
        if len(words) < 7 or not long:
            return title
        words[self.rng.choice(long)] = self.rng.choice(self.words)
        return " ".join(words)

    def _cited(self, work: TrueWork, title: str) -> str:
        """The title as a reference list writes it, scraped with what surrounds it."""
        rng = self.rng
        text = title
        if rng.random() < 0.5:
            text = f"“{text}”" if rng.random() < 0.7 else f'"{text}"'
        if rng.random() < 0.4 and work.venue:
            tail = f"{work.venue}, {work.year}" if rng.random() < 0.5 else f"{work.venue}"
            text = f"{text}. {tail}." if not text.endswith("”") else f"{text} {tail}."
        elif rng.random() < 0.3:
            text = f"{text} ({work.year})"
        if rng.random() < 0.25:
            text = f"In: {text}"
        elif rng.random() < 0.4:
            separator = ": " if rng.random() < 0.5 else ". "
            text = f"{self.citation_prefix(work.authors)}{separator}{text}"
        if rng.random() < 0.35:
            text = mojibake(text)
        return text

    def version(self, row_id: str, work: TrueWork, *, keep_doi: bool) -> Row:
        rng = self.rng
        scraped = not keep_doi
        return Row(
            id=row_id,
            title=self.title(work) if scraped else _title(work),
            authors=self.authors(work.authors) if scraped else _authors(work.authors),
            venue=(work.venue or "") if rng.random() >= (0.35 if scraped else 0.05) else "",
            year=str(work.year) if rng.random() >= (0.45 if scraped else 0.05) else "",
            doi=(work.doi or "") if keep_doi else "",
        )


def _clean(row_id: str, work: TrueWork) -> Row:
    return Row(row_id, _title(work), _authors(work.authors), work.venue or "", str(work.year),
               work.doi or "")  # fmt: skip


def _look_alike(
    rng: random.Random, kind: str, work: TrueWork, strangers: Sequence[Author]
) -> tuple[Row, Row]:
    """(the left record, the right look-alike) for one planted case; the left record replaces
    the work's own, so that it is a work of the kind the case needs."""
    authors, venue, year = work.authors, work.venue or "Journal of Studies", work.year
    others = rng.sample(strangers, min(len(strangers), rng.randint(1, 3)))
    if kind == "reply":
        quoted = f"Comment on “{work.title}”"
        left = Row("", quoted, _authors(others), venue, str(year + 1))
        title = rng.choice(
            [f"Reply to “Comment on ‘{work.title}’”", f"Reply to comment on “{work.title}”", quoted]
        )
        return left, Row("", title, _authors(authors), venue, str(year + 1))
    if kind == "generic-title":
        title = rng.choice(GENERIC_TITLES)
        lead = authors[:1]
        return (
            Row("", title, _authors(lead), venue, str(year)),
            Row("", title, _authors(lead), venue, str(year + rng.choice((1, 2, 3)))),
        )
    if kind == "erratum":
        title = rng.choice([f"Erratum to: {work.title}", f"Erratum: {work.title}",
                            f"Correction to “{work.title}”"])  # fmt: skip
        return _clean("", work), Row("", title, _authors(authors), venue, str(year))
    if kind == "preprint":
        server = rng.choice(PREPRINT_VENUES)
        return _clean("", work), Row(
            "", _title(work), _authors(authors), server, str(max(year - rng.choice((0, 1)), 1990))
        )
    first, second = rng.choice([("Part 1", "Part 2"), ("Part I", "Part II"), ("part 1", "part 2")])
    return (
        Row("", f"{work.title}, {first}", _authors(authors), venue, str(year)),
        Row("", f"{work.title}, {second}", _authors(authors), venue, str(year)),
    )


def noisy_profile(
    institution: Institution,
    seed: int = 1,
    *,
    left_works: int | None = None,
    look_alikes: float = 0.02,
) -> NoisyProfile:
    """Left: a clean record of `left_works` true works (all when None); right: noisy versions
    of every true work the right table holds, and for a `look_alikes` share of the left works a
    look-alike of each planted kind in turn, with the version of the left record itself."""
    rng = random.Random(f"noisy:{seed}")  # noqa: S311 - reproducible, not secret
    works = sorted(institution.true_works.values(), key=lambda w: w.id)
    words = sorted({w for work in works for w in work.title.split() if len(w) > 6 and w.isalpha()})
    noise = _Noise(rng, words)
    authors_pool = sorted({a for w in works[:2000] for a in w.authors}, key=_name)
    left_ids = {w.id for w in (rng.sample(works, left_works) if left_works else works)}
    profile = NoisyProfile()
    kinds = iter(LOOK_ALIKES * len(works))
    versions: dict[int, list[str]] = {}
    for work in works:
        on_left = work.id in left_ids
        left: Row | None = _clean(f"L{work.id}", work) if on_left else None
        look_alike: Row | None = None
        if on_left and rng.random() < look_alikes:
            kind = next(kinds)
            if kind == "preprint" and (work.type == "preprint" or not work.venue):
                # A preprint has no preprint of its own: its copy on another server is the
                # same work, not a look-alike; and a record with no venue does not say it was
                # published, so it may be the preprint's own.
                kind = next(kinds)
            strangers = [a for a in authors_pool if a not in work.authors]
            planted, look_alike = _look_alike(rng, kind, work, strangers)
            left = planted
            left.id, look_alike.id = f"L{work.id}", f"X{work.id}"
            profile.hard[(left.id, look_alike.id)] = kind
            profile.right.append(look_alike)
        if left is not None:
            profile.left.append(left)
        if look_alike is None and rng.random() >= PRESENT:
            continue
        source = _as_work(left, work) if look_alike is not None and left is not None else work
        count = rng.choice(VERSIONS)
        for n in range(count):
            row = noise.version(f"R{work.id}-{n}", source, keep_doi=n == 0 and rng.random() < 0.6)
            profile.right.append(row)
            versions.setdefault(work.id, []).append(row.id)
            if left is not None:
                profile.truth.add((left.id, row.id))
    for pair in hard_negative_pairs(works):
        for a, b in ((pair.a, pair.b), (pair.b, pair.a)):
            if a in left_ids:
                for right_id in versions.get(b, ()):
                    profile.hard[(f"L{a}", right_id)] = pair.reason
    return profile


def _as_work(row: Row, work: TrueWork) -> TrueWork:
    """A true work with a planted left record's fields, to draw its right versions from."""
    title = row.title
    return TrueWork(
        id=work.id, type=work.type, title=title, subtitle=None, year=int(row.year),
        month=None, day=None, venue=row.venue or None, issn=None, isbn=None, doi=row.doi or None,
        pmid=None, arxiv=None, eid=None, language=work.language,
        authors=_parse_authors(row.authors, work.authors),
    )  # fmt: skip


def _parse_authors(text: str, known: Iterable[Author]) -> list[Author]:
    by_name = {_name(a): a for a in known}
    found = []
    for name in text.split("; "):
        if name in by_name:
            found.append(by_name[name])
        elif name:
            given, _, family = name.rpartition(" ")
            found.append(Author(given, family))
    return found
