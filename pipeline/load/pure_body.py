"""Pure API bodies for what the load stage proposes: a research output made from public ORCID
works (one per work, however many of the institution's researchers list it), and an output
given the DOI its matched ORCID work has.

A proposal enters Pure in workflow step `forApproval`, so that Pure's own approvers validate
it: the pipeline never writes a validated output. It carries, for each ORCID record it was made
from, the `PrimaryId` with `idSource` "ORCID" and value `/<orcid>/work/<put-code>` that Pure
itself keeps on works imported from ORCID (Utrecht `book.json`), so that the next night's
matching links the new output to those works and no night proposes them again.

Pure needs its own records for whatever an output refers to: the researchers (persons), their
units, the journal. Co-authors outside the institution would need external persons created
first, so the output names the institution's researchers as contributors and keeps ORCID's
author list in its bibliographical note for the approver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.sources.pure.writer import JournalRef

RO = "/dk/atira/pure/researchoutput"
CATEGORY = f"{RO}/category/academic"
FOR_APPROVAL = "forApproval"
LOCALE = "en_GB"


@dataclass(frozen=True, slots=True)
class PureType:
    """Where an ORCID work type goes in Pure's default classification."""

    path: str
    discriminator: str
    role: str = "author"

    @property
    def uri(self) -> str:
        return f"{RO}/researchoutputtypes/{self.path}"

    @property
    def role_uri(self) -> str:
        return f"{RO}/roles/{self.path.split('/')[0]}/{self.role}"

    @property
    def in_journal(self) -> bool:
        return self.discriminator == "ContributionToJournal"

    @property
    def in_book(self) -> bool:
        return self.discriminator == "ContributionToBookAnthology"


OTHER = PureType("othercontribution/other", "OtherContribution")
PURE_TYPES: dict[str, PureType] = {
    "journal-article": PureType("contributiontojournal/article", "ContributionToJournal"),
    "review": PureType("contributiontojournal/systematicreview", "ContributionToJournal"),
    "conference-paper": PureType(
        "contributiontobookanthology/conference", "ContributionToBookAnthology"
    ),
    "book-chapter": PureType("contributiontobookanthology/chapter", "ContributionToBookAnthology"),
    "book": PureType("bookanthology/book", "BookAnthology"),
    "edited-book": PureType("bookanthology/anthology", "BookAnthology", role="editor"),
    "report": PureType("bookanthology/commissioned", "BookAnthology"),
    "dissertation-thesis": PureType("thesis/doc", "Thesis"),
    "preprint": PureType("workingpaper/preprint", "WorkingPaper"),
    "working-paper": PureType("workingpaper/preprint", "WorkingPaper"),
    "data-set": PureType("nontextual/database", "NonTextual"),
    "software": PureType("nontextual/software", "NonTextual"),
}
"""ORCID work types → Pure types (the inverse of pipeline.normalize.work_types for the types
Pure's default classification has); anything else is an "Other contribution"."""

LANGUAGES = {
    "en": "en_GB",
    "nl": "nl_NL",
    "de": "de_DE",
    "fr": "fr_FR",
    "es": "es_ES",
    "it": "it_IT",
    "pt": "pt_PT",
    "sv": "sv_SE",
    "da": "da_DK",
    "zh": "zh_CN",
    "ja": "ja_JP",
}
"""ORCID language codes → Pure's language classification; others are "und" (Undefined)."""


@dataclass(frozen=True, slots=True)
class Researcher:
    """One of the institution's researchers who lists the work, as Pure knows them."""

    person_uuid: str
    given_names: str | None
    family_name: str | None
    org_unit_ids: tuple[str, ...]
    faculty: str | None


@dataclass
class Proposal:
    """One work to create in Pure: its ORCID records (of every researcher who lists it) and
    the fields of the record that speaks for it."""

    orcid_records: list[str]
    title: str
    subtitle: str | None
    work_type: str
    pub_year: int | None
    pub_month: int | None
    pub_day: int | None
    venue: str | None
    issn: str | None
    isbn: str | None
    language: str | None
    doi: str | None
    authors: list[str]
    researchers: list[Researcher] = field(default_factory=list)

    @property
    def pure_type(self) -> PureType:
        """The Pure type; a contribution to a book Pure cannot name the book of is "other"."""
        chosen = PURE_TYPES.get(self.work_type, OTHER)
        return OTHER if chosen.in_book and not self.venue else chosen

    @property
    def managing_unit(self) -> str | None:
        return next((u for r in self.researchers for u in r.org_unit_ids), None)


