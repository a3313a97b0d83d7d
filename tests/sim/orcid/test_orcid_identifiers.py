"""ORCID's normalisers decide which works group and which pushes are duplicates."""

from __future__ import annotations

import pytest

from sim.orcid.identifiers import normalise


@pytest.mark.parametrize(
    ("id_type", "raw", "expected"),
    [
        ("doi", "https://doi.org/10.1000/ABC.def", "10.1000/abc.def"),
        ("doi", "doi:10.1000/xyz", "10.1000/xyz"),
        ("doi", "http://dx.doi.org/10.1002/(SICI)1097-4571", "10.1002/(sici)1097-4571"),
        ("doi", "10.1000/a&amp;amp;b", "10.1000/a"),
        ("doi", "123", ""),
        ("isbn", "978-3-16-148410-0", "9783161484100"),
        ("issn", "0317-847x", "0317-847X"),
        ("pmid", "PMID: 12345678", "12345678"),
        ("pmc", "PMC1234567", "1234567"),
        ("arxiv", "arXiv:2101.12345v2", "arXiv:2101.12345"),
        ("eid", "2-s2.0-85000000001", "2-s2.0-85000000001"),
        ("source-work-id", "Pure-UUID-ABC", "Pure-UUID-ABC"),
    ],
)
def test_normalise_as_orcid_does(id_type: str, raw: str, expected: str) -> None:
    assert normalise(id_type, raw) == expected
