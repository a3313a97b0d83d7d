"""The member API's work writes, with the rules that trip up pushers (shared/reference/orcid-api.md
§1.3, §1.5, §2.1): the 9021 duplicate check per client source, the ignored visibility on POST,
9035 on a visibility change, 9010 for another source's work, and per-item bulk errors.
"""

# No `from __future__ import annotations` here: FastAPI must evaluate the route-local
# `Call` alias while the router is built.
import dataclasses
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from sim.model import ExternalId, OrcidWork
from sim.orcid import errors, render
from sim.orcid.access import Caller
from sim.orcid.context import Sim
from sim.orcid.errors import OrcidApiError
from sim.orcid.gate import gate
from sim.orcid.identifiers import identity, is_groupable
from sim.orcid.incoming import IncomingWork, parse_work
from sim.orcid.lookup import find_record, put_code_from_path, respond
from sim.orcid.state import StoredWork

BULK_WRITE_MAX = 100
WORKS_PER_RECORD_MAX = 10_000
API_CREATED = -1
"""`true_work_id` of works the pipeline creates: the simulator cannot know their truth."""


async def _body(request: Request) -> Any:
    content_type = request.headers.get("content-type", "")
    if "xml" in content_type:
        raise OrcidApiError(errors.unrouted(415, "HTTP 415 Unsupported Media Type"))
    try:
        return json.loads(await request.body())
    except ValueError as exc:
        raise OrcidApiError(errors.invalid_json(str(exc))) from None


def find_duplicate(
    existing: list[StoredWork],
    client_id: str | None,
    incoming: list[ExternalId],
    *,
    bulk: bool,
    exclude: int | None = None,
) -> int | None:
    """The put-code of this client's work that an incoming `self` id already names. A single
    POST compares with the client's `self` ids only; a bulk POST with every id that is not
    part-of or funded-by (ORCID's `checkExternalIdentifiersForDuplicates`)."""
    wanted = {identity(e) for e in incoming if e.relationship == "self" and e.value}
    for stored in existing:
        work = stored.work
        if work.source_client_id != client_id or work.put_code == exclude:
            continue
        for ext in work.external_ids:
            comparable = (
                is_groupable(ext) if bulk else ext.relationship == "self" and bool(ext.value)
            )
            if comparable and identity(ext) in wanted:
                return work.put_code
    return None


def writes_router(sim: Sim) -> APIRouter:
    router = APIRouter()
    Call = Annotated[Caller, Depends(gate(sim, "member"))]
    state = sim.state

    def create(caller: Caller, orcid: str, incoming: IncomingWork, *, bulk: bool) -> StoredWork:
        if incoming.put_code is not None:
            raise OrcidApiError(errors.put_code_on_create(caller.client_name))
        existing = state.works(orcid)
        if len(existing) >= WORKS_PER_RECORD_MAX:
            raise OrcidApiError(errors.too_many_works(WORKS_PER_RECORD_MAX))
        duplicate = find_duplicate(existing, caller.client_id, incoming.external_ids, bulk=bulk)
        if duplicate is not None:
            raise OrcidApiError(errors.duplicate(duplicate, caller.client_name))
        now = sim.now()
        work = OrcidWork(
            put_code=state.new_put_code(),
            orcid=orcid,
            true_work_id=API_CREATED,
            **incoming.content(),
            # The visibility sent is ignored: the work takes the researcher's default (§2.1).
            visibility=sim.visibility_for_new_work(orcid),
            source_client_id=caller.client_id,
            source_name=caller.client_name or "",
            created=now,
            last_modified=now,
        )
        stored = StoredWork(work, incoming.extras)
        state.add(stored, now)
        return stored

    @router.post("/{orcid}/work")
    async def post_work(request: Request, orcid: str, caller: Call) -> Response:
        state.counters["works_posts"] += 1
        find_record(sim, caller, request, orcid)
        stored = create(caller, orcid, parse_work(await _body(request)), bulk=False)
        base = str(request.url.replace(query="", fragment="")).rstrip("/")
        location = f"{base}/{stored.work.put_code}"
        return Response(status_code=201, headers={"Location": location})

    @router.post("/{orcid}/works")
    async def post_works(request: Request, orcid: str, caller: Call) -> Response:
        state.counters["works_posts"] += 1
        find_record(sim, caller, request, orcid)
        body = await _body(request)
        items = body.get("bulk") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise OrcidApiError(errors.invalid_json("the body has no bulk list"))
        if len(items) > BULK_WRITE_MAX:
            raise OrcidApiError(
                errors.bad_request(
                    f"You are allowed to add up to {BULK_WRITE_MAX} elements per request."
                )
            )
        results: list[dict[str, Any]] = []
        for item in items:
            try:
                incoming = parse_work(item.get("work") if isinstance(item, dict) else None)
                stored = create(caller, orcid, incoming, bulk=True)
            except OrcidApiError as failure:
                results.append({"error": failure.error.body()})
            else:
                results.append({"work": render.work_full(stored)})
        return respond(request, {"bulk": results})

    @router.put("/{orcid}/work/{put_code}")
    async def put_work(request: Request, orcid: str, put_code: str, caller: Call) -> Response:
        state.counters["works_puts"] += 1
        find_record(sim, caller, request, orcid)
        code = put_code_from_path(put_code)
        incoming = parse_work(await _body(request))
        if incoming.put_code != code:
            raise OrcidApiError(errors.put_code_mismatch(code, incoming.put_code))
        current = state.find(orcid, code)
        if current is None:
            raise OrcidApiError(errors.not_found())
        if current.work.source_client_id != caller.client_id:
            raise OrcidApiError(errors.wrong_source())
        if incoming.visibility is not None and incoming.visibility != current.work.visibility:
            raise OrcidApiError(errors.visibility_change(caller.client_name))
        if incoming.same_content(current.work) and incoming.extras == current.extras:
            return respond(request, render.work_full(current))
        duplicate = find_duplicate(
            state.works(orcid), caller.client_id, incoming.external_ids, bulk=False, exclude=code
        )
        if duplicate is not None:
            raise OrcidApiError(errors.duplicate(duplicate, caller.client_name))
        now = sim.now()
        updated = dataclasses.replace(current.work, **incoming.content(), last_modified=now)
        stored = StoredWork(updated, incoming.extras)
        state.replace(stored, now)
        return respond(request, render.work_full(stored))

    @router.delete("/{orcid}/work/{put_code}")
    async def delete_work(request: Request, orcid: str, put_code: str, caller: Call) -> Response:
        find_record(sim, caller, request, orcid)
        code = put_code_from_path(put_code)
        current = state.find(orcid, code)
        if current is None:
            raise OrcidApiError(errors.not_found())
        if current.work.source_client_id != caller.client_id:
            raise OrcidApiError(errors.wrong_source())
        state.remove(orcid, code, sim.now())
        return Response(status_code=204)

    return router
