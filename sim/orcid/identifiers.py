"""ORCID's identifier normalisers and work grouping, ported so that the simulator groups works
and flags duplicates exactly where ORCID would; the pipeline's matcher is scored against this.

Patterns are ORCID-Source `orcid-core/.../utils/v3/identifiers/normalizers/*.java`; the case
normaliser runs first and lower-cases the types ORCID's identifier table marks case-insensitive
(that table lives in ORCID's database, so `CASE_INSENSITIVE` is our reading of it).
Grouping is `ActivitiesGroupGenerator`: shared groupable id → same group, transitively.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from sim.model import ExternalId, OrcidWork

CASE_INSENSITIVE = frozenset({"doi", "eid", "isbn", "issn", "pmc", "pmid", "arxiv", "wosuid"})

_DOI = re.compile(r"""(10(?:\.[0-9a-zA-Z]+)+/(?:(?!["&'])\S)+)""")
_PMID = re.compile(r"(?:^\s*|PMID:?\s*|pubmed/|med/)(\d+)(?:$|[^a-zA-Z0-9.\-])", re.IGNORECASE)
_PMC = re.compile(r"(?:^|[Pp][Mm][Cc]-?/?)\s*(\d{5,9}(?!.+PMC))(?:$|\b)")
_ARXIV = re.compile(r"(?:(?i:arXiv:))?(\d{4}\.\d{4}v?\d?|[\w\-.]+/\d{7}v?\d?)")
_ISBN = re.compile(r"([0-9][-0-9 ]{8,15}[0-9xX])(?:$|[^0-9])")
_ISSN = re.compile(r"(?:^|[^\d])(\d{4} ?[-–]? ?\d{3}[\dXx])(?:$|[^-\d])")


def _doi(value: str) -> str:
    # ORCID unescapes repeatedly: some sources send doubly HTML-escaped DOIs.
    if "&" in value and ";" in value:
        while (unescaped := html.unescape(value)) != value:
            value = unescaped
    match = _DOI.search(value)
    return match.group(1) if match else ""


def _pmid(value: str) -> str:
    match = _PMID.search(value)
    return match.group(1) if match else ""


def _pmc(value: str) -> str:
    match = _PMC.search(value)
    return match.group(1) if match else ""


def _arxiv(value: str) -> str:
    match = _ARXIV.search(value)
    return f"arXiv:{match.group(1)}" if match else ""


def _isbn(value: str) -> str:
    match = _ISBN.search(value)
    if not match:
        return ""
    digits = match.group(1).replace("-", "").replace(" ", "").replace("x", "X")
    return digits if len(digits) in (10, 13) else ""


def _issn(value: str) -> str:
    match = _ISSN.search(value)
    if not match:
        return ""
    digits = re.sub(r"[ \-–]", "", match.group(1)).replace("x", "X")
    return f"{digits[:4]}-{digits[4:8]}"


_NORMALISERS: dict[str, Callable[[str], str]] = {
    "doi": _doi,
    "pmid": _pmid,
    "pmc": _pmc,
    "arxiv": _arxiv,
    "isbn": _isbn,
    "issn": _issn,
}


def normalise(id_type: str, value: str) -> str:
    """ORCID's `external-id-normalized` value; "" means ORCID reports error 8001 instead."""
    if id_type in CASE_INSENSITIVE:
        value = value.lower()
    normaliser = _NORMALISERS.get(id_type)
    return normaliser(value) if normaliser else value


def identity(ext: ExternalId) -> tuple[str, str]:
    """What ORCID compares: type and normalised value, falling back to the raw value."""
    return ext.type, normalise(ext.type, ext.value) or ext.value


def is_groupable(ext: ExternalId) -> bool:
    return ext.relationship not in ("part-of", "funded-by") and bool(ext.value)


def group_works(works: Iterable[OrcidWork]) -> list[list[OrcidWork]]:
    """Works that share a groupable id, transitively, in put-code order within and across groups."""
    ordered = sorted(works, key=lambda work: work.put_code)
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_seen: dict[tuple[str, str], int] = {}
    for index, work in enumerate(ordered):
        for ext in work.external_ids:
            if not is_groupable(ext):
                continue
            key = identity(ext)
            if key in first_seen:
                parent[root(index)] = root(first_seen[key])
            else:
                first_seen[key] = index
    groups: dict[int, list[OrcidWork]] = {}
    for index, work in enumerate(ordered):
        groups.setdefault(root(index), []).append(work)
    return sorted(groups.values(), key=lambda group: group[0].put_code)
