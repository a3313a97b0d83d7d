"""The reporting views against the simulated institution's ground truth: the numbers analysts
read must be what really is, within the matcher's error, and `analyst` must be able to read them."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from pipeline.db import downgrade, upgrade
from pipeline.normalize.identifiers import orcid as python_orcid
from pipeline.normalize.identifiers import orcid_checksum_ok
from sim.model import Institution, Person
from tests.reporting import analyst_engine
from tests.simulated import World, Worlds

VIEWS = {
    "run_history",
    "researchers",
    "coverage_per_researcher",
    "coverage_per_faculty",
    "works_missing_from_orcid",
    "works_missing_from_pure",
    "works_hidden_by_visibility",
    "identity_problems",
    "coverage_trend",
    "validation_results",
    "researcher_steps",
    "funnel_per_faculty",
    "funnel_trend",
    "duplicates_in_pure",
    "duplicates_in_orcid",
    "notifications",
    "pure_writes",
    "doi_enrichment",
    "orcid_writes",
    "push_review",
    "run_failures",
}

PROBLEMS = {
    "missing": "missing-orcid",
    "invalid-checksum": "invalid-checksum",
    "shared": "shared-orcid",
    "deprecated": "deprecated-orcid",
    "deactivated": "deactivated-orcid",
}
"""The row identity_problems must show for each problem the simulator plants."""


@pytest.fixture(scope="module")
def world(worlds: Worlds, tmp_path_factory) -> Iterator[World]:
    """Extracted, matched, validated and published, as after one night; the tests only read."""
    with worlds.copy_apart("published", tmp_path_factory.mktemp("world")) as world:
        yield world


def _rows(engine: Engine, statement: str) -> list[dict]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text(statement))]


def _researchers(world: World) -> dict[str, dict]:
    return {r["person_uuid"]: r for r in _rows(world.engine, "SELECT * FROM reporting.researchers")}


def _check_character(digits: str) -> str:
    total = 0
    for char in digits:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def _orcid_samples() -> list[str]:
    """Valid iDs in every form a source writes them, the same with a wrong check character, and
    text that is not an iD at all."""
    chance = random.Random(11)
    samples = []
    for _ in range(200):
        body = "000" + "".join(chance.choice("0123456789") for _ in range(12))
        valid = body + _check_character(body)
        wrong = body + chance.choice([c for c in "0123456789X" if c != valid[-1]])
        for compact in (valid, wrong):
            dashed = "-".join(compact[i : i + 4] for i in range(0, 16, 4))
            samples += [compact, dashed, f"https://orcid.org/{dashed}", f" {dashed.lower()}/ "]
    samples += [
        "",
        "   ",
        "0000-0002-1825-009",
        "0000-0002-1825-00977",
        "0000-0002-1825-009Y",
        "X000-0002-1825-0097",
        "orcid.org/0000-0002-1825-0097",
        "http://sandbox.orcid.org/0000-0002-1825-0097//",
        "HTTPS://ORCID.ORG/0000-0002-1825-0097",
        "https://example.org/0000-0002-1825-0097",
        "0000 0002 1825 0097",
        "\t0000-0002-1825-0097\n",
        "0000-0002-1825-0097 (ORCID)",
        "0000--0002-1825-0097",
        "abcd-efgh-ijkl-mnop",
    ]
    return samples


def test_sql_and_python_agree_on_orcid_ids(engine: Engine) -> None:
    samples = _orcid_samples()
    with engine.connect() as connection:
        normalised = connection.execute(
            text("SELECT reporting.normalise_orcid(raw) FROM unnest(CAST(:raws AS text[])) raw"),
            {"raws": samples},
        ).scalars()
        for raw, in_sql in zip(samples, normalised, strict=True):
            assert in_sql == python_orcid(raw), repr(raw)
        compact = [s for s in samples if len(s) == 16 and s[:15].isdigit()]
        checked = connection.execute(
            text("SELECT reporting.orcid_checksum_ok(d) FROM unnest(CAST(:ds AS text[])) d"),
            {"ds": compact},
        ).scalars()
        for digits, in_sql in zip(compact, checked, strict=True):
            assert in_sql == orcid_checksum_ok(digits), digits
    assert {python_orcid(s) is None for s in compact} == {True, False}


def test_downgrade_drops_the_views_and_upgrade_restores_them(engine: Engine) -> None:
    query = "SELECT table_name FROM information_schema.views WHERE table_schema = 'reporting'"
    downgrade(engine, "0003")
    assert {r["table_name"] for r in _rows(engine, query)} == {"run_history"}
    upgrade(engine)
    assert {r["table_name"] for r in _rows(engine, query)} == VIEWS


def test_every_view_is_readable_by_analyst(world: World) -> None:
    analyst = analyst_engine(world.engine)
    try:
        # Nothing has been e-mailed or written back in this world, and its servers never
        # failed (tests/notify, tests/load and tests/flows/test_storm.py read those views):
        # they must be readable, not filled.
        may_be_empty = {
            "run_history",
            "notifications",
            "pure_writes",
            "doi_enrichment",
            "orcid_writes",
            "push_review",
            "run_failures",
        }
        for view in sorted(VIEWS):
            rows = _rows(analyst, f"SELECT * FROM reporting.{view} LIMIT 5")
            assert rows or view in may_be_empty, view
    finally:
        analyst.dispose()


def _works_orcid(institution: Institution, person: Person) -> str | None:
    """The iD whose works are this person's, as ORCID tells it: a deprecated iD's primary."""
    orcid = python_orcid(person.orcid or "")
    record = institution.orcid_records.get(orcid or "")
    if record is None or record.status == "deactivated":
        return None
    return record.primary_orcid if record.status == "deprecated" else orcid


def _visible_orcid_works(institution: Institution, orcid: str) -> dict[int, str]:
    """True work id → its widest visibility among the record's works the pipeline can read:
    public ones, and with a read-limited token limited ones and private ones its client wrote."""
    ours = institution.clients[0].client_id
    token = any(
        t.orcid == orcid and not t.revoked and "/read-limited" in t.scopes
        for t in institution.tokens
    )
    rank = {"public": 0, "limited": 1, "private": 2}
    visible: dict[int, str] = {}
    for work in institution.orcid_records[orcid].works:
        seen = work.visibility == "public" or (
            token and (work.visibility == "limited" or work.source_client_id == ours)
        )
        widest = visible.get(work.true_work_id)
        if seen and (widest is None or rank[work.visibility] < rank[widest]):
            visible[work.true_work_id] = work.visibility
    return visible


def _truth(institution: Institution) -> dict[str, dict[str, int]]:
    """Per person, the researchers view's counts computed from the institution itself."""
    outputs = defaultdict(list)
    for output in institution.pure_outputs:
        # Pure shows as internal every author linked to a person, which a planted duplicate
        # may have without listing them among its persons.
        internal = {a.person_uuid for a in output.authors if a.person_uuid}
        for person in internal | set(output.person_uuids):
            outputs[person].append(output)
    truth = {}
    for person in institution.persons:
        works_orcid = _works_orcid(institution, person)
        orcid = _visible_orcid_works(institution, works_orcid) if works_orcid else {}
        mine = outputs[person.uuid]
        pushable = [o for o in mine if o.workflow_step == "approved" and o.visibility == "FREE"]
        in_pure = {o.true_work_id for o in mine}
        truth[person.uuid] = {
            "pure_outputs": len(mine),
            "pure_validated_public": len(pushable),
            "orcid_works_public": sum(1 for v in orcid.values() if v == "public"),
            "works_in_both": len(in_pure & set(orcid)),
            "pure_missing_from_orcid": sum(1 for o in pushable if o.true_work_id not in orcid),
            "orcid_missing_from_pure": sum(
                1 for w, v in orcid.items() if v == "public" and w not in in_pure
            ),
        }
    return truth


