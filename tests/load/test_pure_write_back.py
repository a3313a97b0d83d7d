"""Pure write-back against the Pure simulator over HTTP: the report's "to import into Pure"
works proposed to Pure for approval, exactly once; DOIs added under the version guard; a dry
run by default; every call audited without the API key; and, with the read-only Web Service,
import files that parse back."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import text

from pipeline import match
from pipeline.context import StageContext
from pipeline.extract import pure as extract_pure
from pipeline.load import describe
from pipeline.load import run as load
from pipeline.sources.pure.writer import PureWriter
from pipeline.stages import run_named_stage
from tests.load.openapi import errors
from tests.simulated import World

ORCID_ID = "ORCID"


def _context(world: World, *, apply: bool = False, run_id: int | None = None, **settings: Any):
    settings = {"pure_interface": "api", **settings}
    return StageContext(
        world.engine,
        world.settings.model_copy(update=settings),
        run_id or world.run_id,
        "incremental",
        apply=frozenset({"pure"}) if apply else frozenset(),
    )


def _candidate_records(world: World) -> set[str]:
    """The ORCID records of the works the report lists "to import into Pure"."""
    with world.engine.connect() as connection:
        return set(
            connection.execute(
                text(
                    "SELECT orcid || '/work/' || p FROM core.works_missing_from_pure,"
                    " unnest(put_codes) AS p WHERE NOT probably_in_pure"
                )
            ).scalars()
        )


def _proposed(world: World) -> dict[str, list[str]]:
    """Outputs in the simulated Pure that carry ORCID ids: uuid → ORCID records."""
    return {
        output.uuid: [i.value.lstrip("/") for i in output.additional_ids if i.type == ORCID_ID]
        for output in world.pure_state.outputs()
        if any(i.type == ORCID_ID for i in output.additional_ids)
    }


def _night(world: World) -> int:
    """The next night up to loading: Pure read again (through the Pure API), matched, validated."""
    night = world.new_run()
    extract_pure.run(_context(world, run_id=night, pure_interface="api"))
    match.run(_context(world, run_id=night))
    run_named_stage(_context(world, run_id=night), "validate")
    return night


def _doi_lost_in_pure(world: World, how_many: int = 6) -> int:
    """Drop the DOI of some Pure outputs that an ORCID work of their author shares (as when a
    DOI was never entered in Pure); the night that reads them back is returned."""
    with world.engine.connect() as connection:
        uuids = connection.execute(
            text(
                "SELECT DISTINCT p.record_id FROM core.researcher_records AS p"
                " JOIN core.researcher_records AS o ON o.person_uuid = p.person_uuid"
                "  AND o.cluster = p.cluster AND o.source = 'orcid' AND o.doi = p.doi"
                "  AND o.orcid_visibility = 'public'"
                " WHERE p.source = 'pure' ORDER BY p.record_id LIMIT :n"
            ),
            {"n": how_many},
        ).scalars()
        for uuid in uuids:
            output = world.pure_state.output(uuid)
            world.pure_state.update(dataclasses.replace(output, doi=None), None)
    return _night(world)


def _writes(world: World) -> list[Any]:
    with world.engine.connect() as connection:
        return connection.execute(
            text("SELECT * FROM reporting.pure_writes ORDER BY write_id")
        ).all()


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[dict[str, Any]]]:
    """Every body the pipeline PUTs to Pure, by kind (create, update)."""
    bodies: dict[str, list[dict[str, Any]]] = {"create": [], "update": []}
    create, update = PureWriter.create, PureWriter.update

    async def recording_create(self: PureWriter, body: dict[str, Any]) -> Any:
        bodies["create"].append(body)
        return await create(self, body)

    async def recording_update(self: PureWriter, uuid: str, body: dict[str, Any]) -> Any:
        bodies["update"].append(body)
        return await update(self, uuid, body)

    monkeypatch.setattr(PureWriter, "create", recording_create)
    monkeypatch.setattr(PureWriter, "update", recording_update)
    return bodies


@pytest.mark.world("validated", own_simulators=True)
def test_apply_pure_proposes_exactly_the_candidates_for_approval_once(world: World, sent) -> None:
    candidates = _candidate_records(world)
    assert candidates, "the world has ORCID works missing from Pure"
    before = set(_proposed(world))

    summary = load(_context(world, apply=True)).pure

    proposed = {u: r for u, r in _proposed(world).items() if u not in before}
    assert summary.applied
    assert summary.created == len(proposed) == len(sent["create"]) - summary.failed
    assert summary.failed == 0
    assert summary.created + summary.unplaceable == summary.to_create == summary.candidates
    records = [record for rs in proposed.values() for record in rs]
    assert len(records) == len(set(records)), "no ORCID work is in two new outputs"
    assert set(records) <= candidates
    assert summary.unplaceable < summary.candidates / 4
    for uuid in proposed:
        output = world.pure_state.output(uuid)
        assert output.workflow_step == "forValidation"  # the Pure API's `forApproval`
        assert output.visibility == "FREE"
    # Every body validates against the Pure API's OpenAPI.
    assert sent["create"]
    for body in sent["create"]:
        assert errors(body) == [], body["title"]
        assert body["workflow"] == {"step": "forApproval"}
        assert all(i["value"].startswith("/") for i in body["identifiers"])
    rows = _writes(world)
    assert sorted(r.pure_uuid for r in rows if r.outcome == "created") == sorted(proposed)
    assert {(r.kind, r.method, r.path, r.status) for r in rows if r.kind == "create"} == {
        ("create", "PUT", "/research-outputs", 201)
    }

    # A second load of the same run creates nothing: the audit remembers what it proposed.
    again = load(_context(world, apply=True)).pure
    assert (again.created, again.to_create, len(sent["create"])) == (0, 0, summary.created)
    assert again.already_proposed == summary.created

    # The next night reads the new outputs back, and matching links them to the ORCID works by
    # the id Pure keeps: the works leave the list, and nothing is proposed again.
    night = _night(world)
    left = _candidate_records(world)
    assert not left & set(records)
    third = load(_context(world, apply=True, run_id=night)).pure
    assert third.created == 0
    assert len(_proposed(world)) == len(before) + len(proposed)


@pytest.mark.world("validated", own_simulators=True)
def test_a_dry_run_counts_and_writes_nothing(world: World) -> None:
    before = len(world.pure_state.outputs())
    summary = run_named_stage(_context(world), "load")["pure"]
    assert summary["applied"] is False
    assert summary["to_create"] == summary["candidates"] > 0
    assert summary["doi_to_update"] == summary["doi_candidates"]
    assert summary["created"] == summary["doi_updated"] == 0
    assert len(world.pure_state.outputs()) == before
    assert _writes(world) == []
    lines = describe(world.engine, world.run_id)
    assert (
        f"Pure (dry run, --apply-pure to write): would create {summary['to_create']} outputs"
        in lines[1]
    )


@pytest.mark.world("validated", own_simulators=True)
def test_the_caps_hold_back_pure_writes(world: World) -> None:
    summary = load(_context(world, apply=True, load_max_per_run=3)).pure
    assert summary.run_capped
    assert summary.to_create + summary.doi_to_update == 3
    assert len([r for r in _writes(world) if r.outcome == "created"]) == summary.created <= 3


@pytest.mark.world("validated", own_simulators=True)
def test_dois_are_added_under_the_version_guard(world: World, sent) -> None:
    night = _doi_lost_in_pure(world)
    with world.engine.connect() as connection:
        review = connection.execute(text("SELECT * FROM reporting.doi_enrichment")).all()
    applicable = {r.pure_uuid: r.doi for r in review if r.applicable}
    assert applicable, "the world has Pure outputs whose ORCID work has a DOI"
    for row in review:
        assert world.pure_state.output(row.pure_uuid).doi is None

    summary = load(_context(world, apply=True, run_id=night)).pure

    assert summary.doi_updated == summary.doi_to_update == len(applicable)
    for uuid, doi in applicable.items():
        assert world.pure_state.output(uuid).doi == doi
    for body in sent["update"]:
        assert errors(body, write=False) == []
        assert body["version"], "every update carries the version it read"
    with world.engine.connect() as connection:
        still = connection.execute(
            text("SELECT count(*) FROM reporting.doi_enrichment WHERE applicable")
        ).scalar()
    assert still == len(applicable)  # the view reads the staged records, until the next night
    again = load(_context(world, apply=True, run_id=night)).pure
    assert again.doi_updated == again.doi_to_update == 0


@pytest.mark.world("validated", own_simulators=True)
def test_a_version_conflict_is_read_again_and_retried_once_then_reported(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone edits the output in Pure between the pipeline's read and its write: once for
    one output (the retry succeeds), at every read for another (reported after one retry)."""
    state = world.pure_state
    night = _doi_lost_in_pure(world)
    with world.engine.connect() as connection:
        once, always = (
            connection.execute(
                text("SELECT pure_uuid FROM reporting.doi_enrichment WHERE applicable LIMIT 2")
            )
            .scalars()
            .all()
        )
    edits = {once: 1, always: 1_000}
    read = PureWriter.read

    async def read_then_someone_edits(self: PureWriter, uuid: str) -> Any:
        reply = await read(self, uuid)
        if edits.get(uuid, 0) > 0:
            edits[uuid] -= 1
            current = state.output(uuid)
            state.update(dataclasses.replace(current, title=current.title + " (edited)"), None)
        return reply

    monkeypatch.setattr(PureWriter, "read", read_then_someone_edits)
    summary = load(_context(world, apply=True, run_id=night)).pure

    rows = [r for r in _writes(world) if r.kind == "doi"]
    assert [(r.status, r.outcome) for r in rows if r.pure_uuid == once] == [
        (409, "conflict"),
        (200, "updated"),
    ]
    assert state.output(once).title.endswith("(edited)"), "the other edit is kept"
    assert state.output(once).doi is not None
    assert [(r.status, r.outcome) for r in rows if r.pure_uuid == always] == [
        (409, "conflict"),
        (409, "conflict"),
    ]
    assert all("Version conflict" in r.error for r in rows if r.pure_uuid == always), (
        "the audit says why"
    )
    assert state.output(always).doi is None
    assert summary.conflicts == 1


