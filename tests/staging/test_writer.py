"""Staging keeps raw payloads beside parsed rows, and writing the same records again is harmless."""

import pytest
from sqlalchemy import Engine, text

from pipeline import runs
from pipeline.sources.model import Contributor, Identifier, OrgUnit, Person, RecordError, Work
from pipeline.staging import (
    StagingWriter,
    get_watermark,
    remove_unlisted_works,
    remove_unseen,
    set_watermark,
)

ORCID = "0000-0002-1825-0097"


def _orcid_work(put_code: int, title: str, doi: str | None = None) -> Work:
    identifiers = [Identifier("doi", doi, doi.lower(), "self")] if doi else []
    return Work(
        source="orcid",
        source_record_id=f"{ORCID}/work/{put_code}",
        owner_id=ORCID,
        title=title,
        type="journal-article",
        source_type="journal-article",
        year=2019,
        identifiers=identifiers,
        contributors=[
            Contributor(1, "Josiah Carberry", "Josiah", "Carberry", ORCID, None, "author"),
            Contributor(2, "Ada Lovelace", "Ada", "Lovelace"),
        ],
        orcid_put_code=put_code,
        orcid_visibility="public",
    )


@pytest.fixture
def run_id(engine: Engine) -> int:
    return runs.start_run(engine, trigger="test")


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_works_land_with_identifiers_contributors_and_raw_payload(engine, run_id) -> None:
    work = _orcid_work(1001, "Psychoceramics: cracked pots", "10.5555/12345678")
    with StagingWriter(engine, run_id) as writer:
        writer.add_raw("orcid", "work", work.source_record_id, {"put-code": 1001, "t": "x"})
        writer.add_work(work, read_scope="read-public")

    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT title, owner_id, orcid_put_code, orcid_read_scope, run_id "
                "FROM staging.works"
            )
        ).one()
        payload = connection.execute(text("SELECT payload FROM staging.raw_records")).scalar_one()
        names = connection.execute(
            text("SELECT display_name FROM staging.work_contributors ORDER BY ordinal")
        ).scalars()
        doi = connection.execute(
            text("SELECT normalised_value FROM staging.work_identifiers WHERE id_type = 'doi'")
        ).scalar_one()
    assert tuple(row) == ("Psychoceramics: cracked pots", ORCID, 1001, "read-public", run_id)
    assert payload == {"put-code": 1001, "t": "x"}
    assert list(names) == ["Josiah Carberry", "Ada Lovelace"]
    assert doi == "10.5555/12345678"


def test_writing_the_same_records_twice_duplicates_nothing(engine, run_id) -> None:
    works = [_orcid_work(n, f"Work number {n}", f"10.5555/{n}") for n in range(1, 51)]
    for _ in range(2):
        with StagingWriter(engine, run_id, batch_size=7) as writer:
            for work in works:
                writer.add_raw("orcid", "work", work.source_record_id, {"n": work.orcid_put_code})
                writer.add_work(work)
    assert _count(engine, "staging.works") == 50
    assert _count(engine, "staging.raw_records") == 50
    assert _count(engine, "staging.work_identifiers") == 50
    assert _count(engine, "staging.work_contributors") == 100


def test_a_changed_record_replaces_the_old_one_and_keeps_its_first_run(engine, run_id) -> None:
    with StagingWriter(engine, run_id) as writer:
        writer.add_raw("orcid", "work", f"{ORCID}/work/7", {"v": 1})
        writer.add_work(_orcid_work(7, "Old title", "10.5555/old"))
    second_run = runs.start_run(engine, trigger="test")
    with StagingWriter(engine, second_run) as writer:
        writer.add_raw("orcid", "work", f"{ORCID}/work/7", {"v": 2})
        writer.add_work(_orcid_work(7, "New title"))

    with engine.connect() as connection:
        title = connection.execute(text("SELECT title FROM staging.works")).scalar_one()
        raw = connection.execute(
            text("SELECT payload, first_run_id, last_run_id FROM staging.raw_records")
        ).one()
    assert title == "New title"
    assert tuple(raw) == ({"v": 2}, run_id, second_run)
    assert _count(engine, "staging.work_identifiers") == 0


def test_record_errors_are_kept_with_the_record_and_field(engine, run_id) -> None:
    with StagingWriter(engine, run_id) as writer:
        writer.add_error("bibtex", RecordError("cv.bib#smith2019", "title", "missing"))
        writer.add_work(_orcid_work(1, "Fine"))
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT source, record_id, field, message FROM ops.record_errors")
        ).one()
    assert tuple(row) == ("bibtex", "cv.bib#smith2019", "title", "missing")
    assert _count(engine, "staging.works") == 1


