"""Identifiers as real sources write them reduce to one comparable value each.

Every raw value below was found in a record in `shared/fixtures` (the source is named) or is a
form a named system is documented to produce; an invalid value normalises to None.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pipeline.normalize.identifiers import (
    arxiv,
    doi,
    eid,
    handle,
    isbn,
    issn,
    normalise,
    orcid,
    pmcid,
    pmid,
)
from tests.conftest import SHARED

Rule = Callable[[str], str | None]


def _cases(rule: Rule, table: list[tuple[str, str | None]]) -> list[Any]:
    return [pytest.param(rule, raw, value, id=f"{rule.__name__}:{raw}") for raw, value in table]


DOIS = [
    # UMN WS 5.24 research output: `electronicVersions[].doi` in URL form
    ("https://doi.org/10.1103/PhysRevLett.117.232002", "10.1103/physrevlett.117.232002"),
    # Utrecht Pure API and TU Delft BibTeX: bare
    ("10.3389/fvets.2022.954607", "10.3389/fvets.2022.954607"),
    ("10.2514/1.I010860", "10.2514/1.i010860"),
    # ORCID record-full sample: value and normalised value
    ("10.1087/20120404", "10.1087/20120404"),
    ("doi:10.1087/20120404", "10.1087/20120404"),
    ("DOI: 10.1087/20120404", "10.1087/20120404"),
    ("http://dx.doi.org/10.1016/j.asoc.2021.107153", "10.1016/j.asoc.2021.107153"),
    ("doi.org/10.1177/1756829321992137", "10.1177/1756829321992137"),
    ("10.1007/978-3-319-65282-5_3", "10.1007/978-3-319-65282-5_3"),
    # a SICI DOI keeps its parentheses; one around a DOI in text does not
    (
        "https://doi.org/10.1002/(SICI)1097-4636(199706)35:4%3C%3E1.0.CO;2-H",
        "10.1002/(sici)1097-4636(199706)35:4<>1.0.co;2-h",
    ),
    ("(https://doi.org/10.1000/abc).", "10.1000/abc"),
    ("10.1000/xyz.", "10.1000/xyz"),
    # ORCID refuses these (`external-id-normalized: null`, error 8001)
    ("work:doi", None),
    ("10.1234/.", None),  # a prefix and punctuation: not a DOI, so a warning, not a bad value
    ("123", None),
]

ISBNS = [
    # TU Delft BibTeX export, ISBN-13 with and without hyphens
    ("978-3-319-65282-5", "9783319652825"),
    ("9789811019463", "9789811019463"),
    # Utrecht Pure API `printISBNs` / `electronicISBNs`
    ("9781802700343", "9781802700343"),
    ("9781641890465", "9781641890465"),
    # ISBN-10 forms, hyphenated, prefixed, with an X check digit, with a catalogue note
    ("0-306-40615-2", "9780306406157"),
    ("ISBN 0-306-40615-2", "9780306406157"),
    ("ISBN-13: 978-0-306-40615-7", "9780306406157"),
    ("0-8044-2957-x", "9780804429573"),
    ("978 0 306 40615 7", "9780306406157"),
    ("978‐0‐306‐40615‐7", "9780306406157"),  # U+2010 hyphens from a PDF
    ("9780306406157 (pbk.)", "9780306406157"),
    ("9780306406158", None),  # wrong check digit
    ("0-306-40615-3", None),
]

ISSNS = [
    # UMN WS 5.24, Utrecht Pure API, TU Delft BibTeX
    ("0031-9007", "0031-9007"),
    ("2297-1769", "2297-1769"),
    ("0002-0206", "0002-0206"),
    ("1756-8293", "1756-8293"),
    ("17568293", "1756-8293"),
    # ORCID peer-review sample: `issn:1741-4857`
    ("issn:1741-4857", "1741-4857"),
    ("eISSN: 2297-1769", "2297-1769"),
    ("2434-561x", "2434-561X"),
    ("0031–9007", "0031-9007"),  # en dash
    ("1756-8293 (Online)", "1756-8293"),
    ("0031-9008", None),
]

PMIDS = [
    # UMN WS 5.24 `additionalExternalIds`, idSource PubMed
    ("27982610", "27982610"),
    ("PMID: 27982610", "27982610"),
    ("https://pubmed.ncbi.nlm.nih.gov/27982610/", "27982610"),
    ("https://www.ncbi.nlm.nih.gov/pubmed/27982610", "27982610"),
]

PMCIDS = [
    ("PMC5371245", "PMC5371245"),
    ("pmc5371245", "PMC5371245"),
    ("5371245", "PMC5371245"),
    ("PMCID: PMC5371245", "PMC5371245"),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5371245/", "PMC5371245"),
    ("https://pmc.ncbi.nlm.nih.gov/articles/PMC5371245/", "PMC5371245"),
    ("https://europepmc.org/article/PMC/PMC5371245", "PMC5371245"),
]

ARXIVS = [
    ("arXiv:2101.01234v2", "2101.01234"),
    ("2101.01234", "2101.01234"),
    ("ARXIV:1501.00001", "1501.00001"),
    ("http://arxiv.org/abs/1501.00001v1", "1501.00001"),
    ("https://arxiv.org/pdf/2101.01234v3.pdf", "2101.01234"),
    ("arXiv:1501.00001 [cs.LG]", "1501.00001"),  # arXiv's own citation form
    ("https://doi.org/10.48550/arXiv.2101.01234", "2101.01234"),  # DataCite's DOI for it
    ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
    ("arXiv:hep-th/9901001v2 [hep-th]", "hep-th/9901001"),
    ("math.GT/0309136", "math.gt/0309136"),
    ("arxiv.org/abs/123456", None),  # ORCID independent-tests sample: not an arXiv id
]

EIDS = [
    # UMN WS 5.24 `externalId` (Scopus) and Utrecht Pure API `Id` (Scopus): bare
    ("85002158060", "2-s2.0-85002158060"),
    ("85092593123", "2-s2.0-85092593123"),
    ("2-s2.0-85002158060", "2-s2.0-85002158060"),
    ("EID: 2-s2.0-85002158060", "2-s2.0-85002158060"),
    # UMN WS 5.24 `additionalLinks`
    (
        "http://www.scopus.com/inward/record.url?scp=85002158060&partnerID=8YFLogxK",
        "2-s2.0-85002158060",
    ),
    (
        "https://www.scopus.com/record/display.uri?eid=2-s2.0-85092593123&origin=inward",
        "2-s2.0-85092593123",
    ),
    ("(BESIII Collaboration)", None),
]

HANDLES = [
    ("hdl:1887/12345", "1887/12345"),
    ("http://hdl.handle.net/1887/12345", "1887/12345"),
    ("https://hdl.handle.net/2066/123456", "2066/123456"),
    ("info:hdl/1887/12345", "1887/12345"),
    ("1887/ABC", "1887/abc"),
    # ORCID keeps this record-full sample value as it is; it is no handle, so not comparable
    ("https://grants.net/123456", None),
]

ORCIDS = [
    # UMN WS 5.24 person `orcid`, ORCID sample source-orcid paths
    ("0000-0002-0302-2761", "0000-0002-0302-2761"),
    ("https://qa.orcid.org/0000-0001-7325-5491", None),  # QA host: not an iD of the registry
    ("0000-0001-7325-5491", "0000-0001-7325-5491"),
    ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
    ("http://orcid.org/0000-0002-1825-0097/", "0000-0002-1825-0097"),
    ("https://sandbox.orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
    ("0000000218250097", "0000-0002-1825-0097"),
    ("0000-0002-1825-009X", None),  # bad check character
]


@pytest.mark.parametrize(
    ("rule", "raw", "value"),
    [
        *_cases(doi, DOIS),
        *_cases(isbn, ISBNS),
        *_cases(issn, ISSNS),
        *_cases(pmid, PMIDS),
        *_cases(pmcid, PMCIDS),
        *_cases(arxiv, ARXIVS),
        *_cases(eid, EIDS),
        *_cases(handle, HANDLES),
        *_cases(orcid, ORCIDS),
    ],
)
def test_an_identifier_as_a_source_writes_it_normalises_to_its_comparable_form(
    rule: Rule, raw: str, value: str | None
) -> None:
    assert rule(raw) == value


def test_a_wrongly_typed_identifier_falls_back_to_its_trimmed_value() -> None:
    """Types without a rule ("source-work-id", "Scopus" as Pure spells it) compare as written."""
    assert normalise("source-work-id", " 123456 ") == "123456"
    assert normalise("doi", "https://doi.org/10.1087/20120404") == "10.1087/20120404"
    assert normalise("pmc", "PMC5371245") == "PMC5371245"
    assert normalise("other-id", "   ") is None


def _external_ids(node: object) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "external-id-type" in node:
            yield node
        for value in node.values():
            yield from _external_ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _external_ids(value)


def test_dois_normalise_as_orcid_normalised_them_in_its_own_sample_record() -> None:
    """ORCID's `external-id-normalized` is the value its own grouping compares: agreeing with
    it means works ORCID groups, the pipeline groups too."""
    path = SHARED / "fixtures" / "orcid" / "orcid-model" / "read_samples" / "record-full-3.0.json"
    ids = [i for i in _external_ids(json.loads(path.read_text())) if i["external-id-type"] == "doi"]
    assert ids
    for external_id in ids:
        normalised = external_id.get("external-id-normalized")
        expected = normalised["value"] if normalised else None
        assert doi(external_id["external-id-value"]) == expected