@pytest.mark.world("validated", own_simulators=True)
def test_the_pure_api_key_is_nowhere(world: World, caplog: pytest.LogCaptureFixture) -> None:
    key = world.settings.secret("pure_api_key")
    summary = run_named_stage(_context(world, apply=True), "load")
    assert summary["pure"]["created"] > 0
    with world.engine.connect() as connection:
        for table in ("ops.pure_writes", "ops.run_stages", "ops.runs"):
            dump = connection.execute(
                text(f"SELECT coalesce(string_agg(t::text, ' '), '') FROM {table} AS t")
            ).scalar()
            assert key not in dump, table
    assert key not in caplog.text
    assert key not in " ".join(describe(world.engine, world.run_id))


@pytest.mark.world("validated", own_simulators=True)
def test_with_the_web_service_the_works_become_import_files_that_parse_back(
    world: World,
) -> None:
    """WS 5.24 cannot be written to: BibTeX and RIS per faculty instead, nothing sent."""
    import bibtexparser
    import rispy

    before = len(world.pure_state.outputs())
    summary = load(_context(world, apply=True, pure_interface="ws524")).pure
    assert not summary.applied
    assert len(world.pure_state.outputs()) == before
    assert _writes(world) == []
    assert summary.candidates > 0
    folder = world.settings.report_root / f"run-{world.run_id}"
    bib = sorted(folder.glob("import-into-pure/*.bib"))
    ris = sorted(folder.glob("import-into-pure/*.ris"))
    assert [p.stem for p in bib] == [p.stem for p in ris]
    assert len(bib) >= 2, "one pair per faculty"
    assert sorted(summary.files) == sorted(str(p.relative_to(folder)) for p in [*bib, *ris])
    entries, records = [], []
    for path in bib:
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
        assert library.failed_blocks == [], path
        entries += library.entries
    for path in ris:
        records += rispy.loads(path.read_text(encoding="utf-8"))
    assert len(entries) == len(records) == summary.candidates
    candidates = _candidate_records(world)
    for entry, record in zip(entries, records, strict=True):
        assert entry.fields_dict["title"].value == record["title"]
        assert entry.fields_dict["note"].value == record["notes"][0]
        named = {value.lstrip("/") for value in record["notes"][0][6:].split("; ")}
        assert named <= candidates
        assert record["authors"], "every record names its authors"
        if "doi" in record:
            assert entry.fields_dict["doi"].value == record["doi"]
