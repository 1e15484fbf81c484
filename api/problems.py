"""Every error the HTTP API gives is RFC 9457 ``application/problem+json``, made here in one place.

A problem names the field at fault with a JSON pointer (``#/needs/0/severity``
for a body, or ``parameter`` plus ``in`` for a query, path or header
parameter) and says why, never what was sent: a body may be a person's
profile, and a profile is never echoed. FastAPI's own validation messages are
rebuilt from the error type and location only, so the submitted value (its
``input``) is dropped.

>>> problem(404, "no service with id 'x'").body
b'{"type":"about:blank","title":"Not Found","status":404,"detail":"no service with id \\'x\\'"}'
"""
from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from linkwork.viz.render import prefers_html
from starlette.exceptions import HTTPException as StarletteHTTPException

from linkwork.errors import LinkworkError

__all__ = ["PROBLEM_JSON", "ProblemError", "NotReady", "problem", "field_error", "install_handlers", "PROBLEM_RESPONSES"]

PROBLEM_JSON = "application/problem+json"


class ProblemJSONResponse(JSONResponse):
    media_type = PROBLEM_JSON


class ProblemError(Exception):
    """Raise from an endpoint to answer with a problem; ``errors`` locate the fields at fault."""

    def __init__(self, status: int, detail: str, *, errors: Sequence[dict] = (), headers: dict[str, str] | None = None,
                 type_: str = "about:blank"):
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers, self.type = status, detail, list(errors), headers, type_


class NotReady(ProblemError):
    """The model is being (re)built: 503 with ``Retry-After``, rather than a request that hangs."""

    def __init__(self, retry_after: int = 2):
        super().__init__(503, "the model is being built from the store; try again shortly",
                         headers={"Retry-After": str(retry_after)})


def problem(status: int, detail: str, *, errors: Sequence[dict] = (), headers: dict[str, str] | None = None,
            type_: str = "about:blank") -> JSONResponse:
    """A problem+json response; ``title`` is the standard phrase of ``status``."""
    body: dict[str, Any] = {"type": type_, "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    if errors:
        body["errors"] = list(errors)
    return ProblemJSONResponse(body, status_code=status, headers=headers)


def field_error(loc: Sequence[str | int], detail: str) -> dict:
    """One located error: ``("body", "needs", 0)`` -> ``#/needs/0``; ``("query", "page")`` -> parameter ``page``.

    >>> field_error(("body", "needs", 0, "severity"), "not a severity")
    {'detail': 'not a severity', 'pointer': '#/needs/0/severity'}
    >>> field_error(("query", "page"), "should be at least 1")
    {'detail': 'should be at least 1', 'pointer': '#/page', 'parameter': 'page', 'in': 'query'}
    """
    where, *rest = list(loc) or ["body"]
    path = "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in rest)
    out = {"detail": detail, "pointer": "#/" + path}
    if where != "body":
        out.update({"parameter": str(rest[0]) if rest else "", "in": str(where)})
    return out


def _validation_errors(exc: RequestValidationError) -> list[dict]:
    # Only the type's message and the location: pydantic's "input" (and "ctx", which may quote it) stay behind.
    return [field_error(e.get("loc", ("body",)), _message(e)) for e in exc.errors()]


def _message(e: dict) -> str:
    kind = e.get("type", "")
    if kind == "json_invalid":
        return "the body is not valid JSON"
    if kind == "missing":
        return "required"
    if kind in ("extra_forbidden",):
        return "not a known field"
    msg = str(e.get("msg", "not valid"))
    return msg.removeprefix("Value error, ")


def install_handlers(app: FastAPI) -> None:
    """Turn every error (ours, FastAPI's, Starlette's 404 and 405, and any bug) into problem+json."""

    @app.exception_handler(ProblemError)
    async def _ours(request: Request, exc: ProblemError):
        return problem(exc.status, exc.detail, errors=exc.errors, headers=exc.headers, type_=exc.type)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = _validation_errors(exc)
        return problem(422, f"{len(errors)} field{'s' if len(errors) != 1 else ''} not valid", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != HTTPStatus(exc.status_code).phrase else None
        if exc.status_code == 404 and prefers_html(request):  # a person following a bad link gets a page
            from linkwork.viz.render import render

            return render(request, "not_found.html", status=404, title="Page not found", path=request.url.path)
        if exc.status_code == 404 and detail is None:
            detail = f"no resource at {request.url.path}; see /openapi.json for what there is"
        if exc.status_code == 405 and detail is None:
            detail = f"{request.method} is not allowed on {request.url.path}"
        return problem(exc.status_code, detail or HTTPStatus(exc.status_code).phrase, headers=getattr(exc, "headers", None))

    @app.exception_handler(LinkworkError)
    async def _linkwork(request: Request, exc: LinkworkError):
        return problem(422, str(exc))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):  # logged by the server; the client learns nothing private
        return problem(500, "internal error; it has been logged")


_PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "required": ["detail", "pointer"], "properties": {
            "detail": {"type": "string"}, "pointer": {"type": "string"},
            "parameter": {"type": "string"}, "in": {"type": "string"}}}},
    },
}


def _resp(description: str, example: dict) -> dict:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": _PROBLEM_SCHEMA, "example": example}}}


#: OpenAPI ``responses`` for the problems every endpoint may give; pass to ``APIRouter(responses=...)``.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: _resp("A parameter or body field is not valid; each error points at its field.", {
        "type": "about:blank", "title": "Unprocessable Entity", "status": 422, "detail": "1 field not valid",
        "errors": [{"detail": "Input should be greater than or equal to 1", "pointer": "#/page", "parameter": "page",
                    "in": "query"}]}),
    503: _resp("The model is being built from the store; retry after `Retry-After` seconds.", {
        "type": "about:blank", "title": "Service Unavailable", "status": 503,
        "detail": "the model is being built from the store; try again shortly"}),
}
