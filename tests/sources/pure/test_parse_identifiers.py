"""Identifiers Pure keeps in many places, each named by its ORCID external-id type.

The records are the real UMN and Utrecht records with their identifiers replaced by the ones
other institutions hold (Lund's LUCRIS WS 5.24 dumps: PMID, WOS, ORCID, arXiv links; reference
`pure-api.md` §5), so each rule is shown on an otherwise real record.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.sources.model import Identifier
from pipeline.sources.pure import parse_api_research_output, parse_ws_research_output

TYPES = "/dk/atira/pure/researchoutput/researchoutputtypes"


@pytest.fixture
def api_chapter(fixtures_dir: Path) -> dict:
    path = fixtures_dir / "pure/pure_api/utrecht_backtopure/chapterbook.json"
    return json.loads(path.read_text(encoding="utf-8"))


def kept(identifiers: list[Identifier]) -> list[tuple[str, str | None, str]]:
    return [
        (i.type, i.normalised, i.relationship) for i in identifiers if i.type != "source-work-id"
    ]


def test_lund_style_external_ids_map_to_orcid_types(ws_item: dict) -> None:
    ws_item["info"]["additionalExternalIds"] = [
        {"value": "26000001", "idSource": "PMID"},
        {"value": "PMC4567890", "idSource": "PubMedCentral"},
        {"value": "000371184800010", "idSource": "WOS"},
        {"value": "84960000001", "idSource": "Scopus"},
        {"value": "/0000-0001-9403-9595/work/198489095", "idSource": "ORCID"},
        {"value": "12345", "idSource": "LUCRIS-import"},
    ]
    del ws_item["externalId"], ws_item["externalIdSource"], ws_item["journalAssociation"]
    work = parse_ws_research_output(ws_item)
    assert kept(work.identifiers) == [
        ("doi", "10.1103/physrevlett.117.232002", "self"),
        ("pmid", "26000001", "self"),
        ("pmc", "PMC4567890", "self"),
        ("wosuid", "000371184800010", "self"),
        ("eid", "2-s2.0-84960000001", "self"),
        ("orcid-work", "0000-0001-9403-9595/work/198489095", "self"),
    ]
    assert work.warnings == []


def test_arxiv_and_doi_links_among_electronic_versions_are_identifiers(ws_item: dict) -> None:
    ws_item["electronicVersions"].append({"link": "https://arxiv.org/abs/1609.03217v2"})
    ws_item["additionalLinks"].append({"url": "https://doi.org/10.1103/PHYSREVLETT.117.232002"})
    work = parse_ws_research_output(ws_item)
    assert work.identifier_values("arxiv") == ["1609.03217"]
    # The same DOI as a link is not a second DOI.
    assert [i.raw for i in work.identifiers if i.type == "doi"] == [
        "https://doi.org/10.1103/PhysRevLett.117.232002"
    ]


def test_an_orcid_put_code_link_with_a_bad_orcid_is_kept_but_not_comparable(ws_item: dict) -> None:
    ws_item["info"]["additionalExternalIds"] = [
        {"value": "/0000-0001-9403-9596/work/198489095", "idSource": "ORCID"}
    ]
    work = parse_ws_research_output(ws_item)
    assert [(i.raw, i.normalised) for i in work.identifiers if i.type == "orcid-work"] == [
        ("/0000-0001-9403-9596/work/198489095", None)
    ]
    assert work.warnings == [
        "orcid-work: '/0000-0001-9403-9596/work/198489095' is not a valid orcid-work"
    ]


def test_a_ws_chapter_carries_its_books_isbns_as_part_of(ws_item: dict) -> None:
    ws_item["type"]["uri"] = f"{TYPES}/contributiontobookanthology/chapter"
    ws_item["isbns"] = ["978-1-80270-034-3"]
    ws_item["electronicIsbns"] = ["1641890460"]
    del ws_item["journalAssociation"]
    ws_item["hostPublicationTitle"] = {"formatted": False, "value": "Friendship"}
    work = parse_ws_research_output(ws_item)
    assert [
        (i.raw, i.normalised, i.relationship) for i in work.identifiers if i.type == "isbn"
    ] == [
        ("978-1-80270-034-3", "9781802700343", "part-of"),
        ("1641890460", "9781641890465", "part-of"),
    ]
    assert (work.type, work.venue) == ("book-chapter", "Friendship")


def test_a_ws_book_carries_its_own_isbns_and_publisher(ws_item: dict) -> None:
    ws_item["type"]["uri"] = f"{TYPES}/bookanthology/book"
    ws_item["isbns"] = ["9781802700343"]
    del ws_item["journalAssociation"]
    ws_item["publisher"] = {
        "uuid": "80f8f322-fc69-4c9a-b531-0dc36cbb2194",
        "name": {"formatted": False, "text": [{"value": "ARC Humanities Press"}]},
    }
    work = parse_ws_research_output(ws_item)
    assert kept(work.identifiers)[-1] == ("isbn", "9781802700343", "self")
    assert (work.type, work.venue) == ("book", "ARC Humanities Press")


def test_an_api_chapter_carries_its_books_isbns_as_part_of(api_chapter: dict) -> None:
    api_chapter["printISBNs"] = ["9781802700343"]
    work = parse_api_research_output(api_chapter)
    assert kept(work.identifiers) == [("isbn", "9781802700343", "part-of")]


def test_api_classified_ids_are_named_by_their_type_uri(api_chapter: dict) -> None:
    api_chapter["identifiers"] = [
        {
            "typeDiscriminator": "ClassifiedId",
            "id": "29150000",
            "type": {"uri": "/dk/atira/pure/researchoutput/researchoutputsources/pubmed"},
        },
        {"typeDiscriminator": "Id", "idSource": "arXiv", "value": "arXiv:2101.01234v2"},
    ]
    work = parse_api_research_output(api_chapter)
    assert kept(work.identifiers) == [
        ("pmid", "29150000", "self"),
        ("arxiv", "2101.01234", "self"),
    ]
