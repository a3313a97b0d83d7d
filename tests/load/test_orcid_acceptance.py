"""Pushing to ORCID as the office runs it: real `pure-orcid run --apply-orcid` processes
against the simulators, the first killed after ORCID answered a POST and before its put-codes
were recorded. Resumed, and run again the next night: the second night posts nothing, no record
holds two of the institution's works for one Pure output or one DOI, every eligible missing
work (by the simulator's truth) is on its researcher's record or on the review list, and no
secret is anywhere: database, run output (Prefect's included), Prefect's log store, report
files."""

from __future__ import annotations

import re
import signal
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
import prefect.settings
import pytest
from sqlalchemy import text

from sim.institution import InstitutionConfig, generate_institution
from sim.model import Institution
from sim.truth import missing_and_pushable
from tests.production import ProductionWorld, production_world

pytestmark = [pytest.mark.usefixtures("prefect_api"), pytest.mark.timeout(1200)]

ENCRYPTED = {("ops.orcid_tokens", "access_token"), ("ops.orcid_tokens", "refresh_token")}


@dataclass
class Night:
    outputs: list[str]
    posts: list[int]
    """POST calls the ORCID simulator had answered after each command."""
    missing: set[tuple[str, int]]
    """(iD, true work) eligible for pushing and missing from the record, by the truth."""
    on_record_before: dict[str, set[int]]


def _stats(world: ProductionWorld) -> dict:
    return httpx.get(f"{world.sims.orcid_url}/__sim/stats").json()


def _sim(world: ProductionWorld):
    return world.sims.orcid_faults.app.state.sim


def _own_works(world: ProductionWorld) -> dict[str, list]:
    sim = _sim(world)
    client = world.environment["ORCID_CLIENT_ID"]
    return {
        orcid: [s.work for s in sim.state.works(orcid) if s.work.source_client_id == client]
        for orcid in sim.state.institution.orcid_records
    }


def _source_work_id(work) -> str:
    [value] = [e.value for e in work.external_ids if e.type == "source-work-id"]
    return value


@pytest.fixture(scope="module")
def institution() -> Institution:
    return generate_institution(InstitutionConfig(researchers=30, seed=7))


@pytest.fixture(scope="module")
def world(
    admin_uri: str, migrated_template: str, institution: Institution, tmp_path_factory
) -> ProductionWorld:
    directory = tmp_path_factory.mktemp("push") / "world"
    with production_world(admin_uri, migrated_template, institution, directory) as world:
        yield world


@pytest.fixture(scope="module")
def night(world: ProductionWorld, institution: Institution) -> Night:
    missing = missing_and_pushable(institution)
    before = {
        orcid: {w.true_work_id for w in record.works}
        for orcid, record in institution.orcid_records.items()
    }
    outputs, posts = [], []
    killed = world.start("run", "--full", "--apply-orcid", probe="load-orcid-posted")
    world.reached("load-orcid-posted", killed)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    posts.append(_stats(world)["works"]["posts"])
    for arguments in (("run", "--resume"), ("run", "--apply-orcid")):
        done = world.command(*arguments)
        assert done.returncode == 0, done.stdout + done.stderr
        outputs.append(done.stdout + done.stderr)
        posts.append(_stats(world)["works"]["posts"])
    return Night(outputs, posts, missing, before)


def test_the_killed_run_resumes_and_the_next_night_posts_nothing(night: Night) -> None:
    killed, resumed, second = night.posts
    assert killed > 0, "the run was killed after ORCID answered a POST"
    assert resumed >= killed
    assert second == resumed, night.outputs[1]
    assert "found on the record from an interrupted run" in night.outputs[0], night.outputs[0]
    assert re.search(r"ORCID: 0 works pushed", night.outputs[1]), night.outputs[1]