def test_researcher_counts_agree_with_the_truth(world: World) -> None:
    truth = _truth(world.institution)
    researchers = _researchers(world)
    assert set(researchers) == set(truth)
    for person, expected in truth.items():
        found = researchers[person]
        assert found["pure_outputs"] == expected["pure_outputs"], person
        assert found["pure_validated_public"] == expected["pure_validated_public"], person
    # Matching errs a little on every side: a missed link moves a work from "both" to
    # "missing", a duplicate missed on ORCID counts one work twice.
    for column in (
        "orcid_works_public",
        "works_in_both",
        "pure_missing_from_orcid",
        "orcid_missing_from_pure",
    ):
        total = sum(t[column] for t in truth.values())
        assert sum(r[column] for r in researchers.values()) == pytest.approx(total, rel=0.05)
        for person, expected in truth.items():
            allowed = max(2, 0.15 * expected[column])
            assert abs(researchers[person][column] - expected[column]) <= allowed, (column, person)


def test_identity_problems_list_every_planted_problem(world: World) -> None:
    rows = _rows(world.engine, "SELECT person_uuid, problem FROM reporting.identity_problems")
    found = {(r["person_uuid"], r["problem"]) for r in rows}
    planted = [p for p in world.institution.persons if p.orcid_problem != "none"]
    assert {p.orcid_problem for p in planted} == set(PROBLEMS)
    for person in planted:
        assert (person.uuid, PROBLEMS[person.orcid_problem]) in found, person
    about_the_id = {(p, problem) for p, problem in found if problem in PROBLEMS.values()}
    assert about_the_id == {(p.uuid, PROBLEMS[p.orcid_problem]) for p in planted}

    tokens = {t.orcid for t in world.institution.tokens if not t.revoked}
    unconnected = {
        p.uuid
        for p in world.institution.persons
        if p.orcid_problem in ("none", "shared", "deprecated") and p.orcid not in tokens
    }
    assert {p for p, problem in found if problem == "not-connected"} == unconnected


