"""A database connection dropped in the middle of a staging load (the server ends the backend,
as a failover or an administrator's pg_terminate_backend does): the batch being written is
written again whole on a new connection, or, if the database stays out of reach, left out
whole. Never half a batch: raw payloads, works, their identifiers and contributors, and the
batch's record errors land together or not at all."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from pipeline import runs
from pipeline.lifecycle import transient
from pipeline.sources.model import Contributor, Identifier, RecordError, Work
from pipeline.staging import StagingWriter, writer

ORCID = "0000-0002-1825-0097"
WORKS_PER_BATCH = 5
"""Each work comes with its raw payload: two items, so a batch of 10 items holds five works."""


def _work(n: int) -> Work:
    return Work(
        source="orcid",
        source_record_id=f"{ORCID}/work/{n}",
        owner_id=ORCID,
        title=f"Work number {n}",
        type="journal-article",
        year=2020,
        identifiers=[Identifier("doi", f"10.5555/{n}", f"10.5555/{n}", "self")],
        contributors=[
            Contributor(1, "Josiah Carberry", "Josiah", "Carberry", ORCID),
            Contributor(2, "Ada Lovelace", "Ada", "Lovelace"),
        ],
        orcid_put_code=n,
    )


class Dropper:
    """Ends the writer's backend from another connection while the COPY of a batch's
    identifiers is streaming (after its first rows): from the batch after the first `spare`
    ones, `times` times."""

    def __init__(self, database_url: str, *, times: int, spare: int = 0) -> None:
        self.libpq_url = (
            make_url(database_url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False)
        )
        self.times = times
        self.spare = spare
        self.dropped: list[int] = []

    def copy_rows(self, cursor: psycopg.Cursor, name: str, rows: Iterable[tuple]) -> None:
        if name != "staging/copy_identifiers":
            pass
        elif self.spare:
            self.spare -= 1
        elif len(self.dropped) < self.times:
            rows = self._dropping_after_two(cursor.connection.info.backend_pid, rows)
        real_copy_rows(cursor, name, rows)

    def _dropping_after_two(self, pid: int, rows: Iterable[tuple]) -> Iterator[tuple]:
        for n, row in enumerate(rows):
            if n == 2:
                self._terminate(pid)
            yield row

    def _terminate(self, pid: int) -> None:
        with psycopg.connect(self.libpq_url, autocommit=True) as other:
            ended = other.execute("SELECT pg_terminate_backend(%s, 10000)", (pid,)).fetchone()
        assert ended == (True,)
        self.dropped.append(pid)


real_copy_rows = writer.copy_rows


@pytest.fixture
def run_id(engine: Engine) -> int:
    return runs.start_run(engine, trigger="test")


def _stage(engine: Engine, run_id: int, works: int) -> None:
    with StagingWriter(
        engine, run_id, batch_size=2 * WORKS_PER_BATCH, retry_delays=(0.0, 0.0)
    ) as staging:
        for n in range(1, works + 1):
            staging.add_raw("orcid", "work", f"{ORCID}/work/{n}", {"put-code": n})
            staging.add_work(_work(n))
        staging.add_error("orcid", RecordError(f"{ORCID}/work/999", "title", "missing"))


def _state(engine: Engine) -> dict[str, int]:
    tables = {
        "works": "staging.works",
        "raw": "staging.raw_records",
        "identifiers": "staging.work_identifiers",
        "contributors": "staging.work_contributors",
        "errors": "ops.record_errors",
    }
    with engine.connect() as connection:
        return {
            name: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for name, table in tables.items()
        }


def test_a_batch_whose_connection_drops_mid_copy_is_written_again_whole(
    engine: Engine, database_url: str, run_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropper = Dropper(database_url, times=1, spare=1)
    monkeypatch.setattr(writer, "copy_rows", dropper.copy_rows)

    _stage(engine, run_id, works=12)

    assert len(dropper.dropped) == 1
    assert _state(engine) == {
        "works": 12, "raw": 12, "identifiers": 12, "contributors": 24, "errors": 1
    }  # fmt: skip


def test_a_batch_whose_connection_keeps_dropping_is_left_out_whole(
    engine: Engine, database_url: str, run_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropper = Dropper(database_url, times=100, spare=1)
    monkeypatch.setattr(writer, "copy_rows", dropper.copy_rows)

    with pytest.raises(psycopg.OperationalError, match="terminating connection"):
        _stage(engine, run_id, works=12)

    assert len(dropper.dropped) == 3  # the batch was tried three times
    assert transient(psycopg.OperationalError("the connection is lost"))
    assert _state(engine) == {  # the first batch, nothing of the second
        "works": WORKS_PER_BATCH,
        "raw": WORKS_PER_BATCH,
        "identifiers": WORKS_PER_BATCH,
        "contributors": 2 * WORKS_PER_BATCH,
        "errors": 0,
    }
    with engine.connect() as connection:
        titles = connection.execute(text("SELECT title FROM staging.works ORDER BY 1")).scalars()
        assert list(titles) == [f"Work number {n}" for n in range(1, WORKS_PER_BATCH + 1)]
