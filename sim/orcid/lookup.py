"""The record checks every read and write starts with, in the order of ORCID's `checkProfile`
(unknown → deprecated → deactivated) followed by `isMyToken` (shared/reference/orcid-api.md §2.6).
A record the fault profile deprecates (`Sim.merged_into`) answers as a deprecated one does.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from fastapi import Request
from starlette.responses import Response

from sim.model import OrcidRecord
from sim.orcid import errors
from sim.orcid.access import Caller
from sim.orcid.context import Sim
from sim.orcid.errors import OrcidApiError
from sim.orcid.state import StoredWork

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def respond(request: Request, payload: Any, status: int = 200) -> Response:
    """JSON under the media type the client negotiated, as ORCID names its answers."""
    return Response(orjson.dumps(payload), status_code=status, media_type=request.state.media_type)


def put_code_from_path(raw: str) -> int:
    """A put-code that is not a number never reaches ORCID's resource: JAX-RS answers 404."""
    if not raw.isdigit():
        raise OrcidApiError(
            errors.unrouted(
                404,
                f'HTTP 404 Not Found (java.lang.NumberFormatException: For input string: "{raw}")',
            )
        )
    return int(raw)


def _moved(request: Request, orcid: str, primary: str) -> dict[str, str]:
    url = request.url
    return {"Location": str(url.replace(path=url.path.replace(f"/{orcid}", f"/{primary}", 1)))}


def find_record(
    sim: Sim, caller: Caller, request: Request, orcid: str, *, check_status: bool = True
) -> OrcidRecord:
    record = sim.state.record(orcid) if ORCID_PATTERN.match(orcid) else None
    if record is None:
        raise OrcidApiError(errors.not_found())
    writing = request.method != "GET"
    primary = record.primary_orcid if record.status == "deprecated" else sim.merged_into(orcid)
    if check_status and primary:
        if writing:
            raise OrcidApiError(errors.deprecated(orcid, primary, 409))
        raise OrcidApiError(errors.deprecated(orcid, primary, 301), _moved(request, orcid, primary))
    if check_status and record.status == "deactivated":
        raise OrcidApiError(errors.deactivated(orcid))
    if caller.api == "member" and caller.orcid is not None and caller.orcid != orcid:
        raise OrcidApiError(errors.other_record())
    if writing and not caller.updates(orcid):
        raise OrcidApiError(errors.missing_scope())
    return record


def readable_works(sim: Sim, orcid: str) -> list[StoredWork]:
    """The record's works as reads see them; the hide fault empties a chosen share of records."""
    return [] if orcid in sim.hidden_records else sim.state.works(orcid)
