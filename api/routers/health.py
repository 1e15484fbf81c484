"""``GET /health``: whether the model is ready, being built, or failed; always answers at once."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from linkwork.api import deps
from linkwork.api.state import ModelState
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The state of the model: ``ready`` (200), or ``building`` / ``failed`` (503)."""

    status: Literal["ready", "building", "failed"]
    store_version: int
    model_version: int | None = None
    build_seconds: float | None = None
    detail: str | None = None

    model_config = {"json_schema_extra": {"examples": [
        {"status": "ready", "store_version": 3, "model_version": 3, "build_seconds": 0.41}]}}


@router.get("/health", response_model=Health, response_model_exclude_none=True, summary="Whether the model is ready",
            responses={503: {"model": Health, "description": "The model is being built (or its build failed)."}})
def health(state: ModelState = Depends(deps.state)):
    """``ready`` once the model of the store's current version is built; ``building`` (503, with
    ``Retry-After``) while it is; ``failed`` (503) if the build failed."""
    body = state.status()
    if body["status"] == "ready":
        return body
    state.start()
    return JSONResponse(Health(**body).model_dump(exclude_none=True), status_code=503,
                        headers={"Retry-After": str(state.retry_after)})
