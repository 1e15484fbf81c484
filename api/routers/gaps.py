"""``GET /gaps``, ``POST /gaps/what-if``, ``GET /gaps/rank-changes`` and ``GET /gaps/ladder``:
the commissioners' view, with the same filters and answers as ``linkwork gaps``."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from linkwork.api import deps
from linkwork.api.auth import AUTH_RESPONSES, require
from linkwork.api.problems import PROBLEM_RESPONSES, ProblemError, field_error
from linkwork.api.schemas import GapPublic, LadderRow, RankedChange, WhatIfPublic, WhatIfRequest, dump
from linkwork.api.state import Snapshot
from linkwork.graph.gaps.report import GAP_ANALYSES, all_gaps
from linkwork.graph.places import resolve_area

__all__ = ["router"]

router = APIRouter(prefix="/gaps", tags=["commissioners"], dependencies=[Depends(require("commissioner"))],
                   responses={**PROBLEM_RESPONSES, **AUTH_RESPONSES})

_AREA = "Only these areas (name, IRI or postcode district); repeatable. Default: every district and unitary authority."


def _areas(model, names: Sequence[str], where: tuple = ("query", "area")) -> list[str] | None:
    if not names:
        return None
    out = []
    for i, name in enumerate(names):
        iri = resolve_area(model, name)
        if iri is None:
            raise ProblemError(422, "no area of that name, IRI or postcode district in the store",
                               errors=[field_error((*where, i), "no area of that name, IRI or postcode district")])
        out.append(iri)
    return out


def _domain(model, domain: str, where: tuple) -> str:
    if model.schemes.get("need") and domain not in model.schemes["need"]:
        raise ProblemError(422, "not a need domain", errors=[field_error(where, "not a key of the need list")])
    return domain


@router.get("", summary="Who falls between services, where (commissioner)", response_model=list[GapPublic])
def gaps(
    area: list[str] = Query([], description=_AREA),
    type: list[str] = Query([], description=f"Only these analyses: {', '.join(GAP_ANALYSES)}; repeatable."),
    domain: list[str] = Query([], description="Threshold sweep only for these need domains; repeatable."),
    on: date | None = Query(None, alias="date", description="Apply rules as dated on this day (default: today)."),
    snap: Snapshot = Depends(deps.snapshot),
):
    """Every finding of the chosen analyses, as `linkwork gaps --json` gives them."""
    model = snap.model
    for i, t in enumerate(type):
        if t not in GAP_ANALYSES:
            raise ProblemError(422, f"not an analysis; one of {', '.join(GAP_ANALYSES)}",
                               errors=[field_error(("query", "type", i), f"one of {', '.join(GAP_ANALYSES)}")])
    for i, d in enumerate(domain):
        _domain(model, d, ("query", "domain", i))
    found = all_gaps(model, on=on or date.today(), areas=_areas(model, area), kinds=type or None, domains=domain or None)
    return JSONResponse([dump(GapPublic.model_validate(g.as_dict())) for g in found])


@router.post("/what-if", summary="What a change would close and open (commissioner)", response_model=list[WhatIfPublic])
def what_if(change: WhatIfRequest, snap: Snapshot = Depends(deps.snapshot)):
    """The changes applied together to a copy of the model (the store is never touched) and the gap
    sweep rerun: the cells they would close and open, as `linkwork gaps --what-if SPEC... --json`."""
    from linkwork.graph.gaps.whatif import parse_change
    from linkwork.graph.gaps.whatif import what_if as run

    model = snap.model
    for i, d in enumerate(change.domains):
        _domain(model, d, ("body", "domains", i))
    areas = _areas(model, change.areas, ("body", "areas"))
    parsed = []
    for i, spec in enumerate(change.changes):
        try:
            parsed.append(parse_change(spec, model))
        except ValueError as exc:
            raise ProblemError(422, str(exc), errors=[field_error(("body", "changes", i), str(exc))]) from None
    result = run(model, parsed, on=change.on or date.today(), domains=change.domains or None, areas=areas)
    return JSONResponse([dump(WhatIfPublic.model_validate(result))])


@router.get("/rank-changes", summary="One-step threshold relaxations ranked by cells closed (commissioner)",
            response_model=list[RankedChange])
def rank_changes(
    domain: str = Query(description="The need domain."),
    area: list[str] = Query([], description=_AREA),
    top: int = Query(10, ge=1, le=100),
    on: date | None = Query(None, alias="date"),
    snap: Snapshot = Depends(deps.snapshot),
):
    """As `linkwork gaps --rank-changes DOMAIN --json`."""
    from linkwork.graph.gaps.whatif import rank_threshold_changes

    model = snap.model
    ranked = rank_threshold_changes(model, on=on or date.today(), domain=_domain(model, domain, ("query", "domain")),
                                    areas=_areas(model, area), top=top)
    return JSONResponse([dump(RankedChange.model_validate(r)) for r in ranked])


@router.get("/ladder", summary="Which severity bands each service covers, per area (commissioner)", response_model=list[LadderRow])
def ladder(
    domain: str = Query(description="The need domain."),
    area: list[str] = Query([], description=_AREA),
    on: date | None = Query(None, alias="date"),
    snap: Snapshot = Depends(deps.snapshot),
):
    """As `linkwork gaps --ladder DOMAIN --json`."""
    from linkwork.graph.gaps.threshold_gaps import severity_ladder, sweep_areas

    model = snap.model
    d = _domain(model, domain, ("query", "domain"))
    rows = [severity_ladder(model, domain=d, on=on or date.today(), area=a) for a in (_areas(model, area) or sweep_areas(model))]
    return JSONResponse([dump(LadderRow.model_validate(r)) for r in rows])
