"""The matching rules one at a time, on records built as the sources write them; no database,
since each rule is the scorer's verdict on one pair."""

from __future__ import annotations

from typing import Any

from pipeline.match.config import MatchConfig
from pipeline.match.records import MatchRecord, make_record
from pipeline.match.score import score_pair
from pipeline.normalize.identifiers import normalise
from pipeline.sources.model import Identifier

CONFIG = MatchConfig()
TITLE = "Sparse coding of natural images in the primary visual cortex"
AUTHORS = ["Jan de Vries", "Maria Jansen"]


def ident(type_: str, raw: str, relationship: str = "self") -> Identifier:
    return Identifier(type_, raw, normalise(type_, raw), relationship)  # type: ignore[arg-type]


def record(record_id: str, side: str = "pure", **fields: Any) -> MatchRecord:
    values: dict[str, Any] = {
        "title": TITLE,
        "year": 2019,
        "work_type": "journal-article",
        "venue": "Journal of Vision",
        "authors": AUTHORS,
    } | fields
    return make_record(record_id, side, "researcher-1", **values)


def test_equal_doi_matches_whatever_the_titles_say() -> None:
    pure = record(
        "p1", title="Something else entirely", identifiers=[ident("doi", "10.1016/J.VIS.2019.ABC")]
    )
    orcid = record(
        "o1", "orcid", identifiers=[ident("doi", "https://doi.org/10.1016/j.vis.2019.abc")]
    )
    verdict = score_pair(pure, orcid, CONFIG)
    assert verdict.linked
    assert (verdict.method, verdict.evidence) == (
        "identifier",
        {"identifier": "doi", "value": "10.1016/j.vis.2019.abc"},
    )


def test_orcid_work_id_kept_by_pure_matches_the_orcid_work() -> None:
    orcid = record("0000-0002-1825-0097/work/123", "orcid", title="Other title")
    pure = record("p1", identifiers=[ident("orcid-work", "/0000-0002-1825-0097/work/123")])
    assert score_pair(pure, orcid, CONFIG).evidence["identifier"] == "orcid-work"


def test_source_work_id_pushed_by_pure_matches_the_pure_output() -> None:
    pure = record("0b5f6c1e-aaaa-bbbb-cccc-000000000001", title="Other title")
    orcid = record("o1", "orcid", identifiers=[ident("source-work-id", pure.record_id)])
    assert score_pair(pure, orcid, CONFIG).evidence["identifier"] == "source-work-id"


def test_different_dois_veto_despite_equal_titles() -> None:
    conference = record(
        "p1", work_type="conference-paper", identifiers=[ident("doi", "10.1109/icv.2018.001")]
    )
    journal = record("o1", "orcid", identifiers=[ident("doi", "10.1016/j.vis.2019.002")])
    verdict = score_pair(conference, journal, CONFIG)
    assert not verdict.linked
    assert verdict.evidence["veto"] == "different-identifiers"


def test_other_orcid_work_ids_do_not_veto() -> None:
    """A Pure output imported from one ORCID work is still the same work as another source's
    ORCID work for it: record ids prove a match but never disprove one."""
    pure = record("p1", identifiers=[ident("orcid-work", "0000-0002-1825-0097/work/1")])
    orcid = record("0000-0002-1825-0097/work/2", "orcid")
    assert score_pair(pure, orcid, CONFIG).method == "title"


def test_correction_note_not_linked_to_the_work_it_corrects() -> None:
    original = record("p1")
    correction = record("o1", "orcid", title=f"Correction to: {TITLE}")
    verdict = score_pair(original, correction, CONFIG)
    assert not verdict.linked
    assert verdict.evidence == {"veto": "note", "note": "correction"}


def test_reply_not_linked_but_two_records_of_one_reply_are() -> None:
    reply = f"Reply to Smith's comment on “{TITLE}”"
    assert not score_pair(record("p1"), record("o1", "orcid", title=reply), CONFIG).linked
    assert score_pair(record("p2", title=reply), record("o2", "orcid", title=reply), CONFIG).linked


