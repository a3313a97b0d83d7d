"""The Pure API under /ws/api: lists capped at 1000, search bodies, and versioned writes."""

from __future__ import annotations

import uuid as uuid_module
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse

from sim.pure import journals, render_api, writes
from sim.pure.derived import api_timestamp, api_version
from sim.pure.errors import ApiProblem
from sim.pure.paging import API_MAX_SIZE, Window, window
from sim.pure.queries import filter_org_units, filter_outputs, filter_persons
from sim.pure.state import PureState, VersionConflict

JSON = dict[str, Any]


def require_api_key(request: Request) -> None:
    """The Pure API takes the key only as the `api-key` header (OpenAPI securitySchemes)."""
    state: PureState = request.app.state.pure
    if request.headers.get("api-key") != state.institution.pure_api_key:
        raise ApiProblem(401, "Unauthorized", "A valid api-key header is required")


router = APIRouter(prefix="/ws/api", dependencies=[Depends(require_api_key)])

Size = Annotated[int | None, Query()]
Offset = Annotated[int | None, Query()]
SearchBody = Annotated[JSON, Body()]
WriteBody = Annotated[Any, Body()]


def _state(request: Request) -> PureState:
    return request.app.state.pure


def _list(items: list[Any], page: Window, render: Any) -> JSON:
    return {
        "count": len(items),
        "pageInformation": page.page_information(),
        "items": [render(item) for item in page.slice(items)],
    }


def _search_window(body: JSON) -> Window:
    """Search bodies are not capped: BackToPure asks for `"size": 999999` and gets its persons."""
    if not isinstance(body, dict):
        raise ApiProblem(400, "Bad Request", "The query must be a JSON object", "/validation-error")
    return window(body.get("size"), body.get("offset"))


def _output_renderer(request: Request) -> Any:
    ctx = _state(request).context(str(request.base_url))
    state = _state(request)
    return lambda o: render_api.research_output(ctx, o, state.output_version(o))


def _person_renderer(request: Request) -> Any:
    ctx = _state(request).context(str(request.base_url))
    state = _state(request)
    return lambda p: render_api.person(ctx, p, state.person_version(p.uuid))


def _organization_renderer(request: Request) -> Any:
    """Units cannot be written here, so each keeps the version token of its first revision."""
    ctx = _state(request).context(str(request.base_url))
    return lambda u: render_api.organization(ctx, u, api_version(u.uuid, "organization", 0))


@router.get("/organizations")
def list_organizations(request: Request, size: Size = None, offset: Offset = None) -> JSON:
    page = window(size, offset, max_size=API_MAX_SIZE)
    units = list(_state(request).org_units.values())
    return _list(units, page, _organization_renderer(request))


@router.post("/organizations/search")
def search_organizations(request: Request, body: SearchBody) -> JSON:
    page = _search_window(body)
    units = filter_org_units(_state(request).org_units.values(), body, by_type=False)
    return _list(units, page, _organization_renderer(request))


@router.get("/organizations/{uuid}")
def get_organization(request: Request, uuid: str) -> JSON:
    unit = _state(request).org_units.get(uuid)
    if unit is None:
        raise ApiProblem(404, "Not Found", f"No organization with uuid {uuid}")
    return _organization_renderer(request)(unit)


@router.get("/persons")
def list_persons(request: Request, size: Size = None, offset: Offset = None) -> JSON:
    page = window(size, offset, max_size=API_MAX_SIZE)
    return _list(list(_state(request).persons.values()), page, _person_renderer(request))


@router.post("/persons/search")
def search_persons(request: Request, body: SearchBody) -> JSON:
    page = _search_window(body)
    persons = filter_persons(_state(request).persons.values(), body, _state(request).zone)
    return _list(persons, page, _person_renderer(request))


@router.get("/persons/{uuid}")
def get_person(request: Request, uuid: str) -> JSON:
    person = _state(request).persons.get(uuid)
    if person is None:
        raise ApiProblem(404, "Not Found", f"No person with uuid {uuid}")
    return _person_renderer(request)(person)


@router.get("/research-outputs")
def list_research_outputs(request: Request, size: Size = None, offset: Offset = None) -> JSON:
    page = window(size, offset, max_size=API_MAX_SIZE)
    state = _state(request)
    state.before_page(page.offset)
    return _list(state.outputs(), page, _output_renderer(request))


@router.post("/research-outputs/search")
def search_research_outputs(request: Request, body: SearchBody) -> JSON:
    page = _search_window(body)
    state = _state(request)
    state.before_page(page.offset)
    outputs = filter_outputs(state.outputs(), body, state.zone)
    return _list(outputs, page, _output_renderer(request))


@router.get("/research-outputs/{uuid}")
def get_research_output(request: Request, uuid: str) -> JSON:
    output = _state(request).output(uuid)
    if output is None:
        raise ApiProblem(404, "Not Found", f"No research output with uuid {uuid}")
    return _output_renderer(request)(output)


@router.post("/journals/search")
def search_journals(request: Request, body: SearchBody) -> JSON:
    """`JournalsQuery`: by uuids and a `searchString` found in a title or an ISSN."""
    page = _search_window(body)
    found = list(_state(request).journals().values())
    if body.get("uuids"):
        found = [j for j in found if j.uuid in set(body["uuids"])]
    if body.get("searchString"):
        found = [j for j in found if journals.matches(j, str(body["searchString"]))]
    return _list(found, page, journals.render)


def _checked(body: Any, state: PureState) -> JSON:
    errors = writes.problems(body)
    if not errors:
        errors = writes.unknown_references(body, state.persons, state.org_units, state.journals())
    if errors:
        raise ApiProblem(
            400,
            "Validation error",
            "; ".join(errors),
            kind="/validation-error",
            errors=[{"message": e} for e in errors],
        )
    return body


@router.put("/research-outputs", status_code=201)
def create_research_output(request: Request, body: WriteBody) -> JSONResponse:
    state = _state(request)
    checked = _checked(body, state)
    output = writes.new_output(
        checked,
        uuid=str(uuid_module.uuid4()),
        pure_id=state.next_pure_id(),
        institution=state.institution,
        persons=state.persons,
        now=state.clock(),
        journals=state.journals(),
    )
    state.create(output)
    return JSONResponse(_output_renderer(request)(output), status_code=201)


@router.put("/research-outputs/{uuid}")
def update_research_output(request: Request, uuid: str, body: WriteBody) -> JSON:
    """A body whose `version` is not the stored one is refused with 409; none is a dirty write."""
    state = _state(request)
    current = state.output(uuid)
    if current is None:
        raise ApiProblem(404, "Not Found", f"No research output with uuid {uuid}")
    checked = _checked(body, state)
    updated = writes.apply(checked, current, state.persons, state.clock(), state.journals())
    try:
        state.update(updated, checked.get("version"))
    except VersionConflict as conflict:
        raise ApiProblem(
            409,
            "Version conflict",
            "The content has been modified since the given version was read",
            modified=api_timestamp(conflict.current.modified, state.zone),
            modifiedBy="api",
        ) from conflict
    return _output_renderer(request)(updated)
