"""The hidden true works, with identifiers as often as each type has them in practice."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable

from sim.institution.identifiers import new_arxiv, new_eid, new_isbn13, new_pmid
from sim.institution.people import Researcher
from sim.institution.titles import new_title
from sim.institution.venues import BOOK_PUBLISHERS, DATA_REPOSITORIES, FieldVenues, proceedings
from sim.institution.vocabulary import FAMILY_NAMES, FIELDS, GIVEN_NAMES, Field
from sim.model import Author, TrueWork, WorkType

ARXIV_FIELDS = ("physics", "computing")
BIORXIV_FIELDS = ("life", "medicine")
INSTITUTION_DOI_PREFIX = "10.61095"
"""A DOI prefix for the institution's own reports (not a registered prefix)."""
OUTSIDER_COUNTS = {
    "physics": (1, 2, 3, 4, 5, 6, 8, 12),
    "computing": (1, 2, 2, 3, 3, 4, 5),
    "life": (1, 2, 3, 3, 4, 5, 6, 7),
    "medicine": (2, 3, 4, 5, 6, 7, 8, 10),
    "social": (0, 1, 1, 2, 2, 3),
    "humanities": (0, 0, 0, 1, 1, 2),
    "law": (0, 0, 1, 1, 2),
}
"""How many authors from outside the institution a work in each field has, drawn uniformly."""


