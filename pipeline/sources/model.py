"""The one shape every source is parsed into: Pure outputs, ORCID works and BibTeX entries alike.

Matching, validation and reporting only ever see these records, so a new source (another CRIS,
another export format) needs a parser and nothing else. Parsers never drop what they can
recover: they keep the record and say what was wrong in `warnings`; what they cannot recover
becomes a `RecordError` naming the record and the field, and the other records go on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Source = Literal["pure", "orcid", "bibtex"]
Relationship = Literal["self", "part-of", "version-of", "funded-by"]


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier of a work, named with ORCID's external-id types (doi, isbn, pmid, eid…)."""

    type: str
    raw: str
    """Exactly as the source wrote it."""
    normalised: str | None
    """The comparable form (see `pipeline.normalize.identifiers`); None when it is not valid."""
    relationship: Relationship = "self"


def unique_identifiers(candidates: Iterable[Identifier], warnings: list[str]) -> list[Identifier]:
    """In source order, each once, however each was written: Pure often holds one DOI both as
    a version and as a link, a BibTeX entry in `doi` and in `url`. Each invalid one is warned."""
    result: list[Identifier] = []
    seen: set[tuple[str, str, str]] = set()
    for found in candidates:
        key = (found.type, found.relationship, found.normalised or found.raw)
        if key in seen:
            continue
        seen.add(key)
        if found.normalised is None:
            warnings.append(f"{found.type}: {found.raw!r} is not a valid {found.type}")
        result.append(found)
    return result


@dataclass(frozen=True, slots=True)
class Contributor:
    order: int
    """Position in the author list, from 1."""
    name: str
    """The name as displayed (Unicode, LaTeX decoded)."""
    given_names: str | None = None
    family_name: str | None = None
    orcid: str | None = None
    pure_person_id: str | None = None
    """The Pure UUID of an institution member."""
    role: str | None = None
    """author, editor, … as the source calls it."""


@dataclass(slots=True)
class Work:
    source: Source
    source_record_id: str
    """Pure: the output's UUID; ORCID: `<orcid>/work/<put-code>`; BibTeX: `<file>#<key>`."""
    owner_id: str | None
    """Whose record this is: the ORCID iD of an ORCID work, the person id given for a BibTeX file;
    None for a Pure output, which belongs to each institution member among its contributors."""
    title: str | None
    subtitle: str | None = None
    type: str | None = None
    """One vocabulary for all sources: ORCID's work types (see `pipeline.normalize.work_types`)."""
    source_type: str | None = None
    """The type as the source named it: a Pure type URI, an ORCID type, a BibTeX entry type."""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    venue: str | None = None
    """Journal, book, proceedings or publisher the work appeared in."""
    language: str | None = None
    identifiers: list[Identifier] = field(default_factory=list)
    """Every identifier, the venue's ISSN and a chapter's book ISBN included (as part-of)."""
    contributors: list[Contributor] = field(default_factory=list)
    orcid_put_code: int | None = None
    orcid_source_client: str | None = None
    """The client id of the member API client that wrote the work; None if the researcher did."""
    orcid_source_name: str | None = None
    orcid_visibility: str | None = None
    pure_workflow_step: str | None = None
    pure_visibility: str | None = None
    pure_publication_status: str | None = None
    warnings: list[str] = field(default_factory=list)
    """Problems recovered from, each naming the field: "year: '2019a' read as 2019"."""

    def identifier_values(self, type_: str) -> list[str]:
        """The normalised values of one identifier type, in source order, without repeats."""
        values = (i.normalised for i in self.identifiers if i.type == type_ and i.normalised)
        return list(dict.fromkeys(values))


@dataclass(frozen=True, slots=True)
class OrgUnit:
    source_record_id: str
    name: str
    kind: str | None
    parent_id: str | None


@dataclass(slots=True)
class Person:
    """A researcher as Pure (or ORCID) knows them."""

    source: Source
    source_record_id: str
    given_names: str | None
    family_name: str | None
    orcid: str | None
    """As stored by the source, not yet checked: reports show the invalid ones."""
    org_unit_ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    """The addresses of the person's staff associations, in the source's order: where the
    research office writes to them."""
    nationality: str | None = None
    """The country code Pure records for their nationality (`nl`), a hint of their language."""


class RecordError(ValueError):
    """A record that could not be read at all. It names the record and the field."""

    def __init__(self, record_id: str, field: str, message: str) -> None:
        super().__init__(f"record {record_id}: {field}: {message}")
        self.record_id = record_id
        self.field = field
        self.message = message


Parsed = Work | RecordError
"""What a parser yields for each record: the work, or why there is none."""
