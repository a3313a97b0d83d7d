"""The ORCID half of the load stage: the Pure outputs missing from researchers' ORCID records,
pushed through the member API with each researcher's own token, or, in a dry run, counted.

A push is public and hard to undo, so:

- **Only what is surely missing.** An output is pushed when it passes Pure's export rules, the
  matcher linked it to none of the researcher's ORCID works, and no ORCID work of theirs even
  looks like it (`pipeline.match.near`, PUSH_REVIEW_THRESHOLD): those go to the review list
  (`reporting.push_review`) instead. Pure duplicates of one work are pushed once.
- **Exactly once.** An intent row is committed before each POST; a run that finds intents
  without a put-code (the last one died between ORCID's answer and recording it) reads the
  record for the works whose `source-work-id` is the output's Pure UUID before posting again.
  ORCID itself refuses a second work with the same `self` id from this client (9021, naming
  the put-code), which is adopted and updated with PUT.
- **Never against the researcher.** A stored put-code that answers 404 means the researcher
  deleted the work: that is recorded and the output never pushed again, unless an operator
  allows it (`pure-orcid orcid allow-push`). A token is renewed before it expires and when
  ORCID says it expired; one whose renewal is refused is marked revoked and its researcher
  skipped (and retried once a new token is imported). Nothing is written without
  `/activities/update`.
- **Kept in bounds.** One writer per ORCID iD, every request under one pacer at ORCID_RATE,
  caps per researcher and per run (`WriteCaps`); every write call recorded in
  `ops.orcid_writes`.

Changed outputs are updated (a digest of the body says whether anything changed; PUT never
names a visibility), and outputs that left Pure's export set are deleted from ORCID.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from sqlalchemy import Engine

from pipeline.config import Settings, SettingsError
from pipeline.context import StageContext
from pipeline.db.queries import query
from pipeline.load.caps import WriteCaps
from pipeline.load.orcid_work import PureOutput, content_hash, work_body
from pipeline.match.institution import researchers_records
from pipeline.match.near import LookAlike, look_alikes
from pipeline.probes import probe
from pipeline.sources.http import Pacer
from pipeline.sources.http.retry import RetriesExhausted
from pipeline.sources.orcid.client import OrcidError, TokenRejected
from pipeline.sources.orcid.tokens import TokenKeeper, client_credentials, token_cipher
from pipeline.sources.orcid.writer import BULK_WRITE_LIMIT, OrcidWriter, Written
from pipeline.sources.redact import redact

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class OrcidLoadSummary:
    applied: bool
    """Whether the run wrote to ORCID; if not, the `to_*` figures say what it would write."""
    researchers: int = 0
    """Researchers (ORCID records) with something to write and a token that may write."""
    without_permission: int = 0
    """Outputs missing from the records of researchers who gave no token that may write."""
    held_for_review: int = 0
    """Outputs not pushed because an ORCID work of the researcher could be the same work."""
    to_push: int = 0
    to_update: int = 0
    to_delete: int = 0
    pushed: int = 0
    """Works created on ORCID (adopted after a 9021 included)."""
    adopted: int = 0
    """Of those, works ORCID said this client had already added (9021), updated instead."""
    reconciled: int = 0
    """Intents of an earlier run found on the record, so not posted again."""
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    deleted_by_researcher: int = 0
    """Works whose put-code answered 404: never pushed again unless an operator allows it."""
    refused: int = 0
    """Works ORCID refused (an error code in `reporting.orcid_writes`)."""
    post_calls: int = 0
    requests: int = 0
    tokens_renewed: int = 0
    skipped_researchers: list[str] = field(default_factory=list)
    """`<iD>: why` for each researcher left out: token revoked, no update scope…"""
    capped_researchers: list[str] = field(default_factory=list)
    """Researchers who had more than LOAD_MAX_PER_RESEARCHER writes."""
    run_capped: bool = False
    """Whether LOAD_MAX_PER_RUN stopped the run's writes."""


@dataclass
class _Push:
    """A row of ops.orcid_pushes."""

    person_uuid: str
    state: str
    put_code: int | None
    content_hash: str | None