class WorkFactory:
    """Mints true works with unique identifiers; one instance per institution."""

    def __init__(
        self, rng: random.Random, venues: dict[str, FieldVenues], institution: str, now_year: int
    ) -> None:
        self.rng = rng
        self.venues = venues
        self.institution = institution
        self.last_year = now_year - 1
        self.ids = itertools.count(1)
        self.used: set[str] = set()
        self.outsiders = [
            Author(rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)) for _ in range(4000)
        ]
        self.type_tables: dict[str, tuple[list[WorkType], list[float]]] = {
            name: (list(f.type_weights), list(itertools.accumulate(f.type_weights.values())))
            for name, f in FIELDS.items()
        }

    def unique(self, make: Callable[[], str]) -> str:
        """Draw from `make` until the value is new: two true works must never share an id."""
        for _ in range(1000):
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value
        raise RuntimeError(f"identifier space exhausted near {value!r}")

    def arxiv(self, year: int, month: int) -> str:
        """A new arXiv id, unique without its version suffix because the DOI drops the suffix."""
        while True:
            arxiv = new_arxiv(self.rng, max(year, 2008), month)
            base = arxiv.rsplit("v", 1)[0]
            if base not in self.used:
                self.used.add(base)
                return arxiv

    def _type(self, field: str) -> WorkType:
        names, cumulative = self.type_tables[field]
        return names[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

    def _authors(self, lead: Researcher, coauthors: list[Researcher]) -> list[Author]:
        rng = self.rng
        outsiders = rng.choice(OUTSIDER_COUNTS[lead.field])
        authors = [self.outsiders[rng.randrange(len(self.outsiders))] for _ in range(outsiders)]
        authors.insert(0 if rng.random() < 0.5 else rng.randrange(len(authors) + 1), lead.author)
        for coauthor in coauthors:
            authors.insert(rng.randrange(len(authors) + 1), coauthor.author)
        return authors

    def _date(self, lead: Researcher) -> tuple[int, int | None, int | None]:
        rng = self.rng
        year = rng.randint(lead.career_start, self.last_year)
        month = rng.randint(1, 12) if rng.random() < 0.85 else None
        day = rng.randint(1, 28) if month is not None and rng.random() < 0.6 else None
        return year, month, day

    def regular(
        self, lead: Researcher, coauthors: list[Researcher], work_type: WorkType | None = None
    ) -> TrueWork:
        """One ordinary work, its identifiers drawn as often as its type has them in practice."""
        rng = self.rng
        field = FIELDS[lead.field]
        venues = self.venues[lead.field]
        kind = work_type or self._type(lead.field)
        year, month, day = self._date(lead)
        title, subtitle = new_title(rng, field)
        venue = issn = isbn = doi = pmid = arxiv = eid = None
        mm = month or rng.randint(1, 12)
        if kind in ("journal-article", "review"):
            journal = rng.choice(venues.journals)
            venue, issn = journal.name, journal.issn
            if rng.random() < 0.92:
                doi = self.unique(lambda: journal.doi(rng, year, mm))
        elif kind == "conference-paper":
            series = rng.choice(venues.conferences)
            venue = proceedings(series, year)
            if rng.random() < 0.85:
                doi = self.unique(lambda: series.doi(rng, year, mm))
        elif kind == "preprint":
            venue, doi, arxiv = self._preprint_ids(lead.field, year, mm)
        elif kind in ("book", "edited-book"):
            venue, isbn, doi = self._book_ids()
        elif kind == "book-chapter":
            venue = new_title(rng, field)[0]
            _, prefix, doi_shape = rng.choice(BOOK_PUBLISHERS)
            isbn = self.unique(lambda: new_isbn13(rng, prefix))
            if rng.random() < 0.5:
                book_doi = doi_shape.format(isbn=isbn, digits=isbn.replace("-", ""))
                doi = self.unique(lambda: f"{book_doi}_{rng.randint(1, 30)}")
        elif kind in ("data-set", "software"):
            venue = rng.choice(DATA_REPOSITORIES) if kind == "data-set" else "Zenodo"
            doi = self.unique(lambda: f"10.5281/zenodo.{rng.randrange(10**6, 10**7)}")
        elif kind == "report":
            venue = f"{self.institution} Working Paper Series"
            if rng.random() < 0.25:
                doi = self.unique(
                    lambda: f"{INSTITUTION_DOI_PREFIX}/wp.{year}.{rng.randrange(10**5):05d}"
                )
        elif kind == "dissertation-thesis":
            venue = self.institution
            if rng.random() < 0.6:
                isbn = self.unique(lambda: new_isbn13(rng, "978-94-6"))
        if kind in ("journal-article", "review", "conference-paper") and rng.random() < 0.7:
            eid = self.unique(lambda: new_eid(rng, year))
        if kind in ("journal-article", "review") and rng.random() < field.pmid_share:
            pmid = self.unique(lambda: new_pmid(rng, year))
        return TrueWork(
            id=next(self.ids),
            type=kind,
            title=title,
            subtitle=subtitle,
            year=year,
            month=month,
            day=day,
            venue=venue,
            issn=issn,
            isbn=isbn,
            doi=doi,
            pmid=pmid,
            arxiv=arxiv,
            eid=eid,
            language=self._language(field),
            authors=self._authors(lead, coauthors),
        )

    def _language(self, field: Field) -> str:
        if field.name in ("humanities", "law") and self.rng.random() < 0.12:
            return "nl"
        return "en" if self.rng.random() < 0.98 else self.rng.choice(("nl", "de", "fr"))

    def _preprint_ids(self, field: str, year: int, month: int) -> tuple[str, str, str | None]:
        rng = self.rng
        if field in ARXIV_FIELDS:
            arxiv = self.arxiv(year, month)
            return "arXiv", f"10.48550/arXiv.{arxiv.rsplit('v', 1)[0]}", arxiv
        if field in BIORXIV_FIELDS:
            day = rng.randint(1, 28)
            doi = self.unique(
                lambda: f"10.1101/{year}.{month:02d}.{day:02d}.{rng.randrange(10**6):06d}"
            )
            return "bioRxiv", doi, None
        return "SSRN", self.unique(lambda: f"10.2139/ssrn.{rng.randrange(10**6, 5 * 10**6)}"), None

    def _book_ids(self) -> tuple[str, str, str | None]:
        rng = self.rng
        publisher, prefix, doi_shape = rng.choice(BOOK_PUBLISHERS)
        isbn = self.unique(lambda: new_isbn13(rng, prefix))
        doi = None
        if rng.random() < 0.6:
            doi = self.unique(lambda: doi_shape.format(isbn=isbn, digits=isbn.replace("-", "")))
        return publisher, isbn, doi

    def journal_doi(self, lead: Researcher, year: int) -> str:
        """A fresh DOI in one of the lead's journals, for works whose case needs a DOI."""
        journal = self.rng.choice(self.venues[lead.field].journals)
        return self.unique(lambda: journal.doi(self.rng, year, self.rng.randint(1, 12)))
