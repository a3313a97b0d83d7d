"""The nightly match stage against a simulated institution whose right answers are known."""

from collections import defaultdict

import pytest
from sqlalchemy import text

from pipeline import match
from pipeline.context import StageContext
from sim.institution import hard_negative_pairs
from tests.simulated import World

pytestmark = pytest.mark.world("extracted")


def _match(world: World):
    """Match the run that extracted the world, as the night's match stage does."""
    return world.run_id, match.run(StageContext(world.engine, world.settings, world.run_id))


def _rows(world: World, sql: str) -> list:
    with world.engine.connect() as connection:
        return list(connection.execute(text(sql)).all())


def _truth(world: World) -> tuple[dict[str, int], dict[str, int]]:
    pure = {o.uuid: o.true_work_id for o in world.institution.pure_outputs}
    orcid = {
        f"{w.orcid}/work/{w.put_code}": w.true_work_id
        for record in world.institution.orcid_records.values()
        for w in record.works
    }
    return pure, orcid


def test_pure_outputs_are_linked_to_their_orcid_works(world: World) -> None:
    _, summary = _match(world)
    pure_truth, orcid_truth = _truth(world)
    links = _rows(
        world,
        "SELECT owner, left_record_id, right_record_id FROM core.match_links "
        "WHERE kind = 'same-work'",
    )
    members = _rows(world, "SELECT owner, source, record_id FROM core.work_clusters")
    assert summary.same_work_links == len({(p, o) for _, p, o in links})
    right = [(owner, p) for owner, p, o in links if pure_truth[p] == orcid_truth[o]]
    assert len(right) / len(links) >= 0.99, "precision"

    orcid_of_owner: dict[str, set[int]] = defaultdict(set)
    for owner, source, record_id in members:
        if source == "orcid":
            orcid_of_owner[owner].add(orcid_truth[record_id])
    expected = {
        (owner, record_id)
        for owner, source, record_id in members
        if source == "pure" and pure_truth[record_id] in orcid_of_owner[owner]
    }
    assert len(set(right) & expected) / len(expected) >= 0.95, "recall"


def test_no_planted_hard_negative_is_linked(world: World) -> None:
    _match(world)
    pure_truth, orcid_truth = _truth(world)
    negatives = {
        frozenset((pair.a, pair.b))
        for pair in hard_negative_pairs(world.institution.true_works.values())
    }
    assert negatives
    links = _rows(
        world,
        "SELECT left_source, left_record_id, right_source, right_record_id FROM core.match_links",
    )
    truth = {"pure": pure_truth, "orcid": orcid_truth}
    for left_source, left, right_source, right in links:
        pair = frozenset((truth[left_source][left], truth[right_source][right]))
        assert pair not in negatives, (left, right)


def test_a_full_run_matches_everyone_again_and_replaces_the_links(world: World) -> None:
    _, first = _match(world)
    second_run = world.new_run()
    second = match.run(StageContext(world.engine, world.settings, second_run, "full"))
    assert second.same_work_links == first.same_work_links
    assert second.researchers_matched == first.researchers_matched == first.researchers
    assert _rows(world, "SELECT DISTINCT run_id FROM core.match_links") == [(second_run,)]


def _links_by_owner(world: World) -> dict[str, set[tuple]]:
    found: dict[str, set[tuple]] = defaultdict(set)
    for owner, *link in _rows(
        world,
        "SELECT owner, kind, left_record_id, right_record_id, score, method, run_id "
        "FROM core.match_links",
    ):
        found[owner].add(tuple(link))
    return found


def test_an_incremental_run_matches_only_researchers_whose_records_changed(
    world: World,
) -> None:
    """Nothing changed: nobody is matched again. One ORCID work retitled and one Pure output
    removed: exactly their researchers are, and everyone else keeps the links of the run that
    matched them."""
    _match(world)
    before = _links_by_owner(world)
    idle = match.run(StageContext(world.engine, world.settings, world.new_run()))
    assert (idle.researchers_matched, idle.same_work_links) == (0, 0)
    assert _links_by_owner(world) == before

    [(orcid_work, orcid_owners)] = _rows(
        world,
        "SELECT w.source_record_id, array_agg(p.source_record_id) FROM staging.works AS w "
        "JOIN staging.persons AS p ON p.orcid = w.owner_id WHERE w.source = 'orcid' "
        "GROUP BY 1 ORDER BY 1 LIMIT 1",
    )
    [(output, authors)] = _rows(
        world,
        "SELECT source_record_id, array_agg(DISTINCT pure_person_id) "
        "FROM staging.work_contributors WHERE source = 'pure' AND pure_person_id IS NOT NULL "
        "GROUP BY 1 ORDER BY 1 LIMIT 1",
    )
    with world.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE staging.raw_records SET payload_sha256 = 'changed' "
                "WHERE source = 'orcid' AND source_record_id = :id"
            ),
            {"id": orcid_work},
        )
        connection.execute(
            text("DELETE FROM staging.works WHERE source = 'pure' AND source_record_id = :id"),
            {"id": output},
        )
        connection.execute(
            text(
                "DELETE FROM staging.work_contributors "
                "WHERE source = 'pure' AND source_record_id = :id"
            ),
            {"id": output},
        )
    third_run = world.new_run()
    third = match.run(StageContext(world.engine, world.settings, third_run))
    changed = set(orcid_owners) | set(authors)
    assert third.researchers_matched == len(changed)
    after = _links_by_owner(world)
    rematched = {
        owner for owner, links in after.items() if any(link[-1] == third_run for link in links)
    }
    assert rematched <= changed
    for owner in set(before) - changed:
        assert after[owner] == before[owner], owner
    assert not any(output in (link[1], link[2]) for links in after.values() for link in links)


def test_new_matching_rules_match_everyone_again(world: World, monkeypatch) -> None:
    _, first = _match(world)
    monkeypatch.setattr("pipeline.match.institution.rules_version", lambda config: "a-new-version")
    again = match.run(StageContext(world.engine, world.settings, world.new_run()))
    assert again.researchers_matched == first.researchers
    assert _rows(world, "SELECT DISTINCT rules_version FROM core.match_links") == [
        ("a-new-version",)
    ]


def test_worker_processes_find_the_same_links_as_one_process(world: World) -> None:
    """Batches matched in parallel processes, each with its own connection, write exactly the
    links one process writes."""

    def links() -> set[tuple]:
        return set(
            _rows(
                world,
                "SELECT owner, kind, left_record_id, right_record_id, score, method "
                "FROM core.match_links",
            )
        )

    _, alone = _match(world)
    expected = links()
    parallel = match.run(
        StageContext(world.engine, world.settings, world.new_run(), "full"), batch=7, processes=2
    )
    assert links() == expected
    assert (parallel.same_work_links, parallel.pure_records) == (
        alone.same_work_links,
        alone.pure_records,
    )
