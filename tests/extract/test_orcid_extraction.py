"""ORCID extraction against the simulator: everything visible, at the limit, resumable."""

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import text

from pipeline.config import Settings
from pipeline.context import StageContext
from pipeline.extract import orcid as extract_orcid
from pipeline.extract import pure as extract_pure
from pipeline.normalize.identifiers import orcid as valid_orcid
from sim.faults import fault_profile
from tests.simulated import World, serve_world


def _staged(world: World) -> dict[str, set[int]]:
    staged: dict[str, set[int]] = {}
    with world.engine.connect() as connection:
        for owner, put_code in connection.execute(
            text("SELECT owner_id, orcid_put_code FROM staging.works WHERE source = 'orcid'")
        ):
            staged.setdefault(owner, set()).add(put_code)
    return staged


def _read_records(world: World) -> dict[str, tuple[str, bool]]:
    """iD whose works are read → (status of the iD in Pure, whether we hold its token)."""
    records = world.institution.orcid_records
    holders = {token.orcid for token in world.institution.tokens}
    read = {}
    for person in world.institution.persons:
        orcid = valid_orcid(person.orcid or "")
        if orcid is None or orcid not in records:
            continue
        record = records[orcid]
        if record.status == "deprecated":
            record = records[record.primary_orcid]
        if record.status == "active":
            read[record.orcid] = (records[orcid].status, record.orcid in holders)
    return read


@pytest.mark.world("extracted")
def test_every_public_work_is_staged_and_limited_ones_only_with_a_token(world: World) -> None:
    staged = _staged(world)
    records = world.institution.orcid_records
    read = _read_records(world)
    assert read, "the institution has researchers to read"
    for orcid, (_, has_token) in read.items():
        works = {w.put_code: w for w in records[orcid].works}
        public = {code for code, w in works.items() if w.visibility == "public"}
        limited = {code for code, w in works.items() if w.visibility == "limited"}
        assert public <= staged.get(orcid, set()), orcid
        assert staged.get(orcid, set()) <= set(works), orcid
        if not has_token:
            assert not limited & staged.get(orcid, set()), orcid
    assert any(has_token for _, has_token in read.values())
    assert world.orcid_stats()["member"]["rejected_503"] == 0


@pytest.mark.world("extracted")
def test_deprecated_and_deactivated_records_are_recorded(world: World) -> None:
    with world.engine.connect() as connection:
        statuses = dict(
            connection.execute(
                text("SELECT status, count(*) FROM ops.orcid_record_status GROUP BY status")
            ).all()
        )
        primaries = connection.execute(
            text(
                "SELECT orcid, primary_orcid FROM ops.orcid_record_status "
                "WHERE status = 'deprecated'"
            )
        ).all()
    assert statuses.get("deprecated", 0) >= 1
    assert statuses.get("deactivated", 0) >= 1
    records = world.institution.orcid_records
    for old, primary in primaries:
        assert records[old].primary_orcid == primary


@pytest.mark.world("extracted")
def test_a_second_full_extraction_fetches_nothing_and_duplicates_nothing(world: World) -> None:
    with world.engine.connect() as connection:
        before = connection.execute(text("SELECT count(*) FROM staging.works")).scalar_one()
    summary = extract_orcid.run(StageContext(world.engine, world.settings, world.new_run(), "full"))
    with world.engine.connect() as connection:
        after = connection.execute(text("SELECT count(*) FROM staging.works")).scalar_one()
    assert (summary.works_fetched, summary.works_removed) == (0, 0)
    assert after == before


