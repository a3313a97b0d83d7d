"""`link` end to end: candidates, verdicts and the choice among them."""

from __future__ import annotations

from typing import Any

from pipeline.match.config import MatchConfig
from pipeline.match.link import link
from pipeline.match.records import MatchRecord, make_record
from tests.match.test_rules import ident

TITLE = "Sparse coding of natural images in the primary visual cortex"


def record(record_id: str, side: str, **fields: Any) -> MatchRecord:
    values: dict[str, Any] = {
        "title": TITLE,
        "year": 2019,
        "venue": "Journal of Vision",
        "authors": "de Vries, Jan; Jansen, Maria",
    } | fields
    return make_record(record_id, side, values.pop("owner", "researcher-1"), **values)


def pairs(links: list) -> set[tuple[str, str]]:
    return {(k.left_id, k.right_id) for k in links}


def test_strong_id_links_records_whose_titles_differ() -> None:
    doi = [ident("doi", "10.1016/j.vis.2019.01.001")]
    left = [record("p1", "pure", identifiers=doi)]
    right = [record("o1", "orcid", title="Über spärliche Kodierung", identifiers=doi)]
    [found] = link(left, right)
    assert (found.left_id, found.right_id, found.score, found.method) == (
        "p1",
        "o1",
        1.0,
        "identifier",
    )
    assert found.evidence == {"identifier": "doi", "value": "10.1016/j.vis.2019.01.001"}


def test_different_dois_veto_equal_titles() -> None:
    left = [record("p1", "pure", identifiers=[ident("doi", "10.1109/icv.2018.001")])]
    right = [record("o1", "orcid", identifiers=[ident("doi", "10.1016/j.vis.2019.002")])]
    assert link(left, right) == []


def test_records_of_other_owners_never_compared() -> None:
    assert link([record("p1", "pure")], [record("o1", "orcid", owner="someone")]) == []


def test_year_window_bounds_title_candidates() -> None:
    right = [record("o1", "orcid", year=2015), record("o2", "orcid", year=None)]
    assert pairs(link([record("p1", "pure")], right)) == {("p1", "o2")}


def test_each_record_gets_its_best_partner_only() -> None:
    """Two right records share the left one's title: only the better is linked, one to one."""
    left = [record("l1", "left")]
    right = [record("r1", "right", year=2018), record("r2", "right")]
    [found] = link(left, right)
    assert (found.right_id, found.method) == ("r2", "title")
    assert found.evidence["year"] == 1.0


def test_same_work_groups_link_every_record_of_the_work() -> None:
    """Pure against ORCID: one work is an ORCID work per source (and a hand-entered copy)."""
    doi = [ident("doi", "10.1016/j.vis.2019.01.001")]
    left = [record("p1", "pure", identifiers=doi)]
    right = [
        record("o1", "orcid", identifiers=doi),
        record("o2", "orcid", identifiers=doi, title=TITLE.upper()),
        record("o3", "orcid", venue=None, authors="Jan de Vries"),
        record("o4", "orcid", year=2015, identifiers=[ident("doi", "10.1016/j.vis.2015.01.002")]),
    ]
    groups = MatchConfig(assignment="same-work-groups")
    assert pairs(link(left, right, groups)) == {("p1", "o1"), ("p1", "o2"), ("p1", "o3")}
    assert len(link(left, right)) == 1


def test_duplicates_within_one_table_do_not_chain() -> None:
    """b looks like both a and c, but a and c have different DOIs: they can never be in one
    cluster. b agrees with a on the year, so it joins a, and c stays alone."""
    table = [
        record("a", "pure", identifiers=[ident("doi", "10.1016/j.vis.2019.01.001")]),
        record("b", "pure"),
        record("c", "pure", year=2018, identifiers=[ident("doi", "10.1016/j.vis.2018.01.002")]),
        record("d", "pure", title="A different work on the retina"),
    ]
    assert pairs(link(table)) == {("a", "b")}


def test_a_copy_equally_like_two_different_works_is_linked_to_neither() -> None:
    """A hand-entered copy without identifiers, type or venue, whose title two works share
    (two columns, a preprint and its article): whichever it were linked to, it could be the
    wrong one, and a wrong link hides a missing work."""
    table = [
        record("a", "pure", identifiers=[ident("doi", "10.1016/j.vis.2019.01.001")]),
        record("b", "pure", venue=None),
        record("c", "pure", identifiers=[ident("doi", "10.1016/j.vis.2019.01.002")]),
    ]
    assert pairs(link(table)) == set()
    groups = MatchConfig(assignment="same-work-groups")
    assert pairs(link([table[1]], [table[0], table[2]], groups)) == set()


def test_identical_columns_in_both_tables_are_not_paired_at_random() -> None:
    """Two "Book review column"s by one editor in one year on each side: nothing tells which is
    which, so none is linked, rather than half of them wrongly."""
    column = {"title": "Book review column", "authors": "Karl Aberer", "venue": "SIGMOD Record"}
    left = [record("l1", "left", **column), record("l2", "left", **column)]
    right = [record("r1", "right", **column), record("r2", "right", **column)]
    assert link(left, right) == []
    assert pairs(link(left[:1], right[:1])) == {("l1", "r1")}


def test_more_co_authors_decide_between_two_columns() -> None:
    """A column by three people and one by two others, each with the editor; the other source
    lists the three: that is the one it is, though the editor alone matches both."""
    title = "Reminiscences on influential papers"
    left = [
        record("l1", "left", title=title, authors="K. A. Ross, Theodore Johnson, Amr El Abbadi"),
        record("l2", "left", title=title, authors="K. A. Ross, Flip Korn, Renée J. Miller"),
    ]
    right = [record("r1", "right", title=title, authors="Ross, K. A.; Johnson, T.")]
    assert pairs(link(left, right)) == {("l1", "r1")}


def test_duplicate_cluster_lists_every_pair_with_its_evidence() -> None:
    table = [
        record("a", "pure"),
        record("b", "pure", title=TITLE.upper()),
        record("c", "pure", title=f"{TITLE}: a model", authors="Jan de Vries"),
    ]
    links = link(table)
    assert pairs(links) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert all(k.method == "title" and "title_rule" in k.evidence for k in links)


def test_a_preprint_and_its_published_article_are_never_linked() -> None:
    """The published article in Pure, the arXiv preprint in ORCID without the version-of DOI,
    and a copy of one of them entered by hand (type "other", no venue, no identifiers): the
    preprint is not the article, and the copy could be either, so it is linked to neither."""
    groups = MatchConfig(assignment="same-work-groups")
    article = record("p1", "pure", work_type="journal-article",
                     identifiers=[ident("doi", "10.1016/j.vis.2019.01.001")])  # fmt: skip
    preprint = record("o1", "orcid", venue="arXiv", work_type="preprint",
                      identifiers=[ident("arxiv", "arXiv:1901.01234v1")])  # fmt: skip
    copy = record("o2", "orcid", venue=None, work_type="other", authors="Jan de Vries")
    assert link([article], [preprint], groups) == []
    assert link([article], [preprint, copy], groups) == []
    assert pairs(link([article], [copy], groups)) == {("p1", "o2")}