@dataclass
class _RecordPlan:
    """What to write to one ORCID record."""

    orcid: str
    posts: list[tuple[str, str]] = field(default_factory=list)
    """(person, Pure UUID) to create."""
    checks: list[tuple[str, str]] = field(default_factory=list)
    """Pushed, unchanged outputs the matcher still finds missing: is the work still on the
    record, or did the researcher delete it?"""
    updates: list[tuple[str, str]] = field(default_factory=list)
    deletes: list[tuple[str, str]] = field(default_factory=list)
    intents: list[str] = field(default_factory=list)
    """Pure UUIDs with an intent and no put-code: to look for on the record first."""

    def writes(self) -> int:
        return len(self.posts) + len(self.updates) + len(self.deletes)


@dataclass
class _Plan:
    records: dict[str, _RecordPlan]
    outputs: dict[str, PureOutput]
    pushes: dict[tuple[str, str], _Push]


class _Stop(Exception):
    """This researcher's writes end here (token revoked, record refused); the reason is
    free of secrets."""


def push_to_orcid(
    ctx: StageContext, *, transport: httpx.AsyncBaseTransport | None = None
) -> OrcidLoadSummary:
    """Push (or, in a dry run, count) the works missing from researchers' ORCID records,
    update the changed ones and delete those that left Pure's export set; the review list
    is replaced either way."""
    applied = ctx.applies("orcid")
    summary = OrcidLoadSummary(applied=applied)
    caps = WriteCaps.of(ctx.settings, "ORCID")
    plan = _plan(ctx, summary, caps)
    summary.capped_researchers = sorted(caps.stopped)
    summary.run_capped = caps.run_stopped
    if applied and plan.records:
        asyncio.run(_Pusher(ctx, plan, summary, transport).run())
    return summary


# --- planning -------------------------------------------------------------------------------


def _plan(ctx: StageContext, summary: OrcidLoadSummary, caps: WriteCaps) -> _Plan:
    engine = ctx.engine
    with engine.connect() as connection:
        missing = connection.execute(query("load/orcid_missing")).all()
        pushes = {
            (row.orcid, row.pure_uuid): _Push(
                row.person_uuid, row.state, row.put_code, row.content_hash
            )
            for row in connection.execute(query("load/orcid_pushes"))
        }
    # One output per work (Pure duplicates share a cluster) and per record.
    candidates: dict[tuple[str, str], str] = {}
    seen_clusters: set[tuple[str, str]] = set()
    for person, orcid, pure_uuid, cluster, writable in missing:
        if not writable:
            summary.without_permission += 1
            continue
        if (orcid, cluster) in seen_clusters or (orcid, pure_uuid) in candidates:
            continue
        seen_clusters.add((orcid, cluster))
        candidates[(orcid, pure_uuid)] = person
    held = _hold_look_alikes(ctx, candidates)
    summary.held_for_review = len({(person, uuid) for person, uuid, _ in held})
    held_keys = {(orcid, uuid) for _, uuid, orcid in held}
    wanted = {key: person for key, person in candidates.items() if key not in held_keys}
    outputs = _outputs(engine, {uuid for _, uuid in wanted} | {uuid for _, uuid in pushes})
    records: dict[str, _RecordPlan] = {}

    def record(orcid: str) -> _RecordPlan:
        return records.setdefault(orcid, _RecordPlan(orcid))

    for (orcid, uuid), push in sorted(pushes.items()):
        if push.state == "intent":
            record(orcid).intents.append(uuid)
        if push.state != "pushed":
            continue
        output = outputs.get(uuid)
        if output is None or not output.exported:
            if caps.take(push.person_uuid):
                record(orcid).deletes.append((push.person_uuid, uuid))
        elif content_hash(work_body(output)) != push.content_hash:
            if caps.take(push.person_uuid):
                record(orcid).updates.append((push.person_uuid, uuid))
        elif (orcid, uuid) in wanted:
            record(orcid).checks.append((push.person_uuid, uuid))
    for (orcid, uuid), person in sorted(wanted.items()):
        push = pushes.get((orcid, uuid))
        if push is not None and push.state in ("pushed", "deleted-by-researcher"):
            continue
        output = outputs.get(uuid)
        if output is not None and output.exported and caps.take(person):
            record(orcid).posts.append((person, uuid))
    plans = {o: p for o, p in records.items() if p.writes() or p.intents or p.checks}
    summary.researchers = len(plans)
    summary.to_push = sum(len(p.posts) for p in plans.values())
    summary.to_update = sum(len(p.updates) for p in plans.values())
    summary.to_delete = sum(len(p.deletes) for p in plans.values())
    return _Plan(plans, outputs, pushes)