@pytest.mark.world("extracted", own_simulators=True)
def test_incremental_reads_only_the_researchers_that_changed(world: World) -> None:
    token = next(t for t in world.institution.tokens if t.orcid in _read_records(world))
    work = {
        "title": {"title": {"value": "A freshly added paper on tidal marsh resilience"}},
        "type": "journal-article",
        "external-ids": {
            "external-id": [
                {
                    "external-id-type": "doi",
                    "external-id-value": "10.5555/fresh.2026.001",
                    "external-id-relationship": "self",
                }
            ]
        },
    }
    created = httpx.post(
        f"{world.sims.orcid_member_api_url}/{token.orcid}/work",
        json=work,
        headers={
            "Authorization": f"Bearer {token.access_token}",
            "Content-Type": "application/vnd.orcid+json",
            "Accept": "application/vnd.orcid+json",
        },
    )
    assert created.status_code == 201, created.text
    put_code = int(created.headers["Location"].rsplit("/", 1)[1])

    summary = extract_orcid.run(
        StageContext(world.engine, world.settings, world.new_run(), "incremental")
    )
    assert summary.mode == "incremental"
    assert summary.researchers_read == 1
    assert summary.works_fetched == 1
    assert put_code in _staged(world)[token.orcid]


@pytest.mark.world("extracted", own_simulators=True)
def test_a_researcher_the_last_run_could_not_read_is_read_by_the_next_incremental_one(
    world: World,
) -> None:
    orcid = sorted(_read_records(world))[0]
    # ORCID names a primary that does not exist: the researcher cannot be read this night.
    world.orcid_sim.merged_records = {orcid: "0000-0002-9999-9995"}
    first = extract_orcid.run(StageContext(world.engine, world.settings, world.new_run(), "full"))
    with world.engine.connect() as connection:
        errors = connection.execute(
            text("SELECT record_id, field, message FROM ops.record_errors")
        ).all()
    assert [(e.record_id, e.field) for e in errors] == [(orcid, "record")]
    assert "does not exist" in errors[0].message
    assert first.failed_researchers == 1

    world.orcid_sim.merged_records = {}
    second = extract_orcid.run(
        StageContext(world.engine, world.settings, world.new_run(), "incremental")
    )
    assert second.researchers_read == 1, "read again though nothing changed at ORCID"
    third = extract_orcid.run(
        StageContext(world.engine, world.settings, world.new_run(), "incremental")
    )
    assert third.researchers_read == 0, "and only once"


def test_a_killed_extraction_resumes_without_loss_or_duplicates(world: World) -> None:
    run_id = world.new_run()
    extract_pure.run(StageContext(world.engine, world.settings, run_id, "full"))
    script = (
        "from pipeline.config import Settings; from pipeline.db import make_engine;"
        "from pipeline.context import StageContext; from pipeline.extract import orcid;"
        f"s = Settings(); orcid.run(StageContext(make_engine(s), s, {run_id}, 'full'))"
    )
    environment = dict(os.environ, ORCID_RATE="15")
    process = subprocess.Popen([sys.executable, "-c", script], env=environment)
    deadline = time.monotonic() + 60
    while world.orcid_stats()["member"]["served"] < 40 and time.monotonic() < deadline:
        assert process.poll() is None, "the extraction ended before it could be killed"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partly = sum(len(codes) for codes in _staged(world).values())

    extract_orcid.run(StageContext(world.engine, world.settings, world.new_run(), "full"))
    resumed = _staged(world)
    check = extract_orcid.run(StageContext(world.engine, world.settings, world.new_run(), "full"))
    assert (check.works_fetched, check.works_removed) == (0, 0), "something was lost or extra"
    assert sum(len(codes) for codes in resumed.values()) > partly
    with world.engine.connect() as connection:
        duplicates = connection.execute(
            text(
                "SELECT count(*) FROM (SELECT owner_id, orcid_put_code FROM staging.works "
                "WHERE source = 'orcid' GROUP BY 1, 2 HAVING count(*) > 1) AS d"
            )
        ).scalar_one()
    assert duplicates == 0
    assert json.dumps(world.orcid_stats()["member"]["rejected_503"]) == "0"


