"""ORCID extraction against the simulator: everything visible, at the limit, resumable."""

import json
import os
import signal
import subprocess
import sys
import time

import httpx
from sqlalchemy import text

from pipeline.extract.orcid import extract_orcid
from pipeline.extract.pure import extract_pure
from pipeline.normalize.identifiers import orcid as valid_orcid
from tests.simulated import World


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


def _full_extraction(world: World) -> int:
    run_id = world.new_run()
    extract_pure(world.engine, world.settings, run_id, full=True)
    extract_orcid(world.engine, world.settings, run_id, incremental=False)
    return run_id


def test_every_public_work_is_staged_and_limited_ones_only_with_a_token(world: World) -> None:
    _full_extraction(world)
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


def test_deprecated_and_deactivated_records_are_recorded(world: World) -> None:
    _full_extraction(world)
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


def test_a_second_full_extraction_fetches_nothing_and_duplicates_nothing(world: World) -> None:
    _full_extraction(world)
    with world.engine.connect() as connection:
        before = connection.execute(text("SELECT count(*) FROM staging.works")).scalar_one()
    summary = extract_orcid(world.engine, world.settings, world.new_run(), incremental=False)
    with world.engine.connect() as connection:
        after = connection.execute(text("SELECT count(*) FROM staging.works")).scalar_one()
    assert (summary.works_fetched, summary.works_removed) == (0, 0)
    assert after == before


def test_incremental_reads_only_the_researchers_that_changed(world: World) -> None:
    _full_extraction(world)
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

    summary = extract_orcid(world.engine, world.settings, world.new_run(), incremental=True)
    assert summary.incremental
    assert summary.researchers_read == 1
    assert summary.works_fetched == 1
    assert put_code in _staged(world)[token.orcid]


def test_a_killed_extraction_resumes_without_loss_or_duplicates(world: World) -> None:
    run_id = world.new_run()
    extract_pure(world.engine, world.settings, run_id, full=True)
    script = (
        "from pipeline.config import Settings; from pipeline.db import make_engine;"
        "from pipeline.extract.orcid import extract_orcid;"
        f"s = Settings(); extract_orcid(make_engine(s), s, {run_id}, incremental=False)"
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

    extract_orcid(world.engine, world.settings, world.new_run(), incremental=False)
    resumed = _staged(world)
    check = extract_orcid(world.engine, world.settings, world.new_run(), incremental=False)
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