def test_text_with_nul_characters_is_stored_without_them(engine, run_id) -> None:
    with StagingWriter(engine, run_id) as writer:
        writer.add_raw("orcid", "work", "x", {"title": "Bad\u0000title"})
        writer.add_work(_orcid_work(1, "Bad\x00title"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT title FROM staging.works")).scalar_one() == (
            "Badtitle"
        )


def test_an_exception_keeps_committed_batches_and_drops_the_unwritten_one(engine, run_id) -> None:
    def extraction_killed_after_15_works() -> None:
        with StagingWriter(engine, run_id, batch_size=10) as writer:
            for n in range(1, 16):
                writer.add_work(_orcid_work(n, f"Work {n}"))
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        extraction_killed_after_15_works()
    assert _count(engine, "staging.works") == 10


def test_persons_and_org_units_are_upserted(engine, run_id) -> None:
    unit = OrgUnit("ou-1", "Faculty of Science", "faculty", None)
    person = Person("pure", "p-1", "Ada", "Lovelace", "0000-0002-1825-0097", ["ou-1"])
    for _ in range(2):
        with StagingWriter(engine, run_id) as writer:
            writer.add_org_unit("pure", unit)
            writer.add_person(person)
    with engine.connect() as connection:
        org_units = connection.execute(
            text("SELECT org_unit_ids FROM staging.persons")
        ).scalar_one()
    assert org_units == ["ou-1"]
    assert _count(engine, "staging.org_units") == 1


def test_works_no_longer_listed_are_removed_and_marked(engine, run_id) -> None:
    with StagingWriter(engine, run_id) as writer:
        for n in (1, 2, 3):
            work = _orcid_work(n, f"Work {n}")
            writer.add_raw("orcid", "work", work.source_record_id, {"n": n})
            writer.add_work(work)
    removed = remove_unlisted_works(
        engine,
        source="orcid",
        listings={ORCID: [f"{ORCID}/work/1", f"{ORCID}/work/3"], "0000-0002-1694-233X": []},
        record_type="work",
        run_id=run_id,
    )
    assert removed == 1
    with engine.connect() as connection:
        left = connection.execute(text("SELECT orcid_put_code FROM staging.works")).scalars()
        deleted = connection.execute(
            text("SELECT source_record_id FROM staging.raw_records WHERE deleted_at IS NOT NULL")
        ).scalars()
    assert sorted(left) == [1, 3]
    assert list(deleted) == [f"{ORCID}/work/2"]


def test_a_full_scan_removes_what_it_did_not_see(engine, run_id) -> None:
    with StagingWriter(engine, run_id) as writer:
        for n in (1, 2):
            work = Work(source="pure", source_record_id=f"uuid-{n}", owner_id=None, title="T")
            writer.add_raw("pure", "research-output", work.source_record_id, {"n": n})
            writer.add_work(work)
    scan = runs.start_run(engine, trigger="test")
    with StagingWriter(engine, scan) as writer:
        writer.add_raw("pure", "research-output", "uuid-1", {"n": 1})
    assert (
        remove_unseen(
            engine, source="pure", record_type="research-output", seen={"uuid-1"}, run_id=scan
        )
        == 1
    )
    with engine.connect() as connection:
        left = connection.execute(text("SELECT source_record_id FROM staging.works")).scalars()
    assert list(left) == ["uuid-1"]


def test_only_the_scan_s_own_list_makes_a_record_deleted(engine, run_id) -> None:
    """A record another process re-stamped since (as a second run did, before runs took the
    database lock) is not deleted by a scan that saw it."""
    with StagingWriter(engine, run_id) as writer:
        for n in (1, 2):
            work = Work(source="pure", source_record_id=f"uuid-{n}", owner_id=None, title="T")
            writer.add_raw("pure", "research-output", work.source_record_id, {"n": n})
            writer.add_work(work)
    scan = runs.start_run(engine, trigger="test")
    other = runs.start_run(engine, trigger="test")
    with StagingWriter(engine, other) as writer:
        writer.add_raw("pure", "research-output", "uuid-1", {"n": 1})
        writer.add_raw("pure", "research-output", "uuid-2", {"n": 2})
    removed = remove_unseen(
        engine, source="pure", record_type="research-output", seen={"uuid-1", "uuid-2"}, run_id=scan
    )
    assert removed == 0
    with engine.connect() as connection:
        left = connection.execute(text("SELECT source_record_id FROM staging.works")).scalars()
    assert sorted(left) == ["uuid-1", "uuid-2"]


def test_watermarks_remember_the_last_value(engine, run_id) -> None:
    assert get_watermark(engine, "pure", "research-outputs") is None
    set_watermark(engine, "pure", "research-outputs", "2026-11-23T02:00:00Z", run_id)
    set_watermark(engine, "pure", "research-outputs", "2026-11-24T02:00:00Z", run_id)
    assert get_watermark(engine, "pure", "research-outputs") == "2026-11-24T02:00:00Z"