def _hold_look_alikes(
    ctx: StageContext, candidates: dict[tuple[str, str], str]
) -> list[tuple[str, str, str]]:
    """The candidates some ORCID work of their researcher looks like, as (person, Pure UUID,
    iD); the review list replaced with them and their look-alikes."""
    people = {person: orcid for (orcid, _), person in candidates.items()}
    wanted = {(person, uuid) for (_, uuid), person in candidates.items()}
    found: list[LookAlike] = []
    if people:
        pure, orcid_records = researchers_records(ctx.engine, dict(people))
        pure = [r for r in pure if (r.owner, r.record_id) in wanted]
        found = look_alikes(pure, orcid_records, ctx.settings.push_review_threshold)
    rows = [
        {
            "run_id": ctx.run_id,
            "person_uuid": alike.owner,
            "orcid": people[alike.owner],
            "pure_uuid": alike.pure_id,
            "orcid_work": alike.orcid_id,
            "score": alike.score,
            "title_similarity": alike.title_similarity,
            "reason": alike.reason,
        }
        for alike in found
    ]
    with ctx.engine.begin() as connection:
        connection.execute(query("load/replace_push_review"))
        if rows:
            connection.execute(query("load/add_push_review"), rows)
    return sorted({(row["person_uuid"], row["pure_uuid"], row["orcid"]) for row in rows})


def _outputs(engine: Engine, uuids: set[str]) -> dict[str, PureOutput]:
    if not uuids:
        return {}
    with engine.connect() as connection:
        rows = connection.execute(query("load/pure_outputs"), {"uuids": sorted(uuids)}).all()
    return {row.pure_uuid: PureOutput(**row._asdict()) for row in rows}


# --- writing --------------------------------------------------------------------------------


