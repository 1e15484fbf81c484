"""``POST /pathways``: a navigator's plan for one person, the profile in the body.

The same plan as ``linkwork route --json`` (:func:`linkwork.graph.navigator.navigate`,
serialised through :class:`linkwork.api.schemas.Plan`). The profile is read from the
body only, used for this answer and dropped: never logged, cached or stored, and no
error repeats it.
"""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from linkwork.api import deps
from linkwork.api.auth import AUTH_RESPONSES, require
from linkwork.api.problems import PROBLEM_RESPONSES
from linkwork.api.profile_body import NO_STORE, PROFILE_BODY, profile_body, profile_problem
from linkwork.api.schemas import Plan, dump
from linkwork.api.state import Snapshot
from linkwork.graph.navigator import navigate

from linkwork.errors import ProfileError

__all__ = ["router"]

router = APIRouter(tags=["navigators"], dependencies=[Depends(require("navigator"))],
                   responses={**PROBLEM_RESPONSES, **AUTH_RESPONSES})


@router.post("/pathways", summary="Plan pathways for one person (navigator)", response_model=Plan,
             openapi_extra=PROFILE_BODY)
async def pathways(
    request: Request,
    on: date | None = Query(None, alias="date", description="Apply rules as dated on this day (default: the profile's as_of, else today)."),
    k: int = Query(5, ge=1, le=20, description="Pathways (each to a different service) per need."),
    max_steps: int = Query(4, ge=1, le=8, description="Longest chain of referrals to consider."),
    snap: Snapshot = Depends(deps.snapshot),
):
    """Per need: the services that will take the person and the best referral pathways to them, what
    blocks the others (each criterion with its source and dates), the gap where nothing is reachable,
    brokers, mutual aid, community assets and, after a release, the first 72 hours."""
    person = await profile_body(request)
    try:
        plan = navigate(snap.model, person, on=on, k=k, max_steps=max_steps)
    except ProfileError as exc:
        raise profile_problem(exc) from None
    return JSONResponse(dump(Plan.model_validate(plan)), headers=NO_STORE)
