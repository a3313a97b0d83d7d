"""Real Pure API records (Utrecht University's staging Pure, via BackToPure) read as a user expects.

Every expected value below was read by eye from the fixture file, not produced by the parser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.sources.model import Contributor, Identifier, Work
from pipeline.sources.pure import parse_api_research_output

UTRECHT = "pure/pure_api/utrecht_backtopure"
TYPES = "/dk/atira/pure/researchoutput/researchoutputtypes"


@pytest.fixture(scope="module")
def utrecht(fixtures_dir: Path) -> dict[str, Work]:
    names = ("book.json", "chapterbook.json", "data.json", "jsonupload")
    return {
        name: parse_api_research_output(
            json.loads((fixtures_dir / UTRECHT / name).read_text(encoding="utf-8"))
        )
        for name in names
    }


def test_book_with_subtitle_isbns_and_the_orcid_put_code_it_was_imported_with(
    utrecht: dict[str, Work],
) -> None:
    book = utrecht["book.json"]
    uuid = "5edff0bc-8fdb-4a38-ae07-82c6cfe11614"
    assert book.source_record_id == uuid
    assert book.title == "Friendship in the Merovingian Kingdoms"
    assert book.subtitle == "Venantius Fortunatus and His Contemporaries"
    assert (book.type, book.source_type) == ("book", f"{TYPES}/bookanthology/book")
    assert (book.year, book.month, book.day) == (2022, 11, 15)
    assert book.identifiers == [
        Identifier("doi", "10.1515/9781802700343", "10.1515/9781802700343"),
        Identifier(
            "orcid-work",
            "/0000-0001-6249-7591/work/144831024",
            "0000-0001-6249-7591/work/144831024",
        ),
        # A book's own ISBNs: print first, then electronic.
        Identifier("isbn", "9781802700343", "9781802700343", "self"),
        Identifier("isbn", "9781641890465", "9781641890465", "self"),
        Identifier("source-work-id", uuid, uuid),
    ]
    assert book.contributors == [
        Contributor(
            1,
            "Hope Williard",
            "Hope",
            "Williard",
            pure_person_id="572781e3-b1ef-4b3f-a150-1aca954d654a",
            role="author",
        )
    ]
    # The API names the publisher by uuid only; its series carries the publisher's name.
    assert book.venue == "ARC Humanities Press"
    assert (book.language, book.pure_workflow_step, book.pure_visibility) == (
        "en",
        "validated",
        "FREE",
    )
    assert book.pure_publication_status == "published"
    assert book.warnings == []


def test_chapter_with_a_year_only_and_an_external_coauthor(utrecht: dict[str, Work]) -> None:
    chapter = utrecht["chapterbook.json"]
    uuid = "00948ae2-f499-428c-a24f-d5e3ec937796"
    assert chapter.source_record_id == uuid
    assert chapter.title == (
        "INITIATING CRITICAL REFLECTION TO COUNTER SOCIAL PROBLEMS: Applying photovoice in the"
        " Baka community of the Dja Reserve, Cameroon"
    )
    assert chapter.subtitle is None
    assert (chapter.type, chapter.source_type) == (
        "book-chapter",
        f"{TYPES}/contributiontobookanthology/chapter",
    )
    # A year alone is Pure's normal case: no warning.
    assert (chapter.year, chapter.month, chapter.day) == (2017, None, None)
    assert chapter.warnings == []
    assert chapter.identifier_values("doi") == []
    assert chapter.identifiers == [Identifier("source-work-id", uuid, uuid)]
    assert chapter.venue == "Culture in Sustainability"
    assert chapter.contributors == [
        Contributor(
            1,
            "Harrison Awuh",
            "Harrison",
            "Awuh",
            pure_person_id="282ec84e-2d22-409b-b777-cb67fd12e4fa",
            role="author",
        ),
        Contributor(2, "M Loopmans", "M", "Loopmans", role="author"),
    ]
    assert chapter.pure_workflow_step == "forApproval"


def test_journal_article_with_bare_doi_and_journal_issn(utrecht: dict[str, Work]) -> None:
    article = utrecht["data.json"]
    uuid = "8c098d11-3b0c-42d5-9715-a39cd1832af6"
    assert article.source_record_id == uuid
    assert article.title == (
        "Glucocorticoids in relation to behavior, morphology, and physiology as proxy indicators"
        " for the assessment of animal welfare"
    )
    assert article.subtitle == "A systematic mapping review"
    assert article.type == "journal-article"
    assert (article.year, article.month, article.day) == (2023, 1, None)
    # `PublicationPreSubmission` is Pure's own bookkeeping id, not a work identifier.
    assert article.identifiers == [
        Identifier("doi", "10.3389/fvets.2022.954607", "10.3389/fvets.2022.954607"),
        Identifier("issn", "2297-1769", "2297-1769", "part-of"),
        Identifier("source-work-id", uuid, uuid),
    ]
    assert article.venue == "Frontiers in Veterinary Science"
    assert article.contributors == [
        Contributor(1, "Inga Tiemann", "Inga", "Tiemann", role="author"),
        Contributor(
            2,
            "Lisa Fijn",
            "Lisa",
            "Fijn",
            pure_person_id="acea4e4c-b31e-46c8-ac7f-e9497264a7e1",
            role="author",
        ),
        Contributor(
            3,
            "Saskia Arndt",
            "Saskia",
            "Arndt",
            pure_person_id="c66f604b-3c6f-4e55-b377-864bf942b94a",
            role="author",
        ),
    ]
    assert (article.language, article.pure_workflow_step) == ("en", "validated")
    assert article.warnings == []


def test_uploaded_article_with_scopus_id_orcid_link_and_undefined_language(
    utrecht: dict[str, Work],
) -> None:
    article = utrecht["jsonupload"]
    uuid = "7db6d793-7b36-4acc-b6f4-3448ac122e5a"
    assert article.source_record_id == uuid
    assert article.title == (
        "Refugees, Identity, and the Limits to Inclusion: Revisiting Landlord-Stranger Reciprocity"
        " Relations in Contemporary Liberia"
    )
    assert (article.year, article.month, article.day) == (2020, 9, None)
    # The DOI is also held as a doi.org link; it is listed once.
    assert article.identifiers == [
        Identifier("doi", "10.1017/asr.2020.51", "10.1017/asr.2020.51"),
        Identifier(
            "orcid-work",
            "/0000-0002-5899-0663/work/81690395",
            "0000-0002-5899-0663/work/81690395",
        ),
        Identifier("eid", "85092593123", "2-s2.0-85092593123"),
        Identifier("issn", "0002-0206", "0002-0206", "part-of"),
        Identifier("source-work-id", uuid, uuid),
    ]
    assert article.venue == "African Studies Review"
    assert article.contributors == [
        Contributor(
            1,
            "Maarten Bedert",
            "Maarten",
            "Bedert",
            pure_person_id="52a7a227-f88a-4830-b05f-93e223ba550f",
            role="author",
        )
    ]
    # Pure's `und` ("Undefined/Unknown") is no language.
    assert article.language is None
    assert article.pure_workflow_step == "forApproval"
    assert article.warnings == []