def test_researchers_belong_to_the_faculties_above_their_units(world: World) -> None:
    units = {u.uuid: u for u in world.institution.org_units}

    def faculty(unit_id: str) -> str:
        unit = units[unit_id]
        return unit.name if unit.kind == "faculty" else faculty(unit.parent_uuid)

    researchers = _researchers(world)
    members: Counter[str] = Counter()
    for person in world.institution.persons:
        expected = sorted({faculty(u) for u in person.org_unit_uuids})
        assert researchers[person.uuid]["faculties"] == expected
        members.update(expected)
    per_faculty = _rows(world.engine, "SELECT * FROM reporting.coverage_per_faculty")
    assert {r["faculty"]: r["researchers"] for r in per_faculty} == dict(members)
    for row in per_faculty:
        mine = [r for r in researchers.values() if row["faculty"] in r["faculties"]]
        assert row["pure_validated_public"] == sum(r["pure_validated_public"] for r in mine)
        assert row["orcid_works_public"] == sum(r["orcid_works_public"] for r in mine)


def test_work_lists_add_up_to_the_researchers_counts(world: World) -> None:
    researchers = _researchers(world)
    lists = {
        "pure_missing_from_orcid": "works_missing_from_orcid",
        "orcid_missing_from_pure": "works_missing_from_pure",
    }
    for column, view in lists.items():
        per_person = Counter(
            r["person_uuid"] for r in _rows(world.engine, f"SELECT * FROM reporting.{view}")
        )
        assert per_person == Counter({p: r[column] for p, r in researchers.items() if r[column]})

    hidden = _rows(world.engine, "SELECT * FROM reporting.works_hidden_by_visibility")
    assert {r["visibility"] for r in hidden} == {"limited", "private"}
    ours = world.institution.clients[0].client_id
    assert all(r["source_client"] == ours for r in hidden if r["visibility"] == "private")


def test_works_probably_in_pure_are_mostly_right(world: World) -> None:
    """A flagged ORCID work and the Pure output named for it are usually the same true work."""
    pure = {o.uuid: o.true_work_id for o in world.institution.pure_outputs}
    orcid = {
        (w.orcid, w.put_code): w.true_work_id
        for record in world.institution.orcid_records.values()
        for w in record.works
    }
    flagged = _rows(
        world.engine,
        "SELECT orcid, put_codes, probable_pure_uuid FROM reporting.works_missing_from_pure "
        "WHERE probably_in_pure",
    )
    assert flagged
    right = [
        r
        for r in flagged
        if pure[r["probable_pure_uuid"]] == orcid[(r["orcid"], r["put_codes"][0])]
    ]
    assert len(right) / len(flagged) >= 0.8


STEPS = ("valid-orcid", "connected", "works-public", "pure-on-orcid", "orcid-in-pure")


