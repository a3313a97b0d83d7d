"""Identifier normalisation: the comparable form of a DOI, ISBN, ISSN, PMID, PMCID, arXiv id,
Scopus EID, handle or ORCID iD, whatever form a source wrote it in.

A value that is not a valid identifier of its type normalises to None; the caller keeps the
raw value and records a warning, because a typo in a DOI is something a person must fix.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import unquote

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_TRAILING = ".,;"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
"""Hyphen look-alikes that PDFs and word processors put into ISBNs and ISSNs."""
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
"""A catalogue's note after the number: `9780306406157 (pbk.)`, `1756-8293 (Online)`."""


def doi(raw: str) -> str | None:
    """`https://doi.org/10.1103/PhysRevLett.117.232002`, `doi:10.1103/…` → `10.1103/physrevlett…`.

    DOIs are case-insensitive (the DOI Handbook, 2.4), so lower case is the comparable form.
    """
    text = unquote(html.unescape(raw.strip()))
    found = _DOI.search(text)
    if found is None:
        return None
    value = found.group(0).rstrip(_DOI_TRAILING)
    # A closing parenthesis is part of a DOI only if the DOI opened it: `10.1002/(SICI)…`
    # keeps its own, `(https://doi.org/10.1000/abc)` loses the one around it.
    while value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1].rstrip(_DOI_TRAILING)
    if value.endswith("/"):
        return None  # `10.1234/.`: a prefix whose suffix was only punctuation is no DOI
    return value.lower()


def _isbn10_ok(digits: str) -> bool:
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _isbn13_check(first12: str) -> str:
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(first12))
    return str((10 - total % 10) % 10)


def isbn(raw: str) -> str | None:
    """Any ISBN-10 or ISBN-13 with a valid check digit → its 13-digit form, digits only."""
    text = _QUALIFIER.sub("", re.sub(r"(?i)^\s*isbn(-1[03])?:?", "", raw))
    compact = re.sub(rf"[\s\-{_DASHES}]", "", text).upper()
    if re.fullmatch(r"\d{9}[\dX]", compact):
        if not _isbn10_ok(compact):
            return None
        first12 = "978" + compact[:9]
        return first12 + _isbn13_check(first12)
    if re.fullmatch(r"97[89]\d{10}", compact):
        return compact if _isbn13_check(compact[:12]) == compact[12] else None
    return None


def issn(raw: str) -> str | None:
    """`0031-9007`, `00319007`, `issn:0031-9007` → `0031-9007`, when the check digit is right."""
    text = _QUALIFIER.sub("", raw)
    compact = re.sub(rf"(?i)^\s*(e-?|p-?)?issn:?|[\s\-{_DASHES}]", "", text).upper()
    if not re.fullmatch(r"\d{7}[\dX]", compact):
        return None
    total = sum(int(c) * (8 - i) for i, c in enumerate(compact[:7]))
    check = (11 - total % 11) % 11
    if compact[7] != ("X" if check == 10 else str(check)):
        return None
    return f"{compact[:4]}-{compact[4:]}"


_PMID = re.compile(
    r"(?i)\s*(?:pmid:?\s*|https?://(?:pubmed\.ncbi\.nlm\.nih\.gov|www\.ncbi\.nlm\.nih\.gov/pubmed)/)?"
    r"0*(\d{1,9})/?\s*"
)
"""Bare, `PMID: …`, or the PubMed URL, current or the older `ncbi.nlm.nih.gov/pubmed/` one."""


def pmid(raw: str) -> str | None:
    found = _PMID.fullmatch(raw)
    return found.group(1) if found else None


def pmcid(raw: str) -> str | None:
    """`PMC1234567`, `1234567`, a Europe PMC or NCBI URL → `PMC1234567`."""
    found = re.fullmatch(r"(?i)\s*(?:pmcid:?\s*)?(?:https?://\S*/)?(?:pmc)?0*(\d{1,9})/?\s*", raw)
    return f"PMC{found.group(1)}" if found else None


_ARXIV_NEW = re.compile(r"(\d{4}\.\d{4,5})(v\d+)?", re.IGNORECASE)
_ARXIV_OLD = re.compile(r"([a-z\-]+(?:\.[a-z]{2})?/\d{7})(v\d+)?", re.IGNORECASE)


def arxiv(raw: str) -> str | None:
    """`arXiv:2101.01234v2`, `https://arxiv.org/abs/hep-th/9901001` → the id without version.

    The version is dropped: v1 and v2 are the same work for matching. So are the subject class
    arXiv's own citation adds (`arXiv:1501.00001 [cs.LG]`) and the prefix of the DOI DataCite
    registers for every arXiv id (`10.48550/arXiv.1501.00001`).
    """
    text = re.sub(
        r"(?i)^\s*(arxiv:|https?://(www\.)?arxiv\.org/(abs|pdf)/|(https?://doi\.org/)?10\.48550/arxiv\.)",
        "",
        raw.strip(),
    )
    text = re.sub(r"(?i)\.pdf$|\s*\[[a-z\-.]+\]$", "", text)
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        found = pattern.fullmatch(text)
        if found:
            return found.group(1).lower()
    return None


_SCOPUS_URL = re.compile(r"(?i)https?://www\.scopus\.com/\S*?[?&](?:eid=2-s2\.0-|scp=)(\d{6,15})\b")


def eid(raw: str) -> str | None:
    """A Scopus EID `2-s2.0-85002158060`, the bare Scopus id Pure keeps, or a Scopus record URL
    (`…/record.url?scp=85002158060&…`, which Pure lists among an output's links) → the EID form.
    """
    found = re.fullmatch(r"(?i)\s*(?:eid:?\s*)?(?:2-s2\.0-)?(\d{6,15})\s*", raw)
    found = found or _SCOPUS_URL.search(raw)
    return f"2-s2.0-{found.group(1)}" if found else None


def handle(raw: str) -> str | None:
    text = re.sub(r"(?i)^\s*(hdl:|info:hdl/|https?://(hdl\.)?handle\.net/)", "", raw.strip())
    return text.lower() if re.fullmatch(r"\d[\d.]*/\S+", text) else None


def orcid_checksum_ok(digits: str) -> bool:
    """ISO/IEC 7064 MOD 11-2, as ORCID computes its check character."""
    total = 0
    for char in digits[:15]:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    return digits[15] == ("X" if result == 10 else str(result))


def orcid(raw: str) -> str | None:
    """`https://orcid.org/0000-0002-1825-0097` or `0000000218250097` → `0000-0002-1825-0097`."""
    text = re.sub(r"(?i)^\s*(https?://)?(sandbox\.)?orcid\.org/", "", raw.strip()).rstrip("/")
    compact = text.replace("-", "").upper()
    if not re.fullmatch(r"\d{15}[\dX]", compact) or not orcid_checksum_ok(compact):
        return None
    return "-".join(compact[i : i + 4] for i in range(0, 16, 4))


_NORMALISERS: dict[str, Callable[[str], str | None]] = {
    "doi": doi,
    "isbn": isbn,
    "issn": issn,
    "pmid": pmid,
    "pmc": pmcid,
    "arxiv": arxiv,
    "eid": eid,
    "handle": handle,
    "orcid": orcid,
}


def normalise(type_: str, raw: str) -> str | None:
    """The comparable form of an identifier of ORCID external-id type `type_`.

    Types without a rule of their own are compared on their trimmed value.
    """
    rule = _NORMALISERS.get(type_)
    if rule is not None:
        return rule(raw)
    value = raw.strip()
    return value or None
