"""How a night is cut into units of work: batches of researchers, so that the ORCID extraction
(whose rate limit is the floor of a night) hides everything else behind it.

The sources page differently. Pure pages through whole collections in its own order, so a
researcher's Pure outputs are all staged only when the scan of outputs has ended; ORCID is read
researcher by researcher. So a night reads Pure's units and persons first (a few pages: they say
who the researchers are and which iDs to read), then reads the outputs while ORCID reads the
researchers a batch at a time; a batch of researchers is matched as soon as its ORCID records
and all of Pure are staged. Pure's scan is several times shorter than ORCID's, so every batch
but those ORCID finished before Pure did is matched right after it is read, and when the last
ORCID batch is staged only that batch is left to match.

A batch is a set of iDs (in the order ORCID reads them) and the researchers whose iD it is: a
researcher's ORCID works are staged when their own iD is read (a deprecated iD is followed to its
primary then), and researchers who share an iD fall in one batch. Researchers without an iD to
read need only Pure; they are matched when Pure is done.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine

from pipeline.db.queries import query
from pipeline.normalize.identifiers import orcid as valid_orcid

OVERLAPPED = ("extract-pure", "extract-orcid", "match")
"""The stages a night runs at the same time, batch by batch; validation and publishing need
their whole result and follow them."""


@dataclass(frozen=True)
class ResearcherBatch:
    number: int
    orcids: list[str]
    """The iDs to read from ORCID, in order."""
    persons: list[str]
    """The Pure persons to match once these iDs and all of Pure are staged."""


def researcher_batches(
    engine: Engine, targets: list[str], size: int
) -> tuple[list[ResearcherBatch], list[str]]:
    """The iDs to read cut into batches of `size`, each with its researchers; and the
    researchers whose iD is not read (none, or not valid), who need only Pure."""
    batch_of = {orcid: index // size for index, orcid in enumerate(targets)}
    persons: dict[int, list[str]] = defaultdict(list)
    without: list[str] = []
    with engine.connect() as connection:
        for person, stored in connection.execute(query("match/people")):
            number = batch_of.get(valid_orcid(stored or "") or "")
            (without if number is None else persons[number]).append(person)
    batches = [
        ResearcherBatch(
            number, targets[number * size : (number + 1) * size], sorted(persons[number])
        )
        for number in range(-(-len(targets) // size))
    ]
    return batches, sorted(without)
