"""The two generations' error bodies: WS `WSErrorResult`, Pure API RFC 7807 `ProblemDetails`."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

WS_PREFIX = "/ws/api/524"


class WsError(Exception):
    def __init__(self, code: int, title: str, description: str) -> None:
        super().__init__(description)
        self.code, self.title, self.description = code, title, description


class ApiProblem(Exception):
    def __init__(
        self, status: int, title: str, detail: str, kind: str = "/error", **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.kind, self.extra = (
            status,
            title,
            detail,
            kind,
            extra,
        )


def ws_error_response(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, WsError)
    body = {"code": error.code, "title": error.title, "description": error.description}
    return JSONResponse(body, status_code=error.code)


def api_problem_response(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiProblem)
    body = {
        "type": error.kind,
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
        "instance": request.url.path,
        **error.extra,
    }
    return JSONResponse(body, status_code=error.status, media_type="application/problem+json")


def bad_request_response(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422 for an unparsable parameter is a 400 in Pure, in each generation's shape."""
    assert isinstance(error, RequestValidationError)
    detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
    if request.url.path.startswith(WS_PREFIX):
        return ws_error_response(request, WsError(400, "Bad Request", detail))
    return api_problem_response(
        request, ApiProblem(400, "Bad Request", detail, kind="/validation-error")
    )
