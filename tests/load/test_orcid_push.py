"""Pushing to ORCID against the simulator over HTTP: missing works created once, never twice,
whatever crashes between the POST and its bookkeeping; changed ones updated, withdrawn ones
deleted, ones the researcher deleted left alone; look-alikes held for review."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import text

from pipeline.context import StageContext
from pipeline.load import run as load
from tests.simulated import World


def _context(world: World, *, apply: bool = True, **settings: object) -> StageContext:
    assert world.run_id is not None
    return StageContext(
        world.engine,
        world.settings.model_copy(update=settings),
        world.run_id,
        "incremental",
        frozenset({"orcid"}) if apply else frozenset(),
    )


def own_works(world: World) -> dict[str, list]:
    """The works on each record that the institution's client is the source of."""
    client = world.settings.orcid_client_id
    state = world.orcid_state
    found = {}
    for orcid in world.institution.orcid_records:
        works = [s.work for s in state.works(orcid) if s.work.source_client_id == client]
        if works:
            found[orcid] = works
    return found


def source_work_ids(work) -> list[str]:
    return [e.value for e in work.external_ids if e.type == "source-work-id"]


def assert_no_duplicates(world: World) -> None:
    for orcid, works in own_works(world).items():
        outputs = Counter(v for w in works for v in source_work_ids(w))
        assert max(outputs.values(), default=0) <= 1, (orcid, outputs.most_common(3))
        dois = Counter(
            e.value.lower()
            for w in works
            for e in w.external_ids
            if e.type == "doi" and e.relationship == "self"
        )
        assert max(dois.values(), default=0) <= 1, (orcid, dois.most_common(3))


@pytest.mark.world("validated", own_simulators=True)
def test_missing_works_are_pushed_once_and_a_second_load_posts_nothing(world: World) -> None:
    before = world.orcid_stats()["works"]["created"]
    first = load(_context(world)).orcid
    assert first.applied
    assert first.pushed > 0
    assert first.pushed == first.to_push - first.refused
    created = world.orcid_stats()["works"]["created"] - before
    assert created == first.pushed - first.adopted
    assert_no_duplicates(world)
    with world.engine.connect() as connection:
        pushed = connection.execute(
            text("SELECT count(*) FROM ops.orcid_pushes WHERE state = 'pushed'")
        ).scalar_one()
        audited = connection.execute(
            text("SELECT count(*) FROM reporting.orcid_writes WHERE method = 'POST'")
        ).scalar_one()
    assert pushed == first.pushed
    assert audited >= first.pushed

    second = load(_context(world)).orcid
    assert second.to_push == 0
    assert second.post_calls == 0
    assert world.orcid_stats()["works"]["created"] - before == created
    assert_no_duplicates(world)