def test_no_record_holds_two_of_our_works_for_one_output_or_one_doi(
    world: ProductionWorld, night: Night, institution: Institution
) -> None:
    may_update = {t.orcid for t in institution.tokens if "/activities/update" in t.scopes}
    for orcid, works in _own_works(world).items():
        if orcid not in may_update:
            assert not [w for w in works if w.true_work_id == -1], "written without the scope"
        outputs = Counter(_source_work_id(w) for w in works)
        assert max(outputs.values(), default=0) <= 1, (orcid, outputs.most_common(2))
        dois = Counter(
            e.value.lower()
            for w in works
            for e in w.external_ids
            if e.type == "doi" and e.relationship == "self"
        )
        assert max(dois.values(), default=0) <= 1, (orcid, dois.most_common(2))


def test_every_eligible_missing_work_is_on_the_record_or_held_for_review(
    world: ProductionWorld, night: Night, institution: Institution
) -> None:
    truth = {o.uuid: o.true_work_id for o in institution.pure_outputs}
    on_record = {
        (orcid, truth[_source_work_id(w)])
        for orcid, works in _own_works(world).items()
        for w in works
        if _source_work_id(w) in truth
    }
    with world.engine.connect() as connection:
        held = {
            (orcid, truth[uuid])
            for orcid, uuid in connection.execute(
                text("SELECT orcid, pure_uuid FROM reporting.push_review")
            )
        }
    assert night.missing
    pushed = night.missing & on_record
    unexplained = night.missing - on_record - held
    assert not unexplained
    # Most of what is missing is pushed; the rest looks like a work on the record.
    assert len(pushed) >= 0.9 * len(night.missing), (len(pushed), len(night.missing))
    # Nothing was pushed that the truth says was on the record already.
    created = {
        (orcid, truth[_source_work_id(w)])
        for orcid, works in _own_works(world).items()
        for w in works
        if w.true_work_id == -1
    }
    already = {(orcid, work) for orcid, work in created if work in night.on_record_before[orcid]}
    print(
        f"eligible missing by truth {len(night.missing)}, pushed {len(pushed)}, "
        f"held for review {len(night.missing & held)}, created {len(created)}, "
        f"created although on the record (a private or unread work) {len(already)}"
    )
    assert len(already) <= 0.02 * len(created)


def _secrets(world: ProductionWorld) -> set[str]:
    grants = _sim(world).state.grants.values()
    return {
        secret
        for secret in (
            *(g.access_token for g in grants),
            *(g.refresh_token for g in grants),
            world.environment["ORCID_CLIENT_SECRET"],
            world.environment["PURE_API_KEY"],
            world.environment["ORCID_TOKEN_KEY"],
        )
        if secret
    }


def _database_text(world: ProductionWorld) -> list[tuple[str, str]]:
    """Every row of every table, as JSON text, the encrypted columns left out."""
    found = []
    with world.engine.connect() as connection:
        tables = connection.execute(
            text(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                " WHERE table_type = 'BASE TABLE'"
                "   AND table_schema NOT IN ('pg_catalog', 'information_schema')"
            )
        ).scalars()
        for table in tables:
            dropped = [column for name, column in ENCRYPTED if name == table]
            rows = connection.execute(
                text(f"SELECT (to_jsonb(t) - CAST(:dropped AS text[]))::text FROM {table} AS t"),
                {"dropped": dropped},
            ).scalars()
            found += [(table, row) for row in rows]
    return found


def test_no_secret_is_anywhere(world: ProductionWorld, night: Night) -> None:
    secrets = _secrets(world)
    assert len(secrets) > 10
    pattern = re.compile("|".join(re.escape(s) for s in secrets))
    for table, row in _database_text(world):
        assert not pattern.search(row), table
    for output in night.outputs:
        assert not pattern.search(output)
    prefect_db = prefect.settings.PREFECT_SERVER_DATABASE_CONNECTION_URL.value()
    stores = [Path(p) for p in re.findall(r"///(.+)$", prefect_db)]
    files = [p for p in world.directory.rglob("*") if p.is_file()]
    files += [f for store in stores for f in store.parent.glob(store.name + "*")]
    assert any(p.suffix == ".html" for p in files), "the report was written"
    for path in files:
        content = path.read_bytes().decode("utf-8", "replace")
        assert not pattern.search(content), path
