"""Journals, conference series and book publishers with their DOI and ISBN habits.

Each publisher mints DOIs in its own recognisable shape (Elsevier's `10.1016/j.jcp.2019.01.004`,
Springer's `10.1007/s00220-019-03345-6`, …) because DOI normalisers and sanity checks are tuned on
such shapes, and a simulator that only produced `10.1234/1` would let bugs through.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from sim.institution.identifiers import new_issn
from sim.institution.vocabulary import FIELDS

DoiMaker = Callable[[random.Random, "Venue", int, int], str]


@dataclass(frozen=True, slots=True)
class Venue:
    name: str
    abbr: str
    issn: str
    code: str
    """A publisher-internal number used in some DOI shapes (Springer and Nature journal codes)."""
    make_doi: DoiMaker

    def doi(self, rng: random.Random, year: int, month: int) -> str:
        return self.make_doi(rng, self, year, month)


def _elsevier(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.1016/j.{v.abbr}.{year}.{month:02d}.{rng.randrange(1, 1000):03d}"


def _springer(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.1007/s{v.code}-{year % 1000:03d}-{rng.randrange(10_000, 10**5)}-{rng.randrange(10)}"


def _nature(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.1038/s{v.code}-{year % 1000:03d}-{rng.randrange(10_000, 10**5)}-{rng.randrange(10)}"


def _wiley(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.1002/{v.abbr}.{year}{rng.randrange(10_000, 100_000)}"


def _aps(rng: random.Random, v: Venue, year: int, month: int) -> str:
    series = "PhysRev" + "ABDEX"[int(v.code) % 5]
    return f"10.1103/{series}.{year - 1920}.{rng.randrange(10**6):06d}"


def _tandf(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.1080/{v.issn.replace('-', '')}.{year}.{rng.randrange(10**7):07d}"


def _frontiers(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.3389/f{v.abbr}.{year}.{rng.randrange(10**6):06d}"


def _mdpi(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.3390/{v.abbr}{year % 100:02d}{rng.randrange(1, 25):02d}{rng.randrange(10**4):04d}"


def _cup(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.1017/S{v.issn.replace('-', '')}{year % 100:02d}{rng.randrange(10**6):06d}"


def _oup(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.1093/{v.abbr}/{v.abbr[:2]}{chr(97 + month)}{rng.randrange(10, 1000):03d}"


def _ieee(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.1109/{v.abbr.upper()}{v.code}.{year}.{rng.randrange(10**5):05d}"


def _acm(rng: random.Random, v: Venue, year: int, month: int) -> str:
    return f"10.1145/{rng.randrange(3_000_000, 3_700_000)}.{rng.randrange(3_000_000, 3_700_000)}"


JOURNAL_PATTERNS: tuple[tuple[str, DoiMaker], ...] = (
    ("Journal of {s}", _elsevier),
    ("{s} Letters", _aps),
    ("Annals of {s}", _springer),
    ("International Journal of {s}", _tandf),
    ("European Journal of {s}", _wiley),
    ("Nature {s}", _nature),
    ("Frontiers in {s}", _frontiers),
    ("{s} Review", _cup),
    ("Advances in {s}", _mdpi),
    ("{s} Quarterly", _oup),
)

CONFERENCE_PUBLISHERS: tuple[DoiMaker, ...] = (_ieee, _acm)

BOOK_PUBLISHERS: tuple[tuple[str, str, str], ...] = (
    ("Springer", "978-3-030", "10.1007/{isbn}"),
    ("Routledge", "978-0-367", "10.4324/{digits}"),
    ("Oxford University Press", "978-0-19", "10.1093/oso/{digits}.001.0001"),
    ("Cambridge University Press", "978-1-108", "10.1017/{digits}"),
    ("Brill", "978-90-04", "10.1163/{digits}"),
    ("Amsterdam University Press", "978-94-63", "10.5117/{digits}"),
)
"""Name, ISBN prefix, and how the book's DOI is formed from its ISBN; chapters append `_<n>`."""

DATA_REPOSITORIES: tuple[str, ...] = ("Zenodo", "4TU.ResearchData", "DANS Data Station")


def _abbreviation(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[0].isupper() and w not in ("Of", "In")]
    return "".join(w[0] for w in words).lower() + name.split()[-1][:2].lower()


def proceedings(series: Venue, year: int) -> str:
    """The proceedings title of one year's edition of a conference series."""
    return (
        f"Proceedings of the {_ordinal(year - 1985)} International Conference on {series.name} "
        f"({series.abbr.upper()} {year})"
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True, slots=True)
class FieldVenues:
    journals: tuple[Venue, ...]
    conferences: tuple[Venue, ...]
    """Conference series: `name` is the topic and `abbr` the acronym."""


def build_venues(rng: random.Random) -> dict[str, FieldVenues]:
    """Every field's journals and conference series, with ISSNs drawn once per institution."""
    venues: dict[str, FieldVenues] = {}
    for key, spec in FIELDS.items():
        journals = []
        for i, subject in enumerate(spec.journal_subjects):
            for j in range(3):
                pattern, maker = JOURNAL_PATTERNS[(i * 3 + j) % len(JOURNAL_PATTERNS)]
                if maker is _aps and key != "physics":
                    maker = _elsevier
                name = pattern.format(s=subject)
                code = f"{rng.randrange(10_000, 42_000):05d}"
                journals.append(Venue(name, _abbreviation(name), new_issn(rng), code, maker))
        conferences = []
        for k, topic in enumerate(spec.conference_topics):
            acronym = "IC" + "".join(w[0] for w in topic.split() if w[0].isupper())
            maker = CONFERENCE_PUBLISHERS[k % len(CONFERENCE_PUBLISHERS)]
            code = f"{rng.randrange(10_000, 60_000)}"
            conferences.append(Venue(topic, acronym, new_issn(rng), code, maker))
        venues[key] = FieldVenues(tuple(journals), tuple(conferences))
    return venues
