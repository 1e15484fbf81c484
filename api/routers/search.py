"""``GET /search`` and ``GET /records/{id}``: linkwork's own read API, open to anyone.

The same function as ``linkwork search`` and ``linkwork show`` (:mod:`linkwork.graph.search`,
:mod:`linkwork.graph.record`), so the API and the CLI give the same records.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from linkwork.api import deps
from linkwork.api.auth import Principal, principal
from linkwork.api.problems import PROBLEM_RESPONSES, ProblemError, field_error
from linkwork.api.schemas import RecordPublic, SearchPagePublic, dump
from linkwork.api.state import Snapshot
from linkwork.graph.postcodes import PostcodeError
from linkwork.graph.record import RecordNotFound, find_record, record
from linkwork.graph.search import MAX_PER_PAGE, SearchError, SearchQuery, search

__all__ = ["router"]

router = APIRouter(tags=["search"], responses=PROBLEM_RESPONSES)

Kind = Literal["organisation", "service", "location", "meeting", "asset"]
_PARAM = {"time": "time", "kind": "kind", "meeting_type": "meeting_type"}


@router.get("/search", summary="Find organisations, services, locations, meetings and community assets",
            response_model=SearchPagePublic, response_model_exclude_none=True)
def search_records(
    text: str | None = Query(None, max_length=200, description="Words that must all appear (any case)."),
    kind: list[Kind] = Query([], description="Only these kinds; repeatable."),
    domain: list[str] = Query([], description="Need domains (keys of the need list); repeatable."),
    type: list[str] = Query([], description="Service types (keys of the service-type list); repeatable."),
    area: str | None = Query(None, max_length=200, description="Serving or in this area: a name, IRI or postcode district."),
    near: str | None = Query(None, max_length=20, description="A postcode, postcode district or area to measure from."),
    within_km: float | None = Query(None, ge=0, le=1000, description="Only within this many km of `near`."),
    open_now: bool = Query(False, description="Open at this moment (hours not known: left out)."),
    open_at: datetime | None = Query(None, description="Open at this date and time (local time)."),
    day: int | None = Query(None, ge=0, le=6, description="Open on this day, 0 = Sunday to 6 = Saturday."),
    time_: time | None = Query(None, alias="time", description="With `day`: open at this time (HH:MM)."),
    attendance: list[Literal["in-person", "online", "hybrid"]] = Query([], description="How it is attended; repeatable."),
    fellowship: list[str] = Query([], description="Meetings of these fellowships (aa, na, smart...); repeatable."),
    meeting_type: list[str] = Query([], description="Meetings with every one of these types: Meeting Guide codes (W, SEC) "
                                                     "or meeting-type keys (women, secular)."),
    welcomes: list[Literal["on-script", "still-using"]] = Query([], description="Says it welcomes people on a script, or still using."),
    on: date | None = Query(None, alias="date", description="Records in force on this day (default: today)."),
    page: int = Query(1, ge=1, le=100_000),
    per_page: int = Query(20, ge=1, le=MAX_PER_PAGE),
    snap: Snapshot = Depends(deps.snapshot),
    who: Principal = Depends(principal),
):
    """One page of records matching every filter; the same as `linkwork search --json`. Confidential
    places are found and measured by their area only, and shown as their area. Staff-only contacts
    appear for a navigator's key or above (`linkwork search --staff`)."""
    query = SearchQuery(
        kinds=frozenset(kind), text=text, domains=frozenset(domain), types=frozenset(type), area=area, near=near,
        within_km=within_km, open_at=datetime.now(UTC) if open_now else open_at, day=day, at=time_,
        attendance=frozenset(attendance), fellowships=frozenset(fellowship), meeting_types=frozenset(meeting_type),
        welcomes=frozenset(welcomes), on=on, page=page, per_page=per_page)
    try:
        found = search(snap.model, query, staff=who.allows("navigator"))
    except SearchError as exc:
        raise ProblemError(422, str(exc), errors=[field_error(("query", _PARAM.get(exc.field, exc.field)), exc.reason)]) from None
    except PostcodeError as exc:
        raise ProblemError(422, str(exc), errors=[field_error(("query", "near"), str(exc))]) from None
    return JSONResponse(dump(SearchPagePublic.model_validate(found.as_dict()), drop_none=True), headers=_vary(who))


@router.get("/records/{id:path}", summary="One record whole", response_model=RecordPublic, response_model_exclude_none=True,
            responses={404: {"description": "No record has this id."}})
def get_record(
    id: str = Path(max_length=500, description="The record's IRI or the last part of it (cdt-central)."),
    on: date | None = Query(None, alias="date", description="Say what is in force on this day (default: today)."),
    snap: Snapshot = Depends(deps.snapshot),
    core=Depends(deps.core),
    who: Principal = Depends(principal),
):
    """A service, meeting, asset, organisation, location or touchpoint with its rules (each criterion
    dated and sourced), referral routes in and out, and provenance; the same as `linkwork show --json`."""
    try:
        _, iri = find_record(snap.model, id)
    except RecordNotFound as exc:
        raise ProblemError(404, str(exc)) from None
    loaded = {iri: [{"source": e.source, "loaded_at": e.loaded_at} for e in core.store.sources_about(iri)]}
    rec = record(snap.model, iri, on=on, sources=loaded, staff=who.allows("navigator"))
    return JSONResponse(dump(RecordPublic.model_validate(rec), drop_none=True), headers=_vary(who))


def _vary(who: Principal) -> dict[str, str]:
    """The answer depends on the key (staff-only contacts): no shared cache may hand one caller's to another."""
    headers = {"Vary": "Authorization, X-API-Key"}
    if who.allows("navigator"):
        headers["Cache-Control"] = "private"
    return headers
