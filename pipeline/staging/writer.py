"""Stream parsed records and their raw payloads into `staging`, in batches, with COPY.

Each batch is one transaction: the raw payloads and the rows parsed from them land together or
not at all, so a process killed mid-extraction leaves whole batches behind and running it
again replaces them (upserts keyed by source and source record id) instead of adding copies.
A connection lost while a batch is being written (a failover, a restart, a backend ended by an
administrator) costs the server's rollback of that whole batch, and the batch is written again
on a new connection.
Records are held only until the batch is full, which keeps memory flat however large the
institution.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import orjson
import psycopg
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from pipeline.db.queries import copy_rows, query, statement
from pipeline.sources.model import OrgUnit, Person, RecordError, Source, Work

RawPayload = Mapping[str, Any] | list[Any]
log = logging.getLogger(__name__)

RETRY_DELAYS = (1.0, 5.0)
"""Seconds before each new attempt at a batch whose connection was lost: a restarting or
failing-over server is back within seconds, or the run fails (and is retried as a whole)."""


def _clean(value: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL; real exports occasionally do."""
    return None if value is None else value.replace("\x00", "")


def _raw_row(source: str, record_type: str, record_id: str, payload: RawPayload) -> tuple:
    """Keys sorted, so the digest changes only when the content does."""
    data = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS).replace(b"\\u0000", b"")
    return (source, record_type, record_id, data.decode(), hashlib.sha256(data).hexdigest())


@dataclass
class _Batch:
    raw: dict[tuple[str, str, str], tuple] = field(default_factory=dict)
    works: dict[tuple[str, str], tuple[Work, str | None]] = field(default_factory=dict)
    persons: dict[tuple[str, str], Person] = field(default_factory=dict)
    org_units: dict[tuple[str, str], tuple[Source, OrgUnit]] = field(default_factory=dict)
    errors: list[tuple[Source, RecordError]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.raw) + len(self.works) + len(self.persons) + len(self.org_units)


@dataclass
class StagingCounts:
    works: int = 0
    persons: int = 0
    org_units: int = 0
    raw_records: int = 0
    errors: int = 0


