"""How big the synthetic institution is and how often each planted case occurs.

Every share is a probability per record of the stated kind, so a benchmark can say in advance how
many cases of each kind it should find. Shares that concern people (ORCID iD problems, tokens) and
the hard negatives are turned into exact counts, at least one each, so that even a 60-researcher
institution contains every case the tests look for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Presence:
    """Where a true work is recorded, as shares of the works whose lead author has an ORCID record.

    A lead author without a usable ORCID record cannot have ORCID-only works, so their works fall
    back to Pure only; that is why the shares are stated for authors who do have a record.
    """

    both: float = 0.60
    pure_only: float = 0.25
    orcid_only: float = 0.15
    coauthor_on_orcid: float = 0.60
    """For a work on ORCID: the chance that each other institution author also lists it."""


@dataclass(frozen=True, slots=True)
class PureStates:
    """Shares of Pure outputs outside the state Pure's ORCID export requires (validated, public,
    published), because those states explain most Pure-only works in real institutions."""

    not_validated: float = 0.12
    campus: float = 0.04
    backend: float = 0.03
    in_press: float = 0.05
    submitted: float = 0.01
    epub: float = 0.03
    imported_from_orcid: float = 0.10
    """Of the works in both systems: Pure output created by "Import from ORCID", keeping the
    `ORCID /<orcid>/work/<put-code>` id of the lead author's ORCID work."""


@dataclass(frozen=True, slots=True)
class OrcidStates:
    """How ORCID works are sourced and shown."""

    limited: float = 0.08
    private: float = 0.05
    pushed_by_pure: float = 0.80
    """Of the works a permission-granting researcher has validated, public and published in Pure:
    the share the institution's Pure client has already written to ORCID."""
    multi_source: float = 0.20
    """Of the ORCID works with a DOI: the share written by two to four sources that share the DOI,
    so ORCID shows them as one group."""


@dataclass(frozen=True, slots=True)
class Duplicates:
    pure: float = 0.02
    """Share of Pure outputs entered a second time."""
    orcid: float = 0.03
    """Share of ORCID works that the researcher entered again by hand."""
    without_ids: float = 0.5
    """Of the duplicates: the share carrying no identifier at all, findable only by title."""


@dataclass(frozen=True, slots=True)
class Variants:
    """Shares of rendered records (Pure outputs and ORCID works) whose title or DOI is written
    differently from the truth, so the normaliser has something to undo."""

    title: float = 0.20
    doi: float = 0.20


@dataclass(frozen=True, slots=True)
class HardNegatives:
    """Sets of true works that look alike but must not be matched, per 1,000 regular true works."""

    same_title: float = 6.0
    """A conference paper and its journal version: same title, different DOIs and types."""
    correction: float = 3.0
    """A "Correction to: …" note with its own DOI."""
    reply: float = 2.0
    """A "Reply to …" note with its own DOI."""
    book_chapters: float = 2.0
    """A book and two or three of its chapters, the chapters carrying the book's ISBN as part-of."""
    preprint: float = 8.0
    """An arXiv preprint linked to its published version by a version-of DOI."""


@dataclass(frozen=True, slots=True)
class OrcidProblems:
    """Shares of researchers whose ORCID iD in Pure is wrong or unusable."""

    missing: float = 0.15
    missing_with_record: float = 0.5
    """Of the researchers without an iD in Pure: the share who do have an ORCID record."""
    invalid_checksum: float = 0.02
    shared: float = 0.01
    """Share of researchers (counted in pairs) whose Pure iD is also held by another person."""
    deprecated: float = 0.01
    deactivated: float = 0.005
    token: float = 0.45
    """Of the researchers with a sound iD: the share who granted the institution's client
    /read-limited and /activities/update."""


@dataclass(frozen=True, slots=True)
class Planting:
    """All planted-case shares; replace one part with `dataclasses.replace` to vary a benchmark."""

    presence: Presence = field(default_factory=Presence)
    pure: PureStates = field(default_factory=PureStates)
    orcid: OrcidStates = field(default_factory=OrcidStates)
    duplicates: Duplicates = field(default_factory=Duplicates)
    variants: Variants = field(default_factory=Variants)
    hard_negatives: HardNegatives = field(default_factory=HardNegatives)
    orcid_problems: OrcidProblems = field(default_factory=OrcidProblems)


@dataclass(frozen=True, slots=True)
class InstitutionConfig:
    researchers: int = 300
    seed: int = 1
    name: str = "Rijnvliet University"
    mean_works: float = 33.0
    """Mean number of true works led by one researcher; co-authored works come on top."""
    works_sigma: float = 1.0
    """Spread of the log-normal works-per-researcher draw: higher gives a longer Lotka-like tail."""
    max_works: int = 800
    coauthored: float = 0.25
    """Share of true works with more than one institution author."""
    now: dt.datetime = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    """The moment the snapshot is taken: no record is created or modified after it."""
    planting: Planting = field(default_factory=Planting)
