"""The synthetic institution as plain records: the contract between the generator and the servers.

The generator (`sim.institution`) builds one `Institution`; the ORCID and Pure simulators render
its records into the real wire formats and never invent data of their own. Every record that a
simulator serves carries the id of the hidden `TrueWork` it was derived from, so the benchmarks can
score the pipeline against the right answer. Records are slotted dataclasses because a
10,000-researcher institution holds more than half a million of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

WorkType = Literal[
    "journal-article",
    "conference-paper",
    "book",
    "book-chapter",
    "edited-book",
    "report",
    "dissertation-thesis",
    "preprint",
    "data-set",
    "software",
    "review",
    "other",
]
"""The generator's work types, named as ORCID names them; each simulator maps them to its own."""

OrcidVisibility = Literal["public", "limited", "private"]
PureVisibility = Literal["FREE", "CAMPUS", "BACKEND"]
PureWorkflowStep = Literal["entryInProgress", "forValidation", "approved"]
PublicationStatus = Literal["published", "epub", "inpress", "submitted"]
OrcidRecordStatus = Literal["active", "deprecated", "deactivated"]
IdentifierRelationship = Literal["self", "part-of", "version-of", "funded-by"]


@dataclass(slots=True, frozen=True)
class OrgUnit:
    uuid: str
    pure_id: int
    name: str
    kind: Literal["university", "faculty", "department"]
    parent_uuid: str | None


@dataclass(slots=True, frozen=True)
class Author:
    """One author of a true work: an institution member (person_uuid set) or an outsider."""

    given_names: str
    family_name: str
    person_uuid: str | None = None
    orcid: str | None = None


@dataclass(slots=True, frozen=True)
class ExternalId:
    """An identifier as one source writes it: `value` is the raw text, variants included."""

    type: str
    value: str
    relationship: IdentifierRelationship = "self"
    url: str | None = None


@dataclass(slots=True)
class TrueWork:
    """The hidden truth: one real-world work, from which Pure outputs and ORCID works derive."""

    id: int
    type: WorkType
    title: str
    subtitle: str | None
    year: int
    month: int | None
    day: int | None
    venue: str | None
    issn: str | None
    isbn: str | None
    doi: str | None
    pmid: str | None
    arxiv: str | None
    eid: str | None
    language: str
    authors: list[Author]
    version_of: int | None = None
    """For a preprint: the id of the published work it is a version of."""
    part_of: int | None = None
    """For a chapter: the id of the book that contains it."""
    note_on: int | None = None
    """For a correction or reply: the id of the work it comments on."""
    planted: list[str] = field(default_factory=list)
    """Tags naming the planted cases this work takes part in, e.g. "hard-negative:same-title"."""


@dataclass(slots=True)
class Person:
    """A researcher as Pure holds them, with the ORCID iD as Pure stores it (possibly wrong)."""

    uuid: str
    pure_id: int
    given_names: str
    family_name: str
    org_unit_uuids: list[str]
    orcid: str | None
    """The iD in Pure: None, valid, with a bad check digit, shared, deprecated or deactivated."""
    orcid_problem: Literal[
        "none", "missing", "invalid-checksum", "shared", "deprecated", "deactivated"
    ] = "none"
    employee_id: str | None = None
    modified: dt.datetime = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    email: str | None = None
    """The address of their staff association, as Pure lists it; some have none."""
    nationality: str | None = None
    """The country code of the nationality Pure records (`nl`); None when Pure has none."""


@dataclass(slots=True)
class PureOutput:
    """One research output in Pure."""

    uuid: str
    pure_id: int
    true_work_id: int
    type: WorkType
    title: str
    subtitle: str | None
    year: int
    month: int | None
    day: int | None
    publication_status: PublicationStatus
    workflow_step: PureWorkflowStep
    visibility: PureVisibility
    person_uuids: list[str]
    """The institution's persons among the authors, in author order."""
    authors: list[Author]
    venue: str | None
    issn: str | None
    isbns: list[str]
    doi: str | None
    """As Pure holds it: URL form in WS 5.24, bare in the Pure API, variants planted."""
    additional_ids: list[ExternalId]
    """PubMed, Scopus and the `ORCID /<orcid>/work/<put-code>` id of works imported from ORCID."""
    language: str
    created: dt.datetime
    modified: dt.datetime
    version: str = "1"
    """The optimistic-locking token of the Pure API's PUT."""
    planted: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OrcidWork:
    """One work on an ORCID record, from one source."""

    put_code: int
    orcid: str
    true_work_id: int
    type: WorkType
    title: str
    subtitle: str | None
    journal_title: str | None
    year: int | None
    month: int | None
    day: int | None
    external_ids: list[ExternalId]
    contributors: list[Author]
    visibility: OrcidVisibility
    source_client_id: str | None
    """The member client that wrote it (Crossref, DataCite, Scopus, the institution's Pure)."""
    source_name: str
    """The client's name, or the researcher's own name for works they entered."""
    created: dt.datetime
    last_modified: dt.datetime
    planted: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OrcidToken:
    """An access token the institution holds for one researcher (or its own client token)."""

    access_token: str
    refresh_token: str
    orcid: str | None
    scopes: list[str]
    expires_at: dt.datetime
    revoked: bool = False


@dataclass(slots=True)
class OrcidRecord:
    orcid: str
    given_names: str
    family_name: str
    status: OrcidRecordStatus
    primary_orcid: str | None
    """For a deprecated iD: the primary iD it was merged into."""
    deactivation_date: dt.datetime | None
    last_modified: dt.datetime
    works: list[OrcidWork]


@dataclass(slots=True)
class MemberClient:
    """A registered ORCID member API client: the institution's own, or Crossref, Scopus…"""

    client_id: str
    client_secret: str
    name: str


@dataclass(slots=True)
class Institution:
    """Everything both simulators serve, plus the truth they were derived from."""

    seed: int
    name: str
    org_units: list[OrgUnit]
    persons: list[Person]
    true_works: dict[int, TrueWork]
    pure_outputs: list[PureOutput]
    orcid_records: dict[str, OrcidRecord]
    clients: list[MemberClient]
    """The first client is the institution's own (its Pure instance's ORCID integration)."""
    tokens: list[OrcidToken]
    pure_api_key: str
