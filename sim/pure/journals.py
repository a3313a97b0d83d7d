"""The journals of the simulated Pure: every journal its outputs are published in.

Pure keeps journals as records of their own (`/journals`), which an output refers to by uuid and
whose title and ISSN it refers to by pureId. The model only has each output's venue text and
ISSN, so the journals are derived from them, with the same derived ids the renderers print.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sim.model import PureOutput
from sim.pure import vocabulary as vocab
from sim.pure.derived import stable_pure_id, stable_uuid


@dataclass(frozen=True, slots=True)
class Journal:
    uuid: str
    title: str | None
    issn: str | None

    @property
    def title_pure_id(self) -> int | None:
        return stable_pure_id("journal-title", self.title) if self.title else None

    @property
    def issn_pure_id(self) -> int | None:
        return stable_pure_id("issn", self.issn) if self.issn else None


def journal_of(output: PureOutput) -> Journal:
    """The journal an output hosted in one is published in (keyed as `_journal_association`)."""
    key = output.venue or output.issn or output.uuid
    return Journal(stable_uuid("journal", key), output.venue, output.issn)


def journals(outputs: Iterable[PureOutput]) -> dict[str, Journal]:
    found: dict[str, Journal] = {}
    for output in outputs:
        if vocab.OUTPUT_TYPES[output.type].hosted_in_journal and (output.venue or output.issn):
            journal = journal_of(output)
            found.setdefault(journal.uuid, journal)
    return found


def render(journal: Journal) -> dict[str, Any]:
    """A `/journals` record (OpenAPI `Journal`: `titles`, `type`, `workflow` required)."""
    record: dict[str, Any] = {
        "pureId": stable_pure_id("journal", journal.uuid),
        "uuid": journal.uuid,
        "titles": [{"pureId": journal.title_pure_id, "title": journal.title}]
        if journal.title
        else [],
        "type": {
            "uri": "/dk/atira/pure/journal/journaltypes/journal/journal",
            "term": {vocab.LOCALE: "Journal"},
        },
        "workflow": {"step": "approved", "description": {vocab.LOCALE: "Approved"}},
        "systemName": "Journal",
    }
    if journal.issn:
        record["issns"] = [{"pureId": journal.issn_pure_id, "issn": journal.issn}]
    return record


def matches(journal: Journal, needle: str) -> bool:
    """Pure's search finds a journal by any of its titles or ISSNs."""
    needle = needle.casefold()
    return any(needle in text.casefold() for text in (journal.title, journal.issn) if text)
