"""Web Service 5.24 under /ws/api/524: read-only lists, singles, query bodies, the change feed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request

from sim.model import PureOutput
from sim.pure import render_ws524, rendering_bibtex
from sim.pure.changes import BadChangesKey, encode_token
from sim.pure.context import RenderContext
from sim.pure.errors import WS_PREFIX, WsError
from sim.pure.paging import Window, navigation_links, window
from sim.pure.queries import filter_org_units, filter_outputs, filter_persons
from sim.pure.state import PureState

JSON = dict[str, Any]


def require_ws_key(request: Request) -> None:
    """The WS takes the key as the `api-key` header or the `apiKey` query parameter."""
    state: PureState = request.app.state.pure
    key = request.headers.get("api-key") or request.query_params.get("apiKey")
    if key != state.institution.pure_api_key:
        raise WsError(401, "Unauthorized", "A valid API key is required (api-key header)")


router = APIRouter(prefix=WS_PREFIX, dependencies=[Depends(require_ws_key)])

Size = Annotated[int | None, Query()]
Offset = Annotated[int | None, Query()]
Page = Annotated[int | None, Query()]
PageSize = Annotated[int | None, Query(alias="pageSize")]
NavigationLink = Annotated[bool, Query(alias="navigationLink")]
Rendering = Annotated[list[str] | None, Query()]
QueryBody = Annotated[JSON | None, Body()]


def _state(request: Request) -> PureState:
    return request.app.state.pure


def _context(request: Request) -> RenderContext:
    return _state(request).context(str(request.base_url))


def _list(request: Request, items: list[Any], page: Window, links: bool, render: Any) -> JSON:
    body: JSON = {"count": len(items), "pageInformation": page.page_information()}
    if links and request.method == "GET":
        nav = navigation_links(request.url, page, len(items))
        if nav:
            body["navigationLinks"] = nav
    body["items"] = [render(item) for item in page.slice(items)]
    return body


def _output_renderer(request: Request, renderings: list[str]) -> Any:
    """Full records, or, with `rendering=BIBTEX`, just the BibTeX in `renderings[]`."""
    ctx = _context(request)
    wanted = [r for r in renderings if r.upper() == "BIBTEX"]
    if renderings and not wanted:
        raise WsError(400, "Bad Request", f"Unsupported rendering: {', '.join(renderings)}")
    if not wanted:
        return lambda output: render_ws524.research_output(ctx, output)

    def rendered(output: PureOutput) -> JSON:
        return {
            "pureId": output.pure_id,
            "uuid": output.uuid,
            "renderings": [
                {
                    "format": wanted[0],
                    "locale": "en_GB",
                    "error": False,
                    "html": rendering_bibtex.render_html(output, ctx.institution_name),
                }
            ],
        }

    return rendered


def _query(body: JSON | None) -> JSON:
    if body is not None and not isinstance(body, dict):
        raise WsError(400, "Bad Request", "The query must be a JSON object")
    return body or {}


@router.get("/persons")
def list_persons(
    request: Request,
    size: Size = None,
    offset: Offset = None,
    page: Page = None,
    page_size: PageSize = None,
    navigation_link: NavigationLink = True,
) -> JSON:
    ctx = _context(request)
    persons = list(_state(request).persons.values())
    window_ = window(size, offset, page=page, page_size=page_size)
    return _list(request, persons, window_, navigation_link, lambda p: render_ws524.person(ctx, p))


@router.post("/persons")
def query_persons(
    request: Request, body: QueryBody = None, size: Size = None, offset: Offset = None
) -> JSON:
    query = _query(body)
    ctx = _context(request)
    persons = filter_persons(_state(request).persons.values(), query, ctx.zone)
    window_ = window(query.get("size", size), query.get("offset", offset))
    return _list(request, persons, window_, False, lambda p: render_ws524.person(ctx, p))


@router.get("/persons/{uuid}")
def get_person(request: Request, uuid: str) -> JSON:
    person = _state(request).persons.get(uuid)
    if person is None:
        raise WsError(404, "Not Found", f"No person with uuid {uuid}")
    return render_ws524.person(_context(request), person)


@router.get("/organisational-units")
def list_organisational_units(
    request: Request,
    size: Size = None,
    offset: Offset = None,
    page: Page = None,
    page_size: PageSize = None,
    navigation_link: NavigationLink = True,
) -> JSON:
    ctx = _context(request)
    units = list(_state(request).org_units.values())
    window_ = window(size, offset, page=page, page_size=page_size)
    return _list(
        request, units, window_, navigation_link, lambda u: render_ws524.organisational_unit(ctx, u)
    )


@router.post("/organisational-units")
def query_organisational_units(
    request: Request, body: QueryBody = None, size: Size = None, offset: Offset = None
) -> JSON:
    query = _query(body)
    ctx = _context(request)
    units = filter_org_units(_state(request).org_units.values(), query, by_type=True)
    window_ = window(query.get("size", size), query.get("offset", offset))
    return _list(request, units, window_, False, lambda u: render_ws524.organisational_unit(ctx, u))


@router.get("/organisational-units/{uuid}")
def get_organisational_unit(request: Request, uuid: str) -> JSON:
    unit = _state(request).org_units.get(uuid)
    if unit is None:
        raise WsError(404, "Not Found", f"No organisational unit with uuid {uuid}")
    return render_ws524.organisational_unit(_context(request), unit)


@router.get("/research-outputs")
def list_research_outputs(
    request: Request,
    size: Size = None,
    offset: Offset = None,
    page: Page = None,
    page_size: PageSize = None,
    navigation_link: NavigationLink = True,
    rendering: Rendering = None,
) -> JSON:
    window_ = window(size, offset, page=page, page_size=page_size)
    render = _output_renderer(request, rendering or [])
    state = _state(request)
    state.before_page(window_.offset)
    return _list(request, state.outputs(), window_, navigation_link, render)


@router.post("/research-outputs")
def query_research_outputs(
    request: Request, body: QueryBody = None, size: Size = None, offset: Offset = None
) -> JSON:
    """ricgraph sends size/offset as query parameters and the filter as the body; both work."""
    query = _query(body)
    window_ = window(query.get("size", size), query.get("offset", offset))
    render = _output_renderer(request, list(query.get("renderings") or []))
    state = _state(request)
    state.before_page(window_.offset)
    outputs = filter_outputs(state.outputs(), query, _context(request).zone)
    return _list(request, outputs, window_, False, render)


@router.get("/research-outputs/{uuid}")
def get_research_output(request: Request, uuid: str, rendering: Rendering = None) -> JSON:
    output = _state(request).output(uuid)
    if output is None:
        raise WsError(404, "Not Found", f"No research output with uuid {uuid}")
    return _output_renderer(request, rendering or [])(output)


@router.get("/changes/{key}")
def changes(request: Request, key: str) -> JSON:
    """Key order and the missing `items` on empty pages follow the UMN responses."""
    state = _state(request)
    try:
        page = state.changes.page_for(key, _context(request).zone)
    except BadChangesKey as error:
        raise WsError(404, "Not Found", f"Not a date or resumption token: {key}") from error
    token = encode_token(page.resumption_sequence)
    body: JSON = {"count": len(page.items), "resumptionToken": token, "moreChanges": page.more}
    if page.items:
        body["items"] = [change.as_json() for change in page.items]
    body["navigationLinks"] = [
        {"ref": "next", "href": f"{_context(request).ws_base}/changes/{token}"}
    ]
    return body