def test_book_and_chapter_sharing_an_isbn_not_linked() -> None:
    book = record("p1", title="Handbook of Vision", work_type="book",
                  identifiers=[ident("isbn", "978-3-16-148410-0")])  # fmt: skip
    chapter = record("o1", "orcid", work_type="book-chapter", venue="Handbook of Vision",
                     identifiers=[ident("isbn", "9783161484100", "part-of")])  # fmt: skip
    assert not score_pair(book, chapter, CONFIG).linked
    chapter_self = record("o2", "orcid", work_type="book-chapter",
                          identifiers=[ident("isbn", "9783161484100")])  # fmt: skip
    verdict = score_pair(book, chapter_self, CONFIG)
    assert not verdict.linked
    assert verdict.evidence["veto"] == "type"


def test_isbn_links_two_records_of_one_book() -> None:
    first = record("p1", work_type="book", identifiers=[ident("isbn", "3-16-148410-X")])
    second = record("o1", "orcid", title="A translated title", work_type="edited-book",
                    identifiers=[ident("isbn", "978-3-16-148410-0")])  # fmt: skip
    assert score_pair(first, second, CONFIG).evidence.get("identifier") == "isbn"


def test_two_chapters_sharing_their_books_isbn_are_two_works() -> None:
    isbn = [ident("isbn", "978-3-16-148410-0")]
    first = record("p1", title="Colour vision", work_type="book-chapter", identifiers=isbn)
    second = record("p2", title="Motion vision", work_type="book-chapter", identifiers=isbn)
    assert not score_pair(first, second, CONFIG).linked


def test_preprint_and_its_published_version_are_two_works() -> None:
    """Decision: a preprint and the article it became are two works (two DOIs, ORCID's
    version-of, two Pure outputs). They are kept apart by the version-of id, and by their
    types even where no identifier is left to tell."""
    article = record("p1", identifiers=[ident("doi", "10.1016/j.vis.2019.01.001")])
    preprint = record(
        "o1", "orcid", work_type="preprint", venue="arXiv",
        identifiers=[ident("arxiv", "1901.01234"),
                     ident("doi", "10.1016/j.vis.2019.01.001", "version-of")],
    )  # fmt: skip
    assert score_pair(article, preprint, CONFIG).evidence["veto"] == "version-of"
    bare = record("o2", "orcid", work_type="preprint", venue=None)
    assert score_pair(record("p2"), bare, CONFIG).evidence["veto"] == "type"
    same_arxiv = record(
        "p3", work_type="preprint", identifiers=[ident("arxiv", "arXiv:1901.01234v2")]
    )
    assert score_pair(same_arxiv, preprint, CONFIG).evidence["identifier"] == "arxiv"


def test_title_variants_link() -> None:
    base = record("p1", title="α-Synuclein in Parkinson’s disease: a review of mouse models")
    variants = [
        "α-SYNUCLEIN IN PARKINSON'S DISEASE: A REVIEW OF MOUSE MODELS",
        "&#945;-synuclein in Parkinson&#8217;s disease: a review of <i>mouse</i> models",
        "$\\alpha$-Synuclein in Parkinson's disease: a review of mouse models",
        "alpha-Synuclein in Parkinsons disease - a review of mouse models.",
        "α-Synuclein in Parkinson’s disease",
        "α-Synuclein in Parkinson’s disease: a review of...",
    ]
    for number, title in enumerate(variants):
        verdict = score_pair(base, record(f"o{number}", "orcid", title=title), CONFIG)
        assert verdict.linked, (title, verdict)
    split = record("o9", "orcid", title="α-Synuclein in Parkinson’s disease",
                   subtitle="A review of mouse models")  # fmt: skip
    assert score_pair(base, split, CONFIG).evidence["title"] == 1.0


