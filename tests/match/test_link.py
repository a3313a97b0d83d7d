"""`link` end to end through PostgreSQL: candidates, verdicts and the choice among them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

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


def test_strong_id_links_records_whose_titles_differ(engine: Engine) -> None:
    doi = [ident("doi", "10.1016/j.vis.2019.01.001")]
    left = [record("p1", "pure", identifiers=doi)]
    right = [record("o1", "orcid", title="Über spärliche Kodierung", identifiers=doi)]
    [found] = link(engine, left, right)
    assert (found.left_id, found.right_id, found.score, found.method) == (
        "p1",
        "o1",
        1.0,
        "identifier",
    )
    assert found.evidence == {"identifier": "doi", "value": "10.1016/j.vis.2019.01.001"}


def test_different_dois_veto_equal_titles(engine: Engine) -> None:
    left = [record("p1", "pure", identifiers=[ident("doi", "10.1109/icv.2018.001")])]
    right = [record("o1", "orcid", identifiers=[ident("doi", "10.1016/j.vis.2019.002")])]
    assert link(engine, left, right) == []


def test_records_of_other_owners_never_compared(engine: Engine) -> None:
    assert link(engine, [record("p1", "pure")], [record("o1", "orcid", owner="someone")]) == []


def test_year_window_bounds_title_candidates(engine: Engine) -> None:
    right = [record("o1", "orcid", year=2015), record("o2", "orcid", year=None)]
    assert pairs(link(engine, [record("p1", "pure")], right)) == {("p1", "o2")}


def test_each_record_gets_its_best_partner_only(engine: Engine) -> None:
    """Two right records share the left one's title: only the better is linked, one to one."""
    left = [record("l1", "left")]
    right = [record("r1", "right", year=2018), record("r2", "right")]
    [found] = link(engine, left, right)
    assert (found.right_id, found.method) == ("r2", "title")
    assert found.evidence["year"] == 1.0


def test_same_work_groups_link_every_record_of_the_work(engine: Engine) -> None:
    """Pure against ORCID: one work is an ORCID work per source (and a hand-entered copy)."""
    doi = [ident("doi", "10.1016/j.vis.2019.01.001")]
    left = [record("p1", "pure", identifiers=doi)]
    right = [
        record("o1", "orcid", identifiers=doi),
        record("o2", "orcid", identifiers=doi, title=TITLE.upper()),
        record("o3", "orcid", venue=None, authors="Jan de Vries"),
        record("o4", "orcid", identifiers=[ident("doi", "10.1016/j.vis.2019.01.002")]),
    ]
    groups = MatchConfig(assignment="same-work-groups")
    assert pairs(link(engine, left, right, groups)) == {("p1", "o1"), ("p1", "o2"), ("p1", "o3")}
    assert len(link(engine, left, right)) == 1


def test_duplicates_within_one_table_do_not_chain(engine: Engine) -> None:
    """b looks like both a and c, but a and c have different DOIs: they can never be in one
    cluster, so b joins one of them and the other stays alone."""
    table = [
        record("a", "pure", identifiers=[ident("doi", "10.1016/j.vis.2019.01.001")]),
        record("b", "pure"),
        record("c", "pure", identifiers=[ident("doi", "10.1016/j.vis.2019.01.002")]),
        record("d", "pure", title="A different work on the retina"),
    ]
    found = pairs(link(engine, table))
    assert found in ({("a", "b")}, {("b", "c")})


def test_duplicate_cluster_lists_every_pair_with_its_evidence(engine: Engine) -> None:
    table = [
        record("a", "pure"),
        record("b", "pure", title=TITLE.upper()),
        record("c", "pure", title=f"{TITLE}: a model", authors="Jan de Vries"),
    ]
    links = link(engine, table)
    assert pairs(links) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert all(k.method == "title" and "title_rule" in k.evidence for k in links)