@pytest.mark.world("extracted", own_simulators=True)
def test_incremental_after_a_night_of_changes_follows_every_kind_of_change(world: World) -> None:
    before = _staged(world)
    changed = httpx.post(
        f"{world.sims.orcid_url}/__sim/churn", params={"share": 0.25, "seed": 3}
    ).json()
    assert set(changed) == {"added", "retitled", "deleted", "hidden"}

    summary = extract_orcid.run(
        StageContext(world.engine, world.settings, world.new_run(), "incremental")
    )
    assert summary.researchers_read == sum(changed.values())
    after = _staged(world)
    state = world.orcid_state
    for orcid, codes in after.items():
        exists = {s.work.put_code for s in state.works(orcid)}
        still_visible = {
            s.work.put_code for s in state.works(orcid) if s.work.visibility != "private"
        }
        assert codes <= exists, f"{orcid}: a deleted work is still staged"
        assert before.get(orcid, set()) & still_visible <= codes, f"{orcid}: a work was lost"
    with world.engine.connect() as connection:
        corrected = connection.execute(
            text("SELECT count(*) FROM staging.works WHERE title LIKE '%(corrected)'")
        ).scalar_one()
        added = connection.execute(
            text("SELECT count(*) FROM staging.works WHERE title LIKE 'Addendum: %'")
        ).scalar_one()
    assert corrected == changed["retitled"]
    assert added == changed["added"]
    removed = sum(len(before.get(o, set()) - after.get(o, set())) for o in before)
    assert removed >= changed["deleted"]


def test_revoked_tokens_fall_back_to_the_public_token(configured, isolated_settings, engine):
    for world in serve_world(isolated_settings, engine, faults=fault_profile("tokens")):
        run_id = world.new_run()
        extract_pure.run(StageContext(world.engine, world.settings, run_id, "full"))
        # The simulator revokes or expires tokens once it has served 50 member-API requests:
        # during the first run, for whoever is read after that, and for everyone in the
        # second. The expired ones are renewed, the revoked ones refuse their renewal.
        first = extract_orcid.run(StageContext(world.engine, world.settings, run_id, "full"))
        second = extract_orcid.run(
            StageContext(world.engine, world.settings, world.new_run(), "full")
        )
        assert first.tokens_revoked + second.tokens_revoked >= 1
        assert first.tokens_renewed + second.tokens_renewed >= 1
        assert first.failed_researchers == second.failed_researchers == 0
        with world.engine.connect() as connection:
            revoked = connection.execute(
                text("SELECT count(*) FROM ops.orcid_tokens WHERE revoked_at IS NOT NULL")
            ).scalar_one()
        assert revoked == first.tokens_revoked + second.tokens_revoked


def test_flaky_servers_cost_retries_not_researchers(configured, isolated_settings, engine):
    for world in serve_world(isolated_settings, engine, faults=fault_profile("flaky")):
        run_id = world.new_run()
        extract_pure.run(StageContext(world.engine, world.settings, run_id, "full"))
        summary = extract_orcid.run(StageContext(world.engine, world.settings, run_id, "full"))
        assert summary.failed_researchers == 0
        assert world.sims.injected_faults(), "the servers did misbehave"
        assert summary.retries > 0, "each request sent again is counted"
        staged = _staged(world)
        for orcid in _read_records(world):
            public = {
                w.put_code
                for w in world.institution.orcid_records[orcid].works
                if w.visibility == "public"
            }
            assert public <= staged.get(orcid, set()), orcid


def test_several_processes_share_the_extraction_and_the_rate(world: World, isolated_settings):
    isolated_settings.setenv("ORCID_PROCESSES", "2")
    run_id = world.new_run()
    extract_pure.run(StageContext(world.engine, world.settings, run_id, "full"))
    summary = extract_orcid.run(StageContext(world.engine, Settings(), run_id, "full"))
    assert summary.failed_researchers == 0
    assert summary.researchers_read == len(_read_records(world))
    staged = _staged(world)
    for orcid in _read_records(world):
        public = {
            w.put_code
            for w in world.institution.orcid_records[orcid].works
            if w.visibility == "public"
        }
        assert public <= staged.get(orcid, set()), orcid
    assert world.orcid_stats()["member"]["rejected_503"] == 0