class StagingWriter:
    """Collects records for one run and writes them to `staging` a batch at a time.

    Use as a context manager: leaving the block normally writes the last batch; leaving it
    with an exception drops only the unwritten batch, never what was already committed.
    """

    def __init__(
        self,
        engine: Engine,
        run_id: int,
        *,
        batch_size: int = 2000,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
    ) -> None:
        self._engine = engine
        self._run_id = run_id
        self._batch_size = batch_size
        self._retry_delays = retry_delays
        self._batch = _Batch()
        self.counts = StagingCounts()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.flush()

    def add_raw(
        self, source: Source, record_type: str, record_id: str, payload: RawPayload
    ) -> None:
        """Keep a payload as the source sent it, beside whatever is parsed from it."""
        self._batch.raw[(source, record_type, record_id)] = _raw_row(
            source, record_type, record_id, payload
        )
        self._flush_if_full()

    def add_work(self, work: Work, *, read_scope: str | None = None) -> None:
        """Stage a parsed work; `read_scope` says which ORCID token could see it."""
        self._batch.works[(work.source, work.source_record_id)] = (work, read_scope)
        self._flush_if_full()

    def add_person(self, person: Person) -> None:
        self._batch.persons[(person.source, person.source_record_id)] = person
        self._flush_if_full()

    def add_org_unit(self, source: Source, unit: OrgUnit) -> None:
        self._batch.org_units[(source, unit.source_record_id)] = (source, unit)
        self._flush_if_full()

    def add_error(self, source: Source, error: RecordError) -> None:
        self._batch.errors.append((source, error))
        self._flush_if_full()

    def _flush_if_full(self) -> None:
        if len(self._batch) + len(self._batch.errors) >= self._batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self._batch = self._batch, _Batch()
        if not len(batch) and not batch.errors:
            return
        for delay in self._retry_delays:
            lost = self._write_whole(batch)
            if lost is None:
                break
            log.warning(
                "staging: the database connection was lost while writing a batch of %d "
                "records (%s); nothing of it was kept, writing it again in %g s",
                len(batch) + len(batch.errors),
                str(lost).partition("\n")[0],
                delay,
            )
            time.sleep(delay)
        else:
            if (lost := self._write_whole(batch)) is not None:
                raise lost
        self.counts.works += len(batch.works)
        self.counts.persons += len(batch.persons)
        self.counts.org_units += len(batch.org_units)
        self.counts.raw_records += len(batch.raw)
        self.counts.errors += len(batch.errors)

    def _write_whole(self, batch: _Batch) -> psycopg.OperationalError | None:
        """Write a batch in one transaction. The error when the connection was lost before the
        commit (the server has then rolled back everything of the batch); None once committed.
        A failure of the commit itself is raised: whether the batch landed is then unknown,
        and the upserts make the next run's writing of it harmless either way."""
        with self._engine.connect() as connection:
            driver = connection.connection.driver_connection
            transaction = connection.begin()
            try:
                self._write(connection, batch)
            except (DBAPIError, psycopg.Error) as error:
                if driver is None or not driver.broken:
                    transaction.rollback()
                    raise
                connection.invalidate()
                cause = error.orig if isinstance(error, DBAPIError) else error
                if isinstance(cause, psycopg.OperationalError):
                    return cause
                raise
            transaction.commit()
        return None

    def _write(self, connection: Connection, batch: _Batch) -> None:
        cursor = connection.connection.driver_connection.cursor()
        cursor.execute(statement("staging/create_batch_tables"))
        run_id = self._run_id
        copy_rows(cursor, "staging/copy_raw", batch.raw.values())
        copy_rows(
            cursor, "staging/copy_works", (_work_row(w, s, run_id) for w, s in batch.works.values())
        )
        copy_rows(
            cursor,
            "staging/copy_identifiers",
            (row for work, _ in batch.works.values() for row in _identifier_rows(work)),
        )
        copy_rows(
            cursor,
            "staging/copy_contributors",
            (row for work, _ in batch.works.values() for row in _contributor_rows(work)),
        )
        copy_rows(
            cursor, "staging/copy_persons", (_person_row(p, run_id) for p in batch.persons.values())
        )
        copy_rows(
            cursor,
            "staging/copy_org_units",
            (_org_unit_row(s, u, run_id) for s, u in batch.org_units.values()),
        )
        if batch.raw:
            connection.execute(query("staging/upsert_raw"), {"run_id": run_id})
        if batch.works:
            cursor.execute(statement("staging/upsert_works"))
        if batch.persons:
            cursor.execute(statement("staging/upsert_persons"))
        if batch.org_units:
            cursor.execute(statement("staging/upsert_org_units"))
        if batch.errors:
            connection.execute(
                query("staging/insert_record_error"),
                [
                    {
                        "run_id": run_id,
                        "source": source,
                        "record_id": _clean(error.record_id),
                        "field": _clean(error.field),
                        "message": _clean(error.message),
                    }
                    for source, error in batch.errors
                ],
            )


def _work_row(work: Work, read_scope: str | None, run_id: int) -> tuple:
    return (
        work.source,
        _clean(work.source_record_id),
        _clean(work.owner_id),
        _clean(work.title),
        _clean(work.subtitle),
        work.type,
        _clean(work.source_type),
        work.year,
        work.month,
        work.day,
        _clean(work.venue),
        _clean(work.language),
        work.orcid_put_code,
        _clean(work.orcid_source_client),
        _clean(work.orcid_source_name),
        work.orcid_visibility,
        read_scope,
        work.pure_workflow_step,
        work.pure_visibility,
        work.pure_publication_status,
        [_clean(w) for w in work.warnings],
        run_id,
    )


def _identifier_rows(work: Work) -> list[tuple]:
    return [
        (
            work.source,
            _clean(work.source_record_id),
            ordinal,
            identifier.type,
            _clean(identifier.raw),
            _clean(identifier.normalised),
            identifier.relationship,
        )
        for ordinal, identifier in enumerate(work.identifiers, start=1)
    ]


def _contributor_rows(work: Work) -> list[tuple]:
    return [
        (
            work.source,
            _clean(work.source_record_id),
            ordinal,
            _clean(contributor.name),
            _clean(contributor.given_names),
            _clean(contributor.family_name),
            contributor.orcid,
            contributor.pure_person_id,
            contributor.role,
        )
        for ordinal, contributor in enumerate(work.contributors, start=1)
    ]


def _person_row(person: Person, run_id: int) -> tuple:
    return (
        person.source,
        person.source_record_id,
        _clean(person.given_names),
        _clean(person.family_name),
        _clean(person.orcid),
        person.org_unit_ids,
        [_clean(w) for w in person.warnings],
        run_id,
        [_clean(e) for e in person.emails],
        _clean(person.nationality),
    )


def _org_unit_row(source: Source, unit: OrgUnit, run_id: int) -> tuple:
    return (source, unit.source_record_id, _clean(unit.name), unit.kind, unit.parent_id, run_id)