class _Pusher:
    """The writes of one run: a coroutine per ORCID record (so one writer per iD), at most
    ORCID_CONCURRENCY at once, every request under one pacer."""

    def __init__(
        self,
        ctx: StageContext,
        plan: _Plan,
        summary: OrcidLoadSummary,
        transport: httpx.AsyncBaseTransport | None,
    ) -> None:
        settings = ctx.settings
        self.client = _require_client(settings)
        self.engine = ctx.engine
        self.run_id = ctx.run_id
        self.plan = plan
        self.summary = summary
        self.pacer = Pacer(settings.orcid_rate, burst=settings.orcid_burst)
        self.writer = OrcidWriter(
            api_url=str(settings.orcid_member_api_url), pacer=self.pacer, transport=transport
        )
        self.keeper = TokenKeeper(
            ctx.engine,
            token_cipher(settings),
            client_credentials(settings),
            http=self.writer.http,
            pacer=self.pacer,
        )
        self.lanes = asyncio.Semaphore(max(1, settings.orcid_concurrency))

    async def run(self) -> None:
        try:
            await asyncio.gather(
                *(self._record(plan) for _, plan in sorted(self.plan.records.items()))
            )
        finally:
            await self.writer.aclose()
            self.summary.requests = self.writer.requests
            self.summary.tokens_renewed = self.keeper.refreshed

    async def _record(self, plan: _RecordPlan) -> None:
        async with self.lanes:
            try:
                token = await self.keeper.fresh(plan.orcid)
                if token is None:
                    why = self.keeper.revoked.get(plan.orcid, "no token")
                    raise _Stop(f"token unusable: {why}")
                if not token.may_update():
                    raise _Stop("the token does not allow /activities/update")
                await self._reconcile(plan)
                await self._check(plan)
                for person, uuid in plan.deletes:
                    await self._delete(plan.orcid, person, uuid)
                for person, uuid in plan.updates:
                    await self._update(plan.orcid, person, uuid)
                for start in range(0, len(plan.posts), BULK_WRITE_LIMIT):
                    await self._post(plan.orcid, plan.posts[start : start + BULK_WRITE_LIMIT])
            except _Stop as stop:
                self.summary.skipped_researchers.append(f"{plan.orcid}: {stop}")
                log.warning("ORCID %s skipped: %s", plan.orcid, stop)
            except (OrcidError, RetriesExhausted, httpx.HTTPError) as error:
                reason = redact(f"{type(error).__name__}: {error}")
                self.summary.skipped_researchers.append(f"{plan.orcid}: {reason}")
                log.warning("ORCID %s: writing stopped: %s", plan.orcid, reason)

    async def _call(self, orcid: str, request: Callable[[str], Awaitable[T]]) -> T:
        """One request with the researcher's token; renewed once if ORCID refuses it."""
        token = self.keeper.get(orcid)
        if token is None:
            raise _Stop(f"token unusable: {self.keeper.revoked.get(orcid, 'no token')}")
        try:
            return await request(token.access_token)
        except TokenRejected as rejected:
            why = "ORCID says it expired" if rejected.expired else "ORCID refused it"
            renewed = await self.keeper.renew(orcid, why)
            if renewed is None:
                raise _Stop(f"token unusable: {self.keeper.revoked.get(orcid)}") from None
            if not renewed.may_update():
                raise _Stop("the renewed token does not allow /activities/update") from None
        try:
            return await request(renewed.access_token)
        except TokenRejected as rejected:
            raise _Stop(f"token refused right after renewal: {rejected}") from None

    # Each step records what it learnt before the next request.

    async def _reconcile(self, plan: _RecordPlan) -> None:
        """Intents without a put-code: the POST may have created the work before the run
        that sent it died. Found on the record (by source-work-id): recorded as pushed."""
        if not plan.intents:
            return
        own = await self._call(
            plan.orcid, lambda t: self.writer.own_works(plan.orcid, self.client, t)
        )
        posting = {uuid for _, uuid in plan.posts}
        for uuid in plan.intents:
            push = self.plan.pushes[(plan.orcid, uuid)]
            put_code = own.get(uuid.lower())
            if put_code is not None:
                self._set(plan.orcid, uuid, push.person_uuid, "pushed", put_code, push.content_hash)
                self.summary.reconciled += 1
                plan.posts = [(p, u) for p, u in plan.posts if u != uuid]
            elif uuid not in posting:
                self._forget_intent(plan.orcid, uuid)

    async def _check(self, plan: _RecordPlan) -> None:
        """Pushed outputs the matcher still finds missing: a work the researcher deleted
        answers 404, and is then never pushed again."""
        for person, uuid in plan.checks:
            push = self.plan.pushes[(plan.orcid, uuid)]
            assert push.put_code is not None
            put_code = push.put_code
            present = await self._call(
                plan.orcid, lambda t, code=put_code: self.writer.exists(plan.orcid, code, t)
            )
            if not present:
                self._deleted_by_researcher(plan.orcid, person, uuid, put_code)

    async def _delete(self, orcid: str, person: str, uuid: str) -> None:
        push = self.plan.pushes[(orcid, uuid)]
        assert push.put_code is not None
        put_code = push.put_code
        answer = await self._call(orcid, lambda t: self.writer.delete(orcid, put_code, t))
        if answer.http_status == 404:
            self._audit(orcid, person, uuid, "DELETE", answer, "already deleted by researcher")
            self._deleted_by_researcher(orcid, person, uuid, put_code)
        elif answer.ok:
            self._audit(orcid, person, uuid, "DELETE", answer, "deleted: left Pure's export set")
            self._set(orcid, uuid, person, "removed", None, None)
            self.summary.deleted += 1
        else:
            self._refused(orcid, person, uuid, "DELETE", answer)

    async def _update(self, orcid: str, person: str, uuid: str) -> None:
        push = self.plan.pushes[(orcid, uuid)]
        assert push.put_code is not None
        await self._put(orcid, person, uuid, push.put_code, "updated")

    async def _put(self, orcid: str, person: str, uuid: str, put_code: int, outcome: str) -> bool:
        body = work_body(self.plan.outputs[uuid], put_code)
        answer = await self._call(orcid, lambda t: self.writer.update(orcid, put_code, body, t))
        if answer.http_status == 404:
            self._audit(orcid, person, uuid, "PUT", answer, "deleted by researcher")
            self._deleted_by_researcher(orcid, person, uuid, put_code)
            return False
        if not answer.ok:
            self._refused(orcid, person, uuid, "PUT", answer)
            return False
        self._audit(orcid, person, uuid, "PUT", answer, outcome)
        self._set(orcid, uuid, person, "pushed", put_code, content_hash(body))
        if outcome == "updated":
            self.summary.updated += 1
        return True

    async def _post(self, orcid: str, chunk: list[tuple[str, str]]) -> None:
        bodies = [work_body(self.plan.outputs[uuid]) for _, uuid in chunk]
        hashes = [content_hash(body) for body in bodies]
        with self.engine.begin() as connection:  # the intents, committed before the POST
            connection.execute(
                query("load/set_push"),
                [
                    self._row(orcid, uuid, person, "intent", None, digest)
                    for (person, uuid), digest in zip(chunk, hashes, strict=True)
                ],
            )
        probe("load-orcid-intent")
        answers = await self._call(orcid, lambda t: self.writer.create(orcid, bodies, t))
        self.summary.post_calls += 1
        probe("load-orcid-posted")
        claimed = {
            push.put_code: uuid
            for (record, uuid), push in self.plan.pushes.items()
            if record == orcid and push.put_code is not None
        }
        for (person, uuid), digest, answer in zip(chunk, hashes, answers, strict=True):
            if answer.put_code is not None and answer.ok:
                self._audit(orcid, person, uuid, "POST", answer, "created")
                self._set(orcid, uuid, person, "pushed", answer.put_code, digest)
                claimed[answer.put_code] = uuid
                self.summary.pushed += 1
                continue
            existing = answer.duplicate_of
            if existing is None:
                self._refused(orcid, person, uuid, "POST", answer)
                self._forget_intent(orcid, uuid)
                continue
            owner = claimed.get(existing)
            if owner is not None and owner != uuid:
                # The work another output was pushed as shares an identifier with this one.
                self._audit(orcid, person, uuid, "POST", answer, f"same work as {owner}")
                self._forget_intent(orcid, uuid)
                self.summary.refused += 1
                continue
            self._audit(orcid, person, uuid, "POST", answer, "already added: adopted")
            if await self._put(orcid, person, uuid, existing, "adopted"):
                claimed[existing] = uuid
                self.summary.pushed += 1
                self.summary.adopted += 1

    # --- bookkeeping ------------------------------------------------------------------------

    def _row(
        self,
        orcid: str,
        uuid: str,
        person: str,
        state: str,
        put_code: int | None,
        digest: str | None,
    ) -> dict[str, Any]:
        return {
            "orcid": orcid,
            "pure_uuid": uuid,
            "person_uuid": person,
            "state": state,
            "put_code": put_code,
            "content_hash": digest,
            "run_id": self.run_id,
        }

    def _set(
        self,
        orcid: str,
        uuid: str,
        person: str,
        state: str,
        put_code: int | None,
        digest: str | None,
    ) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                query("load/set_push"), self._row(orcid, uuid, person, state, put_code, digest)
            )
        self.plan.pushes[(orcid, uuid)] = _Push(person, state, put_code, digest)

    def _forget_intent(self, orcid: str, uuid: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(query("load/forget_intent"), {"orcid": orcid, "pure_uuid": uuid})

    def _deleted_by_researcher(self, orcid: str, person: str, uuid: str, put_code: int) -> None:
        self._set(orcid, uuid, person, "deleted-by-researcher", put_code, None)
        self.summary.deleted_by_researcher += 1
        log.info("ORCID %s: the researcher deleted work %s (%s)", orcid, put_code, uuid)

    def _refused(self, orcid: str, person: str, uuid: str, method: str, answer: Written) -> None:
        self._audit(orcid, person, uuid, method, answer, f"refused: {answer.message[:200]}")
        self.summary.refused += 1

    def _audit(
        self, orcid: str, person: str, uuid: str, method: str, answer: Written, outcome: str
    ) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                query("load/record_write"),
                {
                    "run_id": self.run_id,
                    "orcid": orcid,
                    "person_uuid": person,
                    "pure_uuid": uuid,
                    "method": method,
                    "put_code": answer.put_code or answer.duplicate_of,
                    "http_status": answer.http_status,
                    "error_code": answer.error_code,
                    "outcome": redact(outcome),
                },
            )


def _require_client(settings: Settings) -> str:
    """Writing needs the institution's member API client: its id names the works it wrote,
    and its secret renews researchers' tokens."""
    if not settings.orcid_client_id or not settings.has_secret("orcid_client_secret"):
        raise SettingsError(
            "pushing to ORCID needs the member API client: set ORCID_CLIENT_ID and "
            "ORCID_CLIENT_SECRET (or run without --apply-orcid / APPLY_ORCID)"
        )
    return settings.orcid_client_id


def allow_push(engine: Engine, orcid: str, pure_uuid: str) -> str | None:
    """Let a work the researcher deleted from their ORCID record be pushed again (by the next
    run that finds it missing); returns the researcher, or None if there was no such work."""
    with engine.begin() as connection:
        return connection.execute(
            query("load/allow_push"), {"orcid": orcid, "pure_uuid": pure_uuid}
        ).scalar()
