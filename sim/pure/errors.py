"""The two generations' error bodies: WS `WSErrorResult`, Pure API RFC 7807 `ProblemDetails`."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

WS_PREFIX = "/ws/api/524"
PROBLEM_JSON = "application/problem+json"


class WsError(Exception):
    def __init__(self, code: int, title: str, description: str) -> None:
        super().__init__(description)
        self.code, self.title, self.description = code, title, description

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "description": self.description}


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

    def body(self, path: str) -> dict[str, Any]:
        """ProblemDetails for a request to `path`, which it names as the `instance`."""
        return {
            "type": self.kind,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": path,
            **self.extra,
        }


def ws_error_response(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, WsError)
    return JSONResponse(error.body(), status_code=error.code)


def api_problem_response(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiProblem)
    return JSONResponse(
        error.body(request.url.path), status_code=error.status, media_type=PROBLEM_JSON
    )


def bad_request_response(request: Request, error: Exception) -> JSONResponse:
    """A 400 in the shape of the generation that was asked: for paging or a query body Pure
    cannot apply (`BadPaging`, `BadQuery`, raised by the code the routes of both share), and for
    an unparsable parameter, which FastAPI would answer with a 422."""
    if isinstance(error, RequestValidationError):
        detail = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
    else:
        detail = str(error)
    if request.url.path.startswith(WS_PREFIX):
        return ws_error_response(request, WsError(400, "Bad Request", detail))
    return api_problem_response(
        request, ApiProblem(400, "Bad Request", detail, kind="/validation-error")
    )