def test_same_title_by_other_people_not_linked() -> None:
    editorial = record("p1", title="Editorial", authors=["Anna Smith"])
    other = record("o1", "orcid", title="Editorial", authors=["Bert Jones", "Carl Brown"])
    assert not score_pair(editorial, other, CONFIG).linked


def test_conference_and_journal_versions_without_ids_not_linked() -> None:
    paper = record("p1", work_type="conference-paper", venue="Proceedings of the 30th "
                   "International Conference on Vision (ICV 2018)", year=2018)  # fmt: skip
    article = record("o1", "orcid", work_type="journal-article", year=2018)
    assert score_pair(paper, article, CONFIG).evidence["veto"] == "venue-kind"
    next_year = record("o2", "orcid", work_type=None, venue=None, year=2019)
    assert not score_pair(paper, next_year, CONFIG).linked


def test_parts_with_different_numbers_not_linked() -> None:
    first = record("p1", title=f"{TITLE}, part I")
    second = record("o1", "orcid", title=f"{TITLE}, part II")
    assert score_pair(first, second, CONFIG).evidence["veto"] == "numbering"


def test_a_number_only_one_title_has_is_an_omission_not_a_contradiction() -> None:
    first = record("p1", title="SQL: 1999, formerly known as SQL 3")
    second = record("o1", "orcid", title="SQL: 1999, formerly known as SQL3")
    assert score_pair(first, second, CONFIG).linked


def test_a_hand_entered_preprint_typed_other_is_not_its_published_article() -> None:
    """ORCID hand entries are often typed "other": the venue arXiv, or a DOI only preprint
    servers register, says it is the preprint, and a preprint is not its published version."""
    article = record("p1", identifiers=[ident("doi", "10.1016/j.vis.2019.01.001")])
    in_arxiv = record("o1", "orcid", work_type="other", venue="arXiv")
    assert score_pair(article, in_arxiv, CONFIG).evidence["veto"] == "type"
    by_doi = record("o2", "orcid", work_type=None, venue=None,
                    identifiers=[ident("doi", "10.48550/arXiv.1901.01234")])  # fmt: skip
    assert by_doi.work_type == "preprint"
    assert not score_pair(article, by_doi, CONFIG).linked
    medrxiv = record("o3", "orcid", work_type="other", venue="medRxiv")
    assert score_pair(medrxiv, in_arxiv, CONFIG).linked


def test_a_reworded_title_is_linked_when_everything_else_agrees() -> None:
    """ "B2B" for "business-to-business": all the authors, the year and the venue agree, so a
    title a word or two apart is still the same work; without the venue it is not enough."""
    authors = ["Christoph Quix", "Mareike Schoop", "Manfred Jeusfeld"]
    first = record("p1", title="Business data management for B2B electronic commerce",
                   venue="SIGMOD Record", authors=authors)  # fmt: skip
    second = record(
        "o1", "orcid",
        title="Business data management for business-to-business electronic commerce",
        venue="ACM SIGMOD Record", authors=["M. A. Jeusfeld", "M. Schoop", "C. Quix"],
    )  # fmt: skip
    verdict = score_pair(first, second, CONFIG)
    assert verdict.linked
    assert verdict.evidence["title_reworded"]
    elsewhere = record("o2", "orcid", title=second.title, venue="Information Systems",
                       authors=["M. A. Jeusfeld", "M. Schoop", "C. Quix"])  # fmt: skip
    assert not score_pair(first, elsewhere, CONFIG).linked
    one_author = record("o3", "orcid", title=second.title, venue="ACM SIGMOD Record",
                        authors=["C. Quix", "A. Other"])  # fmt: skip
    assert not score_pair(first, one_author, CONFIG).linked