def create_body(proposal: Proposal, journal: JournalRef | None, run_id: int) -> dict[str, Any]:
    """The `PUT /research-outputs` body: the OpenAPI `ResearchOutput` subtype of its type,
    with no read-only property (uuid, pureId, version, dates) — Pure sets those."""
    kind = proposal.pure_type
    body: dict[str, Any] = {
        "typeDiscriminator": kind.discriminator,
        "title": {"value": proposal.title},
        "type": {"uri": kind.uri},
        "category": {"uri": CATEGORY},
        "language": {"uri": f"/dk/atira/pure/core/languages/{_language(proposal.language)}"},
        "publicationStatuses": [_status(proposal)],
        "contributors": [_contributor(r, kind) for r in proposal.researchers],
        "managingOrganization": {"systemName": "Organization", "uuid": proposal.managing_unit},
        "organizations": [
            {"systemName": "Organization", "uuid": unit}
            for unit in dict.fromkeys(u for r in proposal.researchers for u in r.org_unit_ids)
        ],
        "visibility": {"key": "FREE"},
        "workflow": {"step": FOR_APPROVAL},
        "identifiers": [
            {"typeDiscriminator": "PrimaryId", "idSource": "ORCID", "value": f"/{record}"}
            for record in proposal.orcid_records
        ],
        "bibliographicalNote": {LOCALE: _note(proposal, run_id)},
    }
    if proposal.subtitle:
        body["subTitle"] = {"value": proposal.subtitle}
    if proposal.doi:
        body["electronicVersions"] = [doi_version(proposal.doi)]
    if kind.in_journal and journal is not None:
        association: dict[str, Any] = {"journal": {"systemName": "Journal", "uuid": journal.uuid}}
        if journal.title_pure_id is not None:
            association["title"] = {"pureId": journal.title_pure_id}
        if journal.issn_pure_id is not None:
            association["issn"] = {"pureId": journal.issn_pure_id}
        body["journalAssociation"] = association
    if kind.in_book:
        body["hostPublicationTitle"] = {"value": proposal.venue}
    if proposal.isbn and kind.discriminator in ("BookAnthology", "ContributionToBookAnthology"):
        body["printISBNs"] = [proposal.isbn]
    return body


def doi_version(doi: str) -> dict[str, Any]:
    """A DOI as the Pure API holds it: bare (`10.…`), in a `DoiElectronicVersion`."""
    return {"typeDiscriminator": "DoiElectronicVersion", "doi": doi}


def with_doi(record: dict[str, Any], doi: str) -> dict[str, Any]:
    """The output as read, with the DOI added, to PUT back whole (as Pure's own clients do,
    svidmar's DOI corrector among them), `version` included so a concurrent edit wins."""
    updated = dict(record)
    updated["electronicVersions"] = [*(record.get("electronicVersions") or []), doi_version(doi)]
    return updated


def has_doi(record: dict[str, Any]) -> bool:
    versions = [v for v in record.get("electronicVersions") or [] if isinstance(v, dict)]
    return any(
        v.get("typeDiscriminator") == "DoiElectronicVersion" and v.get("doi") for v in versions
    )


def _language(code: str | None) -> str:
    return LANGUAGES.get((code or "").split("_")[0].split("-")[0].lower(), "und")


def _status(proposal: Proposal) -> dict[str, Any]:
    status: dict[str, Any] = {"publicationStatus": {"uri": f"{RO}/status/published"}}
    if proposal.pub_year is not None:
        date: dict[str, Any] = {"year": proposal.pub_year}
        if proposal.pub_month is not None:
            date["month"] = proposal.pub_month
            if proposal.pub_day is not None:
                date["day"] = proposal.pub_day
        status["publicationDate"] = date
    return status


def _contributor(researcher: Researcher, kind: PureType) -> dict[str, Any]:
    contributor: dict[str, Any] = {
        "typeDiscriminator": "InternalContributorAssociation",
        "name": {
            "firstName": researcher.given_names or "",
            "lastName": researcher.family_name or "",
        },
        "role": {"uri": kind.role_uri},
        "person": {"systemName": "Person", "uuid": researcher.person_uuid},
    }
    if researcher.org_unit_ids:
        contributor["organizations"] = [
            {"systemName": "Organization", "uuid": unit} for unit in researcher.org_unit_ids
        ]
    return contributor


def _note(proposal: Proposal, run_id: int) -> str:
    authors = "; ".join(a for a in proposal.authors if a) or "none listed"
    venue = f" Published in: {proposal.venue}." if proposal.venue else ""
    return (
        f"Proposed from ORCID ({', '.join(proposal.orcid_records)}) by pure-orcid-sync, run "
        f"{run_id}. Authors as listed on ORCID: {authors}.{venue}"
    )
