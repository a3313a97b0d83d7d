"""The read endpoints, mounted once for the public API and once for the member API; the two
differ only in who the caller can be (access.py) and in one ORCID quirk: the public API's bulk
read checks only that the iD exists, not its status."""

# No `from __future__ import annotations` here: FastAPI must evaluate the route-local
# `Call` alias while the router is built.
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from sim.orcid import errors, render
from sim.orcid.access import Api, Caller, bulk_read_error, listed, single_read_error
from sim.orcid.context import Sim
from sim.orcid.errors import OrcidApiError
from sim.orcid.gate import gate
from sim.orcid.lookup import find_record, put_code_from_path, readable_works, respond
from sim.orcid.search import Doc, compile_query

BULK_READ_MAX = 100
SEARCH_ROWS_MAX = 1000
ANONYMOUS_START_MAX = 10_000


def reads_router(sim: Sim, api: Api) -> APIRouter:
    router = APIRouter()
    Call = Annotated[Caller, Depends(gate(sim, api))]

    def summary(orcid: str, caller: Caller) -> dict[str, Any]:
        """The works section as this caller may see it, alone or inside the record."""
        return render.works_summary(
            orcid, readable_works(sim, orcid), lambda work: listed(caller, work)
        )

    @router.get("/{orcid}/works")
    async def works(request: Request, orcid: str, caller: Call) -> Response:
        find_record(sim, caller, request, orcid)
        return respond(request, summary(orcid, caller))

    @router.get("/{orcid}/works/{put_codes}")
    async def bulk(request: Request, orcid: str, put_codes: str, caller: Call) -> Response:
        find_record(sim, caller, request, orcid, check_status=api == "member")
        wanted = put_codes.split(",")
        if len(wanted) > BULK_READ_MAX:
            raise OrcidApiError(errors.too_many_put_codes(BULK_READ_MAX))
        for raw in wanted:
            if not raw.strip().isdigit():
                raise OrcidApiError(errors.bad_request(f'For input string: "{raw}"'))
        by_code = {s.work.put_code: s for s in readable_works(sim, orcid)}
        items = []
        for raw in wanted:
            stored = by_code.get(int(raw))
            if stored is None:
                error = errors.invalid_put_code(raw.strip(), caller.client_name)
                items.append({"error": error.body()})
            elif denied := bulk_read_error(caller, stored.work):
                items.append({"error": denied.body()})
            else:
                items.append({"work": render.work_full(stored)})
        return respond(request, {"bulk": items})

    @router.get("/{orcid}/work/{put_code}")
    async def work(request: Request, orcid: str, put_code: str, caller: Call) -> Response:
        find_record(sim, caller, request, orcid)
        code = put_code_from_path(put_code)
        stored = next((s for s in readable_works(sim, orcid) if s.work.put_code == code), None)
        if stored is None:
            raise OrcidApiError(errors.not_found())
        if denied := single_read_error(caller, stored.work):
            raise OrcidApiError(denied)
        return respond(request, render.work_full(stored))

    @router.get("/{orcid}/record")
    async def record(request: Request, orcid: str, caller: Call) -> Response:
        rec = find_record(sim, caller, request, orcid)
        body = render.record(rec, summary(orcid, caller), sim.state.last_modified(orcid))
        return respond(request, body)

    @router.get("/search")
    @router.get("/search/")
    async def search(
        request: Request, caller: Call, q: str = "", start: str = "0", rows: str = "1000"
    ) -> Response:
        if not rows.isdigit() or int(rows) > SEARCH_ROWS_MAX:
            raise OrcidApiError(
                errors.bad_search(
                    f"The rows parameter must be an integer between 0 and {SEARCH_ROWS_MAX}"
                )
            )
        if not start.isdigit():
            raise OrcidApiError(errors.bad_search("The start parameter must be an integer"))
        if caller.client_id is None and int(start) > ANONYMOUS_START_MAX:
            raise OrcidApiError(errors.search_start_too_large())
        matches = compile_query(q, sim.now())
        # Deprecated and deactivated records leave the index: nothing about them changes.
        found = [
            orcid
            for orcid, rec in sorted(sim.state.institution.orcid_records.items())
            if rec.status == "active" and matches(Doc(orcid, sim.state.last_modified(orcid)))
        ]
        page = found[int(start) : int(start) + int(rows)]
        result = [{"orcid-identifier": render.orcid_identifier(o)} for o in page]
        # ORCID sends null, not [], when nothing matched.
        return respond(request, {"result": result or None, "num-found": len(found)})

    return router
