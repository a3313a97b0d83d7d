"""Pushing to ORCID against the simulator over HTTP: missing works created once, never twice,
whatever crashes between the POST and its bookkeeping; changed ones updated, withdrawn ones
deleted, ones the researcher deleted left alone; look-alikes held for review; a revoked token
costs its researcher only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import text

import pipeline.load.orcid as load_orcid
from pipeline.cli import main
from pipeline.context import StageContext
from pipeline.load import describe_orcid
from pipeline.load import run as load
from pipeline.load.orcid import OrcidLoadSummary, push_to_orcid
from pipeline.publish.report.write import write_report
from pipeline.sources.orcid.tokens import GrantedToken, store_tokens, token_cipher
from sim.institution import hard_negative_pairs
from tests.load import orcid_xml
from tests.simulated import World

SAMPLES = Path(__file__).resolve().parents[3] / "shared/fixtures/orcid/orcid-model/write_samples"


def _context(world: World, *, apply: bool = True, **settings: object) -> StageContext:
    assert world.run_id is not None
    return StageContext(
        world.engine,
        world.settings.model_copy(update=settings),
        world.run_id,
        "incremental",
        frozenset({"orcid"}) if apply else frozenset(),
    )


def _push(world: World, **settings: object) -> OrcidLoadSummary:
    return load(_context(world, **settings)).orcid


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


def source_work_id(work) -> str:
    [value] = [e.value for e in work.external_ids if e.type == "source-work-id"]
    return value


def assert_no_duplicates(world: World) -> None:
    """No record holds two works of this client for one Pure output or one DOI."""
    for orcid, works in own_works(world).items():
        outputs = Counter(source_work_id(w) for w in works)
        assert max(outputs.values(), default=0) <= 1, (orcid, outputs.most_common(3))
        dois = Counter(
            e.value.lower()
            for w in works
            for e in w.external_ids
            if e.type == "doi" and e.relationship == "self"
        )
        assert max(dois.values(), default=0) <= 1, (orcid, dois.most_common(3))


def _scalar(world: World, sql: str, **params: object) -> Any:
    with world.engine.connect() as connection:
        return connection.execute(text(sql), params).scalar_one()


def _pushes(world: World) -> dict[tuple[str, str], tuple[str, int | None]]:
    with world.engine.connect() as connection:
        return {
            (orcid, uuid): (state, put_code)
            for orcid, uuid, state, put_code in connection.execute(
                text("SELECT orcid, pure_uuid, state, put_code FROM ops.orcid_pushes")
            )
        }


def _pushed_work(world: World) -> tuple[str, str, int]:
    """One pushed work: (iD, Pure UUID, put-code)."""
    orcid, uuid, put_code = sorted(
        (orcid, uuid, code)
        for (orcid, uuid), (state, code) in _pushes(world).items()
        if state == "pushed" and code is not None
    )[0]
    return orcid, uuid, put_code


@pytest.mark.world("validated", own_simulators=True)
def test_missing_works_are_pushed_once_and_a_second_load_posts_nothing(world: World) -> None:
    before = world.orcid_stats()["works"]
    first = _push(world)
    after = world.orcid_stats()["works"]
    assert first.applied
    assert first.pushed > 0
    assert first.refused == 0
    assert first.pushed == first.to_push
    assert after["created"] - before["created"] == first.pushed
    assert after["posts"] - before["posts"] == first.post_calls
    assert_no_duplicates(world)
    pushed = [key for key, (state, _) in _pushes(world).items() if state == "pushed"]
    assert len(pushed) == first.pushed
    for orcid, uuid in pushed:
        assert uuid in {source_work_id(w) for w in own_works(world)[orcid]}
    assert _scalar(world, "SELECT count(*) FROM reporting.orcid_writes WHERE method = 'POST'") == (
        first.pushed
    )

    second = _push(world)
    assert second.to_push == 0
    assert second.post_calls == 0
    assert (second.updated, second.deleted, second.refused) == (0, 0, 0)
    assert world.orcid_stats()["works"]["posts"] == after["posts"]
    assert world.orcid_stats()["works"]["created"] == after["created"]
    assert_no_duplicates(world)


@pytest.mark.world("validated", own_simulators=True)
def test_works_orcid_says_were_already_added_are_adopted_not_duplicated(world: World) -> None:
    """The bookkeeping lost (a database restored from before the push): ORCID's 9021 names
    the work this client already added for the output, which is adopted and updated."""
    first = _push(world)
    recorded = _pushes(world)
    with world.engine.begin() as connection:
        connection.execute(text("DELETE FROM ops.orcid_pushes"))
    created = world.orcid_stats()["works"]["created"]

    again = _push(world)

    assert again.post_calls > 0
    assert again.adopted == again.pushed == first.pushed
    assert world.orcid_stats()["works"]["created"] == created
    assert _pushes(world) == recorded
    assert_no_duplicates(world)
    outcomes = _scalar(
        world,
        "SELECT count(*) FROM reporting.orcid_writes"
        " WHERE method = 'POST' AND error_code = 9021 AND outcome = 'already added: adopted'",
    )
    assert outcomes == first.pushed


@pytest.mark.world("validated", own_simulators=True)
def test_changed_outputs_are_updated_withdrawn_ones_deleted(world: World) -> None:
    _push(world)
    changed_orcid, changed, changed_code = _pushed_work(world)
    withdrawn_orcid, withdrawn, withdrawn_code = sorted(
        (o, u, c) for (o, u), (s, c) in _pushes(world).items() if s == "pushed" and u != changed
    )[-1]
    # The next night reads a new title for one output, and another made private in Pure.
    with world.engine.begin() as connection:
        connection.execute(
            text("UPDATE staging.works SET title = 'A corrected title' WHERE source = 'pure'"
                 " AND source_record_id = :uuid"),
            {"uuid": changed},
        )  # fmt: skip
        connection.execute(
            text("UPDATE staging.works SET pure_visibility = 'RESTRICTED' WHERE source = 'pure'"
                 " AND source_record_id = :uuid"),
            {"uuid": withdrawn},
        )  # fmt: skip
    posts = world.orcid_stats()["works"]["posts"]

    summary = _push(world)

    assert (summary.to_update, summary.updated) == (1, 1)
    assert (summary.to_delete, summary.deleted) == (1, 1)
    assert summary.post_calls == 0
    assert world.orcid_stats()["works"]["posts"] == posts
    assert world.orcid_state.find(changed_orcid, changed_code).work.title == "A corrected title"
    assert world.orcid_state.find(withdrawn_orcid, withdrawn_code) is None
    assert _pushes(world)[(withdrawn_orcid, withdrawn)] == ("removed", None)
    # The digest of what was sent: nothing changed since, nothing to update.
    quiet = _push(world)
    assert (quiet.to_update, quiet.to_delete, quiet.to_push) == (0, 0, 0)


@pytest.mark.world("validated", own_simulators=True)
def test_a_work_the_researcher_deleted_is_never_pushed_again_unless_allowed(
    world: World, configured_for: None
) -> None:
    _push(world)
    orcid, uuid, put_code = _pushed_work(world)
    world.orcid_state.remove(orcid, put_code, world.orcid_sim.now())

    noticed = _push(world)
    assert noticed.deleted_by_researcher == 1
    assert noticed.post_calls == 0
    assert _pushes(world)[(orcid, uuid)] == ("deleted-by-researcher", put_code)
    later = _push(world)
    assert (later.to_push, later.post_calls, later.deleted_by_researcher) == (0, 0, 0)
    assert uuid not in {source_work_id(w) for w in own_works(world).get(orcid, [])}

    refused = CliRunner().invoke(main, ["orcid", "allow-push", orcid, "no-such-output"])
    assert refused.exit_code == 1
    assert "no work of Pure output no-such-output" in refused.output
    allowed = CliRunner().invoke(main, ["orcid", "allow-push", orcid, uuid])
    assert allowed.exit_code == 0, allowed.output
    assert "may be pushed" in allowed.output
    again = _push(world)
    assert again.pushed == 1
    assert uuid in {source_work_id(w) for w in own_works(world)[orcid]}
    assert_no_duplicates(world)


@pytest.fixture
def configured_for(world: World, isolated_settings: pytest.MonkeyPatch) -> None:
    """The command line configured for the world's database and simulators."""
    for name, value in world.sims.environment().items():
        isolated_settings.setenv(name, value)
    isolated_settings.setenv("DATABASE_URL", world.engine.url.render_as_string(False))


