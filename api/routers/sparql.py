"""``GET /sparql`` and ``POST /sparql``: read-only SPARQL for analysts (commissioner role), as the
SPARQL 1.1 Protocol asks (``query`` in the URL, a form, or an ``application/sparql-query`` body).

The query runs as given in a worker process with a time limit and a result cap
(:mod:`linkwork.graph.sparql`); results are SPARQL JSON or CSV, chosen by ``format`` or
the ``Accept`` header. Updates and ``SERVICE`` are refused.
"""
from __future__ import annotations

from typing import Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from linkwork.api import deps
from linkwork.api.auth import AUTH_RESPONSES, require
from linkwork.api.problems import PROBLEM_RESPONSES, ProblemError, field_error
from linkwork.graph.sparql import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, MAX_QUERY_CHARS, SparqlError, SparqlTimeout, run_query

__all__ = ["router"]

router = APIRouter(tags=["commissioners"], dependencies=[Depends(require("commissioner"))],
                   responses={**PROBLEM_RESPONSES, **AUTH_RESPONSES})

Format = Literal["json", "csv"]
_RESULTS: dict[int | str, dict[str, Any]] = {200: {"description": "SPARQL 1.1 results (JSON or CSV; CONSTRUCT and DESCRIBE: N-Triples). "
                                 "`X-Linkwork-Truncated: true` when the result cap cut it.",
                  "content": {"application/sparql-results+json": {"example": {"head": {"vars": ["s"]},
                                                                              "results": {"bindings": []}}},
                              "text/csv": {"example": "s\r\n"}}}}


@router.get("/sparql", summary="Run a read-only SPARQL query (commissioner)", responses=_RESULTS)
def sparql_get(
    request: Request,
    query: str = Query(max_length=MAX_QUERY_CHARS, description="The SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)."),
    format: Format | None = Query(None, description="json or csv (default: from Accept, else json)."),
    limit: int = Query(DEFAULT_MAX_ROWS, ge=1, le=DEFAULT_MAX_ROWS, description="At most this many rows."),
):
    return _answer(request, query, format, limit, ("query", "query"))


@router.post("/sparql", summary="Run a read-only SPARQL query sent in the body (commissioner)", responses=_RESULTS,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/sparql-query": {"schema": {"type": "string"}},
                 "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"],
                                                                  "properties": {"query": {"type": "string"}}}}}}})
async def sparql_post(
    request: Request,
    format: Format | None = Query(None, description="json or csv (default: from Accept, else json)."),
    limit: int = Query(DEFAULT_MAX_ROWS, ge=1, le=DEFAULT_MAX_ROWS, description="At most this many rows."),
):
    raw = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProblemError(422, "the query is not UTF-8 text", errors=[field_error(("body",), "not UTF-8")]) from None
    where: tuple = ("body",)
    if kind == "application/x-www-form-urlencoded":
        text = (parse_qs(text).get("query") or [""])[0]
        where = ("body", "query")
    elif kind not in ("application/sparql-query", "text/plain", ""):
        raise ProblemError(415, "send the query as application/sparql-query, or a form with a query field")
    from anyio import to_thread

    return await to_thread.run_sync(_answer, request, text, format, limit, where)


def _answer(request: Request, text: str, fmt: str | None, limit: int, where: tuple) -> Response:
    fmt = fmt or ("csv" if "text/csv" in request.headers.get("accept", "") else "json")
    core = deps.core(request)
    try:
        result = run_query(core.store, text, timeout=DEFAULT_TIMEOUT, max_rows=limit)
    except SparqlTimeout as exc:
        raise ProblemError(503, str(exc), type_="https://w3id.org/linkwork/problems/query-timeout") from None
    except SparqlError as exc:
        raise ProblemError(422, str(exc), errors=[field_error(where, str(exc))]) from None
    headers = {"X-Linkwork-Truncated": "true"} if result.truncated else {}
    return Response(result.body(fmt), media_type=result.media_type(fmt), headers=headers)
