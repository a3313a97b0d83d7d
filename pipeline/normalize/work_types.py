"""One vocabulary of work types for every source: ORCID's work types.

ORCID's list is public, documented and what pushed works must use anyway; Pure type URIs and
BibTeX entry types are mapped into it. An unknown type is not an error: it becomes "other" and
the caller records a warning, so the record still takes part in matching on its other fields.
"""

from __future__ import annotations

ORCID_WORK_TYPES = frozenset(
    [
        "annotation",
        "artistic-performance",
        "blog-post",
        "book-chapter",
        "book-review",
        "book",
        "cartographic-material",
        "clinical-study",
        "conference-abstract",
        "conference-output",
        "conference-paper",
        "conference-poster",
        "conference-presentation",
        "conference-proceedings",
        "data-management-plan",
        "data-set",
        "design",
        "dictionary-entry",
        "disclosure",
        "dissertation-thesis",
        "edited-book",
        "encyclopedia-entry",
        "image",
        "invention",
        "journal-article",
        "journal-issue",
        "learning-object",
        "lecture-speech",
        "license",
        "magazine-article",
        "manual",
        "moving-image",
        "musical-composition",
        "newsletter-article",
        "newspaper-article",
        "online-resource",
        "other",
        "patent",
        "physical-object",
        "preprint",
        "public-speech",
        "registered-copyright",
        "report",
        "research-technique",
        "research-tool",
        "review",
        "software",
        "sound",
        "spin-off-company",
        "standards-and-policy",
        "supervised-student-publication",
        "technical-standard",
        "test",
        "trademark",
        "transcription",
        "translation",
        "website",
        "working-paper",
        "undefined",
    ]
)

_ORCID_ALIASES = {
    # `WorkType.fromValue` accepts these CSL names and the pre-3.0 name.
    "article-journal": "journal-article",
    "chapter": "book-chapter",
    "dataset": "data-set",
    "standard": "standards-and-policy",
    "dissertation": "dissertation-thesis",
}

_PURE_PREFIX = "/dk/atira/pure/researchoutput/researchoutputtypes/"

# Pure type URIs by their last two segments (family/type), as Pure's default classification
# names them; a family alone is the fallback for institution-specific types within it.
_PURE_TYPES = {
    "contributiontojournal/article": "journal-article",
    "contributiontojournal/letter": "journal-article",
    "contributiontojournal/editorial": "journal-article",
    "contributiontojournal/comment": "journal-article",
    "contributiontojournal/shortsurvey": "journal-article",
    "contributiontojournal/systematicreview": "review",
    "contributiontojournal/scientificreview": "review",
    "contributiontojournal/bookreview": "book-review",
    "contributiontojournal/conferencearticle": "conference-paper",
    "contributiontojournal/special": "journal-issue",
    "contributiontobookanthology/chapter": "book-chapter",
    "contributiontobookanthology/entry": "encyclopedia-entry",
    "contributiontobookanthology/conference": "conference-paper",
    "contributiontobookanthology/foreword": "book-chapter",
    "bookanthology/book": "book",
    "bookanthology/anthology": "edited-book",
    "bookanthology/commissioned": "report",
    "bookanthology/report": "report",
    "bookanthology/conferenceproceeding": "conference-proceedings",
    "contributiontoconference/paper": "conference-paper",
    "contributiontoconference/poster": "conference-poster",
    "contributiontoconference/abstract": "conference-abstract",
    "contributiontoconference/speech": "conference-presentation",
    "contributiontoconference/other": "conference-output",
    "contributiontoperiodical/article": "magazine-article",
    "contributiontoperiodical/newspaper": "newspaper-article",
    "workingpaper/workingpaper": "working-paper",
    "workingpaper/preprint": "preprint",
    "workingpaper/discussionpaper": "working-paper",
    "thesis/doc": "dissertation-thesis",
    "thesis/master": "dissertation-thesis",
    "thesis/bachelor": "dissertation-thesis",
    "nontextual/software": "software",
    "nontextual/database": "data-set",
    "nontextual/digitalorvisualproducts": "image",
    "nontextual/performance": "artistic-performance",
    "nontextual/design": "design",
    "patent/patent": "patent",
    "othercontribution/other": "other",
    "contributiontojournal": "journal-article",
    "contributiontobookanthology": "book-chapter",
    "bookanthology": "book",
    "contributiontoconference": "conference-output",
    "contributiontoperiodical": "magazine-article",
    "workingpaper": "working-paper",
    "thesis": "dissertation-thesis",
    "nontextual": "other",
    "patent": "patent",
}

_BIBTEX_TYPES = {
    "article": "journal-article",
    "inproceedings": "conference-paper",
    "conference": "conference-paper",
    "proceedings": "conference-proceedings",
    "book": "book",
    "inbook": "book-chapter",
    "incollection": "book-chapter",
    "booklet": "book",
    "phdthesis": "dissertation-thesis",
    "mastersthesis": "dissertation-thesis",
    "thesis": "dissertation-thesis",
    "techreport": "report",
    "report": "report",
    "manual": "manual",
    "online": "online-resource",
    "electronic": "online-resource",
    "dataset": "data-set",
    "software": "software",
    "patent": "patent",
    "unpublished": "working-paper",
    "misc": "other",
}


def from_orcid(value: str) -> str | None:
    """ORCID's own type (accepting its aliases); None when ORCID would not know it either."""
    name = value.strip().lower().replace("_", "-")
    name = _ORCID_ALIASES.get(name, name)
    return name if name in ORCID_WORK_TYPES else None


def from_pure(uri: str) -> str | None:
    """A Pure research-output type URI, e.g. `…/contributiontojournal/article` → journal-article."""
    if "/dk/atira/pure/dataset/" in uri:
        return "data-set"
    if not uri.startswith(_PURE_PREFIX):
        return None
    parts = uri[len(_PURE_PREFIX) :].strip("/").lower().split("/")
    return _PURE_TYPES.get("/".join(parts[:2])) or _PURE_TYPES.get(parts[0])


def from_bibtex(entry_type: str) -> str | None:
    return _BIBTEX_TYPES.get(entry_type.strip().lower())
