"""``POST /eligibility``: one person's verdict on each service asked about, with every reason.

The profile is in the body only (see :mod:`linkwork.api.profile_body`); the same
evaluator as the navigator (:mod:`linkwork.graph.eligibility`).
"""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from linkwork.api import deps
from linkwork.api.auth import AUTH_RESPONSES, require
from linkwork.api.problems import PROBLEM_RESPONSES, ProblemError, field_error
from linkwork.api.profile_body import NO_STORE, PROFILE_BODY, profile_body, profile_problem
from linkwork.api.schemas import EligibilityReport, dump
from linkwork.api.state import Snapshot
from linkwork.graph.eligibility import Assessor
from linkwork.graph.places import resolve_area
from linkwork.graph.profile import check_profile
from linkwork.graph.record import RecordNotFound, find_record

from linkwork.errors import ProfileError

__all__ = ["router"]

router = APIRouter(tags=["navigators"], dependencies=[Depends(require("navigator"))],
                   responses={**PROBLEM_RESPONSES, **AUTH_RESPONSES})


@router.post("/eligibility", summary="Who will take this person, and why not (navigator)", response_model=EligibilityReport,
             openapi_extra=PROFILE_BODY)
async def eligibility(
    request: Request,
    service: list[str] = Query([], description="Services, meetings or assets to assess (IRI or last part); "
                                                               "repeatable. Default: every service serving the person's area."),
    on: date | None = Query(None, alias="date", description="Apply rules as dated on this day (default: the profile's as_of, else today)."),
    snap: Snapshot = Depends(deps.snapshot),
):
    """Pass, fail or unknown per service, with each rule's criteria (their sources and dates), the
    exclusions that apply, what blocks, and the questions to ask when a fact is not known."""
    person = await profile_body(request)
    model = snap.model
    try:
        check_profile(person, model.schemes)
    except ProfileError as exc:
        raise profile_problem(exc) from None
    day = on or person.as_of or date.today()
    area = resolve_area(model, person.area)
    if service:
        entries = []
        for i, ident in enumerate(service):
            try:
                entries.append(model.entries[_entry_iri(model, ident)])
            except (RecordNotFound, KeyError):
                raise ProblemError(422, "no service, meeting or asset with that id",
                                   errors=[field_error(("query", "service", i), "no service, meeting or asset with that id")]) from None
    else:
        entries = sorted({e.iri: e for e in model.entries_for_area(area) if e.kind == "service" and e.in_force(day)}.values(),
                         key=lambda e: (e.label, e.iri))
    assessor = Assessor(model, person, day, area)
    report = {"as_of": day.isoformat(), "area": model.label(area) if area else None,
              "results": [assessor.assess(e).as_dict() for e in entries]}
    return JSONResponse(dump(EligibilityReport.model_validate(report)), headers=NO_STORE)


def _entry_iri(model, ident: str) -> str:
    kind, iri = find_record(model, ident)
    if kind != "entry":
        raise KeyError(iri)
    return iri