@pytest.mark.world("validated", own_simulators=True)
def test_look_alikes_of_works_on_the_record_are_held_for_review_not_pushed(world: World) -> None:
    """The synthetic institution's hard negatives (preprint and published version, reply and
    comment, erratum, same title another year…): an output missing from ORCID whose
    counterpart is on the researcher's record is never pushed, and is on the review list."""
    summary = _push(world)
    pure_truth = {o.uuid: o.true_work_id for o in world.institution.pure_outputs}
    counterparts: dict[int, set[int]] = {}
    for pair in hard_negative_pairs(world.institution.true_works.values()):
        counterparts.setdefault(pair.a, set()).add(pair.b)
        counterparts.setdefault(pair.b, set()).add(pair.a)
    with world.engine.connect() as connection:
        staged_orcid = {
            (owner, put_code)
            for owner, put_code in connection.execute(
                text("SELECT owner_id, orcid_put_code FROM staging.works WHERE source = 'orcid'")
            )
        }
        candidates = connection.execute(
            text(
                "SELECT DISTINCT m.person_uuid, i.works_orcid, m.pure_uuid"
                "  FROM core.works_missing_from_orcid AS m"
                "  JOIN core.researcher_identity AS i USING (person_uuid)"
                " WHERE m.connected AND m.publication_status IN ('published', 'epub')"
            )
        ).all()
        held = set(
            connection.execute(text("SELECT person_uuid, pure_uuid FROM reporting.push_review"))
        )
    on_record: dict[str, set[int]] = {}
    for orcid, record in world.institution.orcid_records.items():
        on_record[orcid] = {
            w.true_work_id for w in record.works if (orcid, w.put_code) in staged_orcid
        }
    pushed = {(o, source_work_id(w)) for o, works in own_works(world).items() for w in works}
    cases = [
        (person, orcid, uuid)
        for person, orcid, uuid in candidates
        if counterparts.get(pure_truth[uuid], set()) & on_record.get(orcid, set())
        and pure_truth[uuid] not in on_record.get(orcid, set())
    ]
    assert cases, "the world plants look-alikes whose counterpart is on the record"
    for person, orcid, uuid in cases:
        assert (orcid, uuid) not in pushed, uuid
        assert (person, uuid) in held, uuid
    assert summary.held_for_review >= len({(p, u) for p, _, u in cases})


