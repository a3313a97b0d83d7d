"""A work as a member client posts it, read with ORCID's validation (`ActivityValidator`), so the
pipeline's push code meets the same 9020/9022/9023/9037 refusals it would meet at ORCID. As in
ORCID's code, any external id satisfies 9023; the `self` id the 3.0 README asks for is what the
duplicate check (9021) keys on.

Only the fields `OrcidWork` models are kept as such; url, short description, citation,
translated title, language and country are kept as ORCID would echo them (`extras`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from sim.model import Author, ExternalId, IdentifierRelationship, OrcidWork, WorkType
from sim.orcid import errors
from sim.orcid.errors import OrcidApiError

WORK_TYPES = [
    "annotation", "artistic-performance", "blog-post", "book-chapter", "book-review", "book",
    "cartographic-material", "clinical-study", "conference-abstract", "conference-output",
    "conference-paper", "conference-poster", "conference-presentation",
    "conference-proceedings", "data-management-plan", "data-set", "design", "dictionary-entry",
    "disclosure", "dissertation-thesis", "edited-book", "encyclopedia-entry", "image",
    "invention", "journal-article", "journal-issue", "learning-object", "lecture-speech",
    "license", "magazine-article", "manual", "moving-image", "musical-composition",
    "newsletter-article", "newspaper-article", "online-resource", "other", "patent",
    "physical-object", "preprint", "public-speech", "registered-copyright", "report",
    "research-technique", "research-tool", "review", "software", "sound",
    "spin-off-company", "standards-and-policy", "supervised-student-publication",
    "technical-standard", "test", "trademark", "transcription", "translation", "website",
    "working-paper", "undefined",
]  # fmt: skip
"""ORCID's `WorkType` values (shared/reference/orcid-api.md §2.4)."""
CSL_ALIASES = {
    "article-journal": "journal-article",
    "chapter": "book-chapter",
    "dataset": "data-set",
    "standard": "standards-and-policy",
}
RELATIONSHIPS = ("self", "part-of", "version-of", "funded-by")
CONTENT_FIELDS = (
    "type",
    "title",
    "subtitle",
    "journal_title",
    "year",
    "month",
    "day",
    "external_ids",
    "contributors",
)
"""The fields `IncomingWork` shares with `OrcidWork`, by the same names."""


@dataclass(slots=True)
class IncomingWork:
    put_code: int | None
    visibility: str | None
    title: str
    subtitle: str | None
    journal_title: str | None
    type: WorkType
    year: int | None
    month: int | None
    day: int | None
    external_ids: list[ExternalId]
    contributors: list[Author]
    extras: dict[str, Any] = field(default_factory=dict)

    def content(self) -> dict[str, Any]:
        """The `OrcidWork` fields this body sets, by name: what a POST creates a work from and
        a PUT replaces."""
        return {name: getattr(self, name) for name in CONTENT_FIELDS}

    def same_content(self, work: OrcidWork) -> bool:
        """An unchanged PUT is a no-op at ORCID and must not move last-modified."""
        return all(getattr(work, name) == value for name, value in self.content().items())


def _text(node: Any) -> str | None:
    """`{"value": "x"}` as ORCID writes it, or a bare string as ORCID's own samples sometimes do."""
    if isinstance(node, dict):
        node = node.get("value")
    return node.strip() or None if isinstance(node, str) else None


def _wrapped(node: Any) -> dict[str, Any] | None:
    text = _text(node)
    return None if text is None else {"value": text}


def _date_part(node: Any, name: str, digits: int) -> int | None:
    text = _text(node)
    if text is None:
        return None
    if not text.isdigit():
        raise OrcidApiError(errors.invalid_enum(f"publication date -> {name}", ["integers"]))
    if len(text) != digits:
        raise OrcidApiError(
            errors.invalid_message(f"Invalid {name} {text} please specify a {digits} digits value")
        )
    return int(text)


def _publication_date(node: Any) -> tuple[int | None, int | None, int | None]:
    date = node if isinstance(node, dict) else {}
    year = _date_part(date.get("year"), "year", 4)
    month = _date_part(date.get("month"), "month", 2)
    day = _date_part(date.get("day"), "day", 2)
    if year is None and (month is not None or day is not None):
        raise OrcidApiError(errors.invalid_message("Invalid date, please specify a year element"))
    if month is None and day is not None:
        raise OrcidApiError(errors.invalid_message("Invalid date, please specify a month element"))
    return year, month, day


def _external_ids(node: Any) -> list[ExternalId]:
    items = node.get("external-id") if isinstance(node, dict) else None
    result = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        relationship = str(item.get("external-id-relationship") or "").lower()
        if relationship not in RELATIONSHIPS:
            raise OrcidApiError(errors.bad_request(f"Invalid relationship: {relationship}"))
        result.append(
            ExternalId(
                type=str(item.get("external-id-type") or "").lower(),
                value=_text(item.get("external-id-value")) or "",
                relationship=cast(IdentifierRelationship, relationship),
                url=_text(item.get("external-id-url")),
            )
        )
    return result


def _contributors(node: Any) -> list[Author]:
    items = node.get("contributor") if isinstance(node, dict) else None
    authors = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        given, _, family = (_text(item.get("credit-name")) or "").rpartition(" ")
        orcid = item.get("contributor-orcid")
        authors.append(
            Author(
                given_names=given,
                family_name=family,
                orcid=orcid.get("path") if isinstance(orcid, dict) else None,
            )
        )
    return authors


def parse_work(body: Any) -> IncomingWork:
    if not isinstance(body, dict):
        raise OrcidApiError(errors.invalid_json("the body is not a work object"))
    title_node = body.get("title") if isinstance(body.get("title"), dict) else {}
    title = _text(title_node.get("title"))
    if title is None:
        raise OrcidApiError(errors.title_required())
    work_type = CSL_ALIASES.get(str(body.get("type")), str(body.get("type")))
    if work_type not in WORK_TYPES:
        raise OrcidApiError(errors.invalid_enum("work type", WORK_TYPES))
    year, month, day = _publication_date(body.get("publication-date"))
    external_ids = _external_ids(body.get("external-ids"))
    if not external_ids:
        raise OrcidApiError(errors.external_id_required())
    put_code = body.get("put-code")
    if put_code is not None and not str(put_code).isdigit():
        raise OrcidApiError(errors.bad_request(f'For input string: "{put_code}"'))
    extras = {
        "url": _wrapped(body.get("url")),
        "short-description": _text(body.get("short-description")),
        "citation": body.get("citation") if isinstance(body.get("citation"), dict) else None,
        "language-code": _text(body.get("language-code")),
        "country": _wrapped(body.get("country")),
        "translated-title": (
            title_node["translated-title"]
            if isinstance(title_node.get("translated-title"), dict)
            else None
        ),
    }
    return IncomingWork(
        put_code=None if put_code is None else int(put_code),
        visibility=_text(body.get("visibility")),
        title=title,
        subtitle=_text(title_node.get("subtitle")),
        journal_title=_text(body.get("journal-title")),
        type=cast(WorkType, work_type),
        year=year,
        month=month,
        day=day,
        external_ids=external_ids,
        contributors=_contributors(body.get("contributors")),
        extras={k: v for k, v in extras.items() if v is not None},
    )
