"""Pure's classification URIs and their English terms, shared by both API generations.

Both generations name the same classification by the same URI and differ only in how they wrap
the term, so the URIs live here once and each renderer wraps them its own way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.model import PublicationStatus, PureVisibility, PureWorkflowStep, WorkType

LOCALE = "en_GB"
"""The submission locale of the simulated instance (a European university, like Utrecht)."""

RO_TYPES = "/dk/atira/pure/researchoutput/researchoutputtypes"
RO_ROLES = "/dk/atira/pure/researchoutput/roles"
RO_STATUS = "/dk/atira/pure/researchoutput/status"
CATEGORY_URI = "/dk/atira/pure/researchoutput/category/academic"
CATEGORY_TERM = "Academic"
DOI_VERSION_URI = "/dk/atira/pure/researchoutput/electronicversion/versiontype/publishersversion"
DOI_VERSION_TERM = "Final published version"
EMPLOYEE_ID_URI = "/dk/atira/pure/person/personsources/employee"
EMAIL_URI = "/dk/atira/pure/person/personemailtype/email"
COUNTRY_URI = "/dk/atira/pure/core/countries/"
COUNTRIES = {
    "nl": "Netherlands",
    "be": "Belgium",
    "de": "Germany",
    "gb": "United Kingdom",
    "it": "Italy",
    "es": "Spain",
    "cn": "China",
    "in": "India",
    "us": "United States",
}
"""The nationalities the simulated institution's people have, with Pure's English terms."""
RO_FAMILY = "dk.atira.pure.api.shared.model.researchoutput.ResearchOutput"
PERSON_FAMILY = "dk.atira.pure.api.shared.model.person.Person"


@dataclass(frozen=True, slots=True)
class OutputType:
    """How Pure classifies one of the generator's work types."""

    path: str
    """The type URI below `RO_TYPES`, e.g. "contributiontojournal/article"."""
    term: str
    discriminator: str
    """The Pure API `typeDiscriminator`; also names the WS 5.24 subtype (`WS<discriminator>`)."""
    bibtex: str
    """The entry type of Pure's BibTeX export."""
    role: str = "author"

    @property
    def uri(self) -> str:
        return f"{RO_TYPES}/{self.path}"

    @property
    def role_uri(self) -> str:
        return f"{RO_ROLES}/{self.path.split('/')[0]}/{self.role}"

    @property
    def hosted_in_journal(self) -> bool:
        return self.discriminator == "ContributionToJournal"

    @property
    def hosted_in_book(self) -> bool:
        return self.discriminator == "ContributionToBookAnthology"


OUTPUT_TYPES: dict[WorkType, OutputType] = {
    "journal-article": OutputType(
        "contributiontojournal/article", "Article", "ContributionToJournal", "article"
    ),
    "review": OutputType(
        "contributiontojournal/systematicreview",
        "Review article",
        "ContributionToJournal",
        "article",
    ),
    "conference-paper": OutputType(
        "contributiontobookanthology/conference",
        "Conference contribution",
        "ContributionToBookAnthology",
        "inproceedings",
    ),
    "book-chapter": OutputType(
        "contributiontobookanthology/chapter", "Chapter", "ContributionToBookAnthology", "inbook"
    ),
    "book": OutputType("bookanthology/book", "Book", "BookAnthology", "book"),
    "edited-book": OutputType(
        "bookanthology/anthology", "Anthology", "BookAnthology", "book", role="editor"
    ),
    "report": OutputType(
        "bookanthology/commissioned", "Commissioned report", "BookAnthology", "book"
    ),
    "dissertation-thesis": OutputType("thesis/doc", "Doctoral Thesis", "Thesis", "phdthesis"),
    "preprint": OutputType("workingpaper/preprint", "Preprint", "WorkingPaper", "misc"),
    "data-set": OutputType("nontextual/database", "Database", "NonTextual", "misc"),
    "software": OutputType("nontextual/software", "Software", "NonTextual", "misc"),
    "other": OutputType(
        "othercontribution/other", "Other contribution", "OtherContribution", "misc"
    ),
}

TYPE_BY_URI: dict[str, WorkType] = {t.uri: work_type for work_type, t in OUTPUT_TYPES.items()}

STATUS_TERMS: dict[PublicationStatus, str] = {
    "published": "Published",
    "epub": "E-pub ahead of print",
    "inpress": "Accepted/In press",
    "submitted": "Submitted",
}

VISIBILITY_TERMS: dict[PureVisibility, str] = {
    "FREE": "Public - No restriction",
    "CAMPUS": "Campus - Restricted to users on campus",
    "BACKEND": "Backend - Restricted to Pure users",
}

WS_WORKFLOW_TERMS: dict[PureWorkflowStep, str] = {
    "entryInProgress": "Entry in progress",
    "forValidation": "For validation",
    "approved": "Validated",
}

API_WORKFLOW: dict[PureWorkflowStep, tuple[str, str]] = {
    "entryInProgress": ("entryInProgress", "Entry in progress"),
    "forValidation": ("forApproval", "For approval"),
    "approved": ("validated", "Validated"),
}
"""The Pure API names the steps differently from the WS: WS `approved` is API `validated`."""

WORKFLOW_BY_API_STEP: dict[str, PureWorkflowStep] = {
    step: key for key, (step, _) in API_WORKFLOW.items()
}

ORG_TYPES: dict[str, tuple[str, str]] = {
    kind: (f"/dk/atira/pure/organisation/organisationtypes/organisation/{kind}", kind.title())
    for kind in ("university", "faculty", "department")
}

_LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("en_GB", "English"),
    "nl": ("nl_NL", "Dutch"),
    "de": ("de_DE", "German"),
    "fr": ("fr_FR", "French"),
    "es": ("es_ES", "Spanish"),
    "it": ("it_IT", "Italian"),
    "pt": ("pt_PT", "Portuguese"),
    "sv": ("sv_SE", "Swedish"),
    "da": ("da_DK", "Danish"),
    "zh": ("zh_CN", "Chinese"),
    "ja": ("ja_JP", "Japanese"),
}
_UNKNOWN_LANGUAGE = ("und", "Undefined/Unknown")


def language(code: str) -> tuple[str, str]:
    """Map the generator's language ("en", "en_GB", "English") to Pure's URI suffix and term.

    Anything unrecognised becomes Pure's "Undefined/Unknown", which is also what Pure shows for
    a third of TU Delft's BibTeX entries.
    """
    key = code.strip().lower().replace("-", "_")
    if key.split("_")[0] in _LANGUAGES:
        return _LANGUAGES[key.split("_")[0]]
    for suffix, term in _LANGUAGES.values():
        if term.lower() == key:
            return suffix, term
    return _UNKNOWN_LANGUAGE


def language_uri(code: str) -> str:
    return f"/dk/atira/pure/core/languages/{language(code)[0]}"


_ID_SOURCES = {
    "pmid": "PubMed",
    "pubmed": "PubMed",
    "pmc": "PubMedCentral",
    "pmcid": "PubMedCentral",
    "eid": "Scopus",
    "scopus": "Scopus",
    "orcid": "ORCID",
    "orcid-work": "ORCID",
    "orcid-put-code": "ORCID",
    "wos": "WOS",
    "isi": "WOS",
}


def id_source(kind: str) -> str:
    """Pure's `idSource` for an identifier type; unknown types keep the generator's name."""
    return _ID_SOURCES.get(kind.strip().lower(), kind)