def _writable_with_something_to_push(world: World) -> list[str]:
    """iDs whose token may update works and that a dry run would push something to."""
    with world.engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT DISTINCT i.works_orcid FROM core.works_missing_from_orcid AS m"
                    "  JOIN core.researcher_identity AS i USING (person_uuid)"
                    "  JOIN ops.orcid_tokens AS t ON t.orcid = i.works_orcid"
                    " WHERE '/activities/update' = ANY (t.scopes) AND m.connected"
                    "   AND m.publication_status IN ('published', 'epub')"
                    "   AND NOT EXISTS (SELECT 1 FROM core.push_review AS h"
                    "        WHERE h.person_uuid = m.person_uuid AND h.pure_uuid = m.pure_uuid)"
                    " ORDER BY 1"
                )
            ).scalars()
        )


@pytest.mark.world("validated", own_simulators=True)
def test_a_token_revoked_mid_run_costs_its_researcher_only_until_a_new_one_is_imported(
    world: World,
) -> None:
    dry = load(_context(world, apply=False)).orcid
    writers = _writable_with_something_to_push(world)
    victim = writers[len(writers) // 2]
    grant = next(
        g for g in world.orcid_state.grants.values() if g.orcid == victim and g.from_institution
    )
    # The simulator withdraws the victim's grant the first time it is used in the run, after
    # other researchers' works were pushed.
    world.orcid_sim.token_faults = {grant.access_token: "revoked"}
    had = len(own_works(world).get(victim, []))

    first = _push(world)

    skipped = [line for line in first.skipped_researchers if line.startswith(victim)]
    assert len(skipped) == 1
    assert "refresh token" in skipped[0]
    assert grant.access_token not in skipped[0]
    assert "1 researchers skipped" in describe_orcid(dataclasses.asdict(first))
    left_out = dry.to_push - first.pushed
    assert left_out > 0
    assert first.pushed > 0
    assert len(own_works(world).get(victim, [])) == had
    reason = _scalar(
        world, "SELECT revoked_reason FROM ops.orcid_tokens WHERE orcid = :o", o=victim
    )
    assert reason is not None
    assert grant.access_token not in reason
    assert grant.refresh_token not in reason

    # Nothing is written for the victim until they grant a new token.
    assert _push(world).pushed == 0
    new = world.orcid_state.issue(
        world.settings.orcid_client_id, victim, grant.name, grant.scopes, time.time()
    )
    store_tokens(
        world.engine,
        token_cipher(world.settings),
        [
            GrantedToken(
                victim,
                new.access_token,
                new.refresh_token,
                tuple(sorted(new.scopes)),
                dt.datetime.fromtimestamp(new.expires_at, dt.UTC),
            )
        ],
    )
    after = _push(world)
    assert after.pushed == left_out
    assert len(own_works(world)[victim]) == had + left_out
    assert_no_duplicates(world)


class Crash(BaseException):
    """The process dies here: nothing after this point runs."""


@pytest.mark.parametrize("point", ["load-orcid-intent", "load-orcid-posted"])
@pytest.mark.world("validated", own_simulators=True)
def test_a_crash_between_post_and_put_codes_leaves_no_duplicate(
    world: World, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    """Killed right after the intents are committed (the POST not sent) or right after
    ORCID answered the POST (its put-codes not recorded): the next run reads the record by
    source-work-id before posting again."""

    def crash(reached: str) -> None:
        if reached == point:
            raise Crash(reached)

    monkeypatch.setattr(load_orcid, "probe", crash)
    created = world.orcid_stats()["works"]["created"]
    with pytest.raises(Crash):
        _push(world, orcid_concurrency=1)
    intents = [key for key, (state, _) in _pushes(world).items() if state == "intent"]
    assert intents, "the crash left intents without put-codes"
    created_before_crash = world.orcid_stats()["works"]["created"] - created
    if point == "load-orcid-posted":
        assert created_before_crash > 0
    else:
        assert created_before_crash == 0
    on_record = {(o, source_work_id(w)) for o, works in own_works(world).items() for w in works}
    found = [key for key in intents if key in on_record]

    monkeypatch.undo()
    resumed = _push(world)

    assert resumed.reconciled == len(found)
    assert_no_duplicates(world)
    assert not [key for key, (state, _) in _pushes(world).items() if state == "intent"]
    for key in intents:
        assert _pushes(world)[key][0] == "pushed"
    works = {(o, w.put_code): source_work_id(w) for o, ws in own_works(world).items() for w in ws}
    for (orcid, uuid), (state, put_code) in _pushes(world).items():
        if state == "pushed":
            assert works[(orcid, put_code)] == uuid


class Recording(httpx.AsyncBaseTransport):
    """The real transport, keeping every write request's method and JSON body."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.writes: list[tuple[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method in ("POST", "PUT") and "/oauth/" not in request.url.path:
            self.writes.append((request.method, json.loads(await request.aread())))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def _shape(value: Any) -> Any:
    """The keys and kinds of a JSON value, lists reduced to the union of their items."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        merged: dict[str, Any] = {}
        for item in value:
            shaped = _shape(item)
            if isinstance(shaped, dict):
                merged.update(shaped)
        return [merged]
    return type(value).__name__


def _fits(body: Any, sample: Any, where: str = "work") -> None:
    """Every field of `body` is a field of the sample, of the same kind, recursively."""
    if isinstance(body, dict):
        assert isinstance(sample, dict), where
        for key, item in body.items():
            assert key in sample, f"{where}.{key} is not in ORCID's write samples"
            _fits(item, sample[key], f"{where}.{key}")
    elif isinstance(body, list):
        assert isinstance(sample, list), where
        for item in body:
            _fits(item, sample[0], f"{where}[]")
    else:
        assert body == sample, f"{where}: {body} where the samples have {sample}"


@pytest.fixture(scope="module")
def sample_work() -> dict[str, Any]:
    """Every field ORCID's v3.0 JSON write samples give a work (put-code, which a PUT
    carries, from the read samples' shape: an integer)."""
    merged: dict[str, Any] = {"put-code": "int"}
    full = json.loads((SAMPLES / "work-full-3.0.json").read_text(encoding="utf-8"))
    bulk = json.loads((SAMPLES / "bulk-works-3-works-3.0.json").read_text(encoding="utf-8"))
    for work in [full, *(item["work"] for item in bulk["bulk"])]:
        _merge(merged, _shape(work))
    return merged


def _merge(into: dict[str, Any], shape: dict[str, Any]) -> None:
    for key, value in shape.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list):
            _merge(into[key][0], value[0])
        else:
            into.setdefault(key, value)


@pytest.mark.world("validated", own_simulators=True)
def test_write_bodies_have_the_shape_of_orcids_write_samples(
    world: World, sample_work: dict[str, Any]
) -> None:
    first, second = Recording(), Recording()
    push_to_orcid(_context(world), transport=first)
    _, changed, _ = _pushed_work(world)
    with world.engine.begin() as connection:
        connection.execute(
            text("UPDATE staging.works SET title = title || ' (revised)'"
                 " WHERE source = 'pure' AND source_record_id = :uuid"),
            {"uuid": changed},
        )  # fmt: skip
    push_to_orcid(_context(world), transport=second)

    posts = [body for method, body in first.writes + second.writes if method == "POST"]
    puts = [body for method, body in first.writes + second.writes if method == "PUT"]
    assert posts
    assert len(puts) == 1
    for body in posts:
        assert set(body) == {"bulk"}
        assert 0 < len(body["bulk"]) <= 100
        for item in body["bulk"]:
            work = item["work"]
            _fits(_shape(work), sample_work)
            assert "put-code" not in work
            ids = work["external-ids"]["external-id"]
            [own] = [e for e in ids if e["external-id-type"] == "source-work-id"]
            assert own["external-id-relationship"] == "self"
            assert "visibility" not in work
            assert orcid_xml.errors(work) == []
    [put] = puts
    _fits(_shape(put), sample_work)
    assert orcid_xml.errors(put) == []
    assert isinstance(put["put-code"], int)
    assert "visibility" not in put


def test_orcids_schema_takes_its_samples_and_refuses_a_work_without_a_type() -> None:
    """The check above can fail: ORCID's schema as the tests read it."""
    sample = json.loads((SAMPLES / "work-full-3.0.json").read_text(encoding="utf-8"))
    assert orcid_xml.errors(sample) == []
    untyped = {key: value for key, value in sample.items() if key != "type"}
    assert "work:type' expected" in " ".join(orcid_xml.errors(untyped))


@pytest.mark.world("published", own_simulators=True)
def test_the_report_says_what_was_written_tonight(world: World) -> None:
    report = write_report(world.engine, world.settings, world.run_id)
    page = report.directory / "written.html"
    assert 'id="load-not-run"' in page.read_text(encoding="utf-8")
    index = page.with_name("index.html").read_text(encoding="utf-8")
    assert 'href="written.html"' in index

    dry = load(_context(world, apply=False)).orcid
    html = page.read_text(encoding="utf-8")
    assert f'<span data-figure="orcid_to_push">{dry.to_push:,}</span>' in html
    assert 'id="orcid-writes"' not in html

    pushed = _push(world)
    html = page.read_text(encoding="utf-8")
    assert f'<span data-figure="orcid_pushed">{pushed.pushed:,}</span>' in html
    assert html.count("<tr><td>") >= pushed.pushed
    for orcid, uuid in [key for key, (state, _) in _pushes(world).items() if state == "pushed"]:
        assert f"<td>{orcid}</td><td>{uuid}</td><td>POST</td>" in html
    assert world.settings.orcid_client_id not in html
