"""What the Open Referral UK routers share: OpenAPI responses and the directory of a snapshot."""
from __future__ import annotations

from typing import Any

from fastapi import Depends
from linkwork.api import deps
from linkwork.api.directory import Directory, build_directory
from linkwork.api.oruk_schemas import ref
from linkwork.api.paging import NDJSON
from linkwork.api.problems import PROBLEM_JSON, PROBLEM_RESPONSES, ProblemError
from linkwork.api.state import Snapshot

__all__ = ["VIEWS", "directory", "ok", "not_found", "TAGS"]

TAGS = ["Open Referral UK"]

#: built with the model, once per store version
VIEWS = {"oruk": build_directory}


def directory(snap: Snapshot = Depends(deps.snapshot)) -> Directory:
    """The ORUK directory of the store's current version (503 while it builds)."""
    return snap.view("oruk")


def ok(component: str, description: str, example: Any = None, *, ndjson: bool = False, missing: str | None = None) -> dict:
    """OpenAPI ``responses``: 200 as ``component`` (with an example), plus the problems it may give."""
    content: dict[str, Any] = {"application/json": {"schema": ref(component)}}
    if example is not None:
        content["application/json"]["example"] = example
    if ndjson:
        content[NDJSON] = {"schema": {"type": "string", "description": "One JSON record a line (format=ndjson)."}}
    out: dict[int | str, dict[str, Any]] = {200: {"description": description, "content": content}, **PROBLEM_RESPONSES}
    if missing:
        out[404] = {"description": f"No {missing} has this id.", "content": {PROBLEM_JSON: {
            "schema": PROBLEM_RESPONSES[422]["content"][PROBLEM_JSON]["schema"],
            "example": {"type": "about:blank", "title": "Not Found", "status": 404, "detail": f"no {missing} with id 'x'"}}}}
    return out


def not_found(kind: str, id_: str) -> ProblemError:
    shown = id_ if len(id_) <= 64 and id_.replace("-", "").isalnum() else "given"  # an id, never arbitrary text
    return ProblemError(404, f"no {kind} with id '{shown}'" if shown != "given" else f"no {kind} with the id given")