def test_each_researcher_is_stuck_at_the_first_step_not_taken(world: World) -> None:
    steps = {
        r["person_uuid"]: r for r in _rows(world.engine, "SELECT * FROM reporting.researcher_steps")
    }
    researchers = _researchers(world)
    assert set(steps) == set(researchers)
    for person, found in steps.items():
        r = researchers[person]
        taken = [
            r["id_status"] == "valid",
            r["connected"],
            r["orcid_works_limited"] + r["orcid_works_private"] == 0,
            r["pure_missing_from_orcid"] == 0,
            r["orcid_missing_from_pure"] == 0,
        ]
        done = next((i for i, ok in enumerate(taken) if not ok), len(STEPS))
        assert found["steps_done"] == done, person
        assert found["stuck_at"] == (STEPS[done] if done < len(STEPS) else None), person
    # What the simulator planted: nobody without an iD in Pure got past the first step.
    planted = {p.uuid: p.orcid_problem for p in world.institution.persons}
    assert {steps[p]["stuck_at"] for p, problem in planted.items() if problem == "missing"} == {
        "valid-orcid"
    }
    assert Counter(r["stuck_at"] for r in steps.values()).keys() >= {"valid-orcid", "connected"}


def test_the_funnel_counts_each_faculty_step_by_step(world: World) -> None:
    steps = _rows(world.engine, "SELECT * FROM reporting.researcher_steps")
    funnel = {
        r["faculty"]: r for r in _rows(world.engine, "SELECT * FROM reporting.funnel_per_faculty")
    }
    expected: dict[str | None, Counter] = defaultdict(Counter)
    for r in steps:
        for faculty in r["faculties"] or [None]:
            expected[faculty]["researchers"] += 1
            for number, column in enumerate(
                ("valid_orcid", "connected", "works_public", "pure_on_orcid", "orcid_in_pure"),
                start=1,
            ):
                expected[faculty][column] += r["steps_done"] >= number
    assert set(funnel) == set(expected)
    for faculty, counts in expected.items():
        row = funnel[faculty]
        previous = row["researchers"]
        for column in ("researchers", "valid_orcid", "connected", "works_public",
                       "pure_on_orcid", "orcid_in_pure"):  # fmt: skip
            assert row[column] == counts[column], (faculty, column)
            assert row[column] <= previous
            previous = row[column]
            if column != "researchers":
                share = row[f"{column}_share"]
                assert float(share) == pytest.approx(row[column] / row["researchers"], abs=5e-4)
    trend = _rows(world.engine, "SELECT * FROM reporting.funnel_trend")
    assert {(r["run_id"], r["faculty"]) for r in trend} >= {
        (r["run_id"], f) for f, r in funnel.items()
    }


def _precision_and_recall(found: list[set], truth: list[set]) -> tuple[float, float]:
    """Pairs of records said to be one work, against the pairs that are."""

    def pairs(groups: list[set]) -> set[frozenset]:
        return {frozenset((a, b)) for g in groups for a in g for b in g if a < b}

    said, true = pairs(found), pairs(truth)
    return len(said & true) / max(len(said), 1), len(said & true) / max(len(true), 1)


def test_duplicates_in_pure_are_the_outputs_pure_holds_twice(world: World) -> None:
    rows = _rows(world.engine, "SELECT * FROM reporting.duplicates_in_pure")
    assert rows
    assert all(r["records"] == len(r["pure_uuids"]) >= 2 for r in rows)
    assert all(r["evidence"] and r["evidence"][0]["method"] for r in rows)
    by_person: dict[tuple[str, int], set] = defaultdict(set)
    for output in world.institution.pure_outputs:
        for person in output.person_uuids:
            by_person[(person, output.true_work_id)].add(output.uuid)
    truth = [group for group in by_person.values() if len(group) > 1]
    precision, recall = _precision_and_recall([set(r["pure_uuids"]) for r in rows], truth)
    assert precision >= 0.95
    assert recall >= 0.85


def test_duplicates_in_orcid_are_versions_of_one_work(world: World) -> None:
    rows = _rows(world.engine, "SELECT * FROM reporting.duplicates_in_orcid")
    assert rows
    true_work = {
        (w.orcid, w.put_code): w.true_work_id
        for record in world.institution.orcid_records.values()
        for w in record.works
    }
    same = [r for r in rows if len({true_work[(r["orcid"], p)] for p in r["put_codes"]}) == 1]
    assert len(same) / len(rows) >= 0.95
    assert all(len(r["sources"]) == len(r["put_codes"]) == r["records"] for r in rows)