def test_a_specific_title_in_the_same_venue_and_year_outweighs_the_author_lists() -> None:
    """A seven-word title, one venue, one year: two author lists that share nobody (the
    glossary's editors on one side, its contributors on the other) do not make two works. A
    generic title ("Editorial") by different people does."""
    title = "A consensus glossary of temporal database concepts"
    first = record("p1", title=title, venue="SIGMOD Record", authors=["C. S. Jensen"])
    second = record("o1", "orcid", title=title, venue="ACM SIGMOD Record",
                    authors=["Curtis Dyreson", "Fabio Grandi"])  # fmt: skip
    verdict = score_pair(first, second, CONFIG)
    assert verdict.linked
    assert "authors_set_aside" in verdict.evidence
    next_year = record("o2", "orcid", title=title, venue="ACM SIGMOD Record", year=2020,
                       authors=["Curtis Dyreson", "Fabio Grandi"])  # fmt: skip
    assert not score_pair(first, next_year, CONFIG).linked
    editorial = record("p2", title="Editorial", venue="SIGMOD Record", authors=["A. Smith"])
    other = record("o3", "orcid", title="Editorial", venue="SIGMOD Record", authors=["B. Jones"])
    assert not score_pair(editorial, other, CONFIG).linked


def test_titles_differing_in_a_genre_label_are_linked() -> None:
    panel = record("p1", title="Index Research: Forest or Trees? (Panel Abstract)",
                   venue="SIGMOD Conference")  # fmt: skip
    session = record("o1", "orcid", title="Index research (panel session): forest or trees?",
                     venue="International Conference on Management of Data")  # fmt: skip
    verdict = score_pair(panel, session, CONFIG)
    assert verdict.linked
    assert verdict.evidence["title_rule"] == "labels"
    review = record("p2", title="Transactional Information Systems - Book Review")
    book = record("o2", "orcid", title="Transactional information systems: theory, algorithms, "
                  "and the practice of concurrency control and recovery")  # fmt: skip
    assert score_pair(review, book, CONFIG).linked


def test_an_organisation_credited_instead_of_the_authors_does_not_count_against() -> None:
    title = "The database group at National Technical University of Athens (NTUA)"
    people = record("p1", title=title, authors=["Timos K. Sellis", "Yannis Vassiliou"])
    group = record("o1", "orcid", title=title,
                   authors="CORPORATE National Technical Univ. of Athens")  # fmt: skip
    verdict = score_pair(people, group, CONFIG)
    assert verdict.linked
    assert "authors" not in verdict.evidence


def test_a_compound_surname_written_two_ways_is_one_co_author() -> None:
    """ "J. García-Pérez" and "Juan García Pérez"; "Rafael Camps" and "Rafael Camps Paré"."""
    first = record("p1", title="Generic title", authors=["J. García-Pérez", "Rafael Camps"])
    second = record("o1", "orcid", title="Generic title",
                    authors=["Juan García Pérez", "Rafael Camps Paré"])  # fmt: skip
    verdict = score_pair(first, second, CONFIG)
    assert verdict.evidence["authors"] == 1.0
    assert verdict.linked


def test_a_title_one_word_apart_with_another_type_and_venue_is_another_work() -> None:
    """A lawyer's chapter "The regulation of platform liability…" and article "The geometry
    of platform liability…" in one year: title, type and venue may each differ between two
    records of one work, but not all three."""
    chapter = record("p1", work_type="book-chapter", venue="Comparative analysis of state aid",
                     title="The regulation of platform liability in the European Court of "
                     "Human Rights", authors=["Anna de Boer"])  # fmt: skip
    article = record("o1", "orcid", venue="Annals of Law", authors=["Anna de Boer"],
                     title="The geometry of platform liability in the European Court of "
                     "Human Rights")  # fmt: skip
    verdict = score_pair(chapter, article, CONFIG)
    assert not verdict.linked
    assert verdict.evidence["unconfirmed"].startswith("the title's wording")
    same_venue = record("o2", "orcid", venue="Comparative analysis of state aid",
                        title=article.title, authors=["Anna de Boer"])  # fmt: skip
    assert score_pair(chapter, same_venue, CONFIG).linked
