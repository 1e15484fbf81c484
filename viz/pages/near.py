"""``/near``: what is near me, for someone in recovery — anonymous, no account, nothing kept.

A town, postcode or postcode district; mutual aid meetings today and this week
(in progress, starting soon), services that take a self-referral, and community
assets by Good Lives goods and Five Ways to Wellbeing; as a list and on a map of
linkwork's own district outlines. The search is the one behind ``GET /search``
and ``linkwork search`` (:func:`linkwork.graph.search.search`); the page is
rendered on the server, so it works without JavaScript and nothing leaves it
for another host. The access log records the path only, never the place asked.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from linkwork.api import deps
from linkwork.api.state import Snapshot
from linkwork.graph.gaps.critical_mass import local_meetings
from linkwork.graph.meeting_times import LONDON, next_sessions
from linkwork.graph.model import Model
from linkwork.graph.places import resolve_area
from linkwork.graph.postcodes import PostcodeError
from linkwork.graph.search import SearchError, SearchQuery, search
from linkwork.viz.ics import meeting_calendar
from linkwork.viz.outlines import ATTRIBUTION, area_outlines
from linkwork.viz.render import render

__all__ = ["router", "PATH", "TITLE", "BLURB", "GROUPS"]

PATH = "/near"
TITLE = "Near me"
BLURB = "Meetings today and this week, services you can go to without a referral, and community assets near you. " \
        "No account; nothing you type is kept."

#: the meeting filters that matter in recovery: label -> meeting-type key (ontology/vocab/meeting-types.ttl)
GROUPS = {"Secular": "secular", "Women only": "women", "Men only": "men", "LGBTQ+": "lgbtq",
          "Young people": "young-people", "Wheelchair access": "wheelchair-access"}
WELCOMES = {"Still using welcome": "still-using", "On a script welcome": "on-script"}
ATTENDANCE = {"In person": "in-person", "Online": "online", "Hybrid": "hybrid"}
SHOW = {"meeting": "Mutual aid meetings", "service": "Services you can go to yourself", "asset": "Community assets"}

router = APIRouter(include_in_schema=False)


@router.get(PATH, response_class=HTMLResponse)
def near(
    request: Request,
    where: str = Query("", max_length=60),
    show: list[Literal["meeting", "service", "asset"]] = Query([]),
    group: list[str] = Query([]),
    welcomes: list[Literal["on-script", "still-using"]] = Query([]),
    attendance: list[Literal["in-person", "online", "hybrid"]] = Query([]),
    within_km: float = Query(15, ge=1, le=200),
    snap: Snapshot = Depends(deps.snapshot),
) -> HTMLResponse:
    kinds: list[str] = list(show) or list(SHOW)
    now = datetime.now(LONDON).replace(tzinfo=None)
    context: dict[str, Any] = {"title": TITLE, "where": where, "show": kinds, "groups": GROUPS, "welcomes_all": WELCOMES,
                               "attendance_all": ATTENDANCE, "show_all": SHOW, "chosen_groups": group,
                               "chosen_welcomes": welcomes, "chosen_attendance": attendance, "within_km": within_km,
                               "sections": [], "group_gaps": [], "error": None, "now": now, "attribution": ATTRIBUTION}
    if where.strip():
        try:
            context["sections"] = _sections(snap.model, where.strip(), kinds, frozenset(g for g in group if g in GROUPS.values()),
                                            frozenset(welcomes), frozenset(attendance), within_km, now)
        except (SearchError, PostcodeError) as exc:
            context["error"] = _plain(exc, where)
        context["group_gaps"] = [] if context["error"] else group_gaps(snap.model, where.strip(), group, now)
        points = [h for s in context["sections"] for h in s["hits"] if h.get("point")]
        markers, outlines = json.dumps([_marker(h) for h in points]), _outlines_json(snap.model) if points else "null"
        context["map_data"] = f'{{"points": {markers}, "outlines": {outlines}}}'  # the outlines are JSON already
    return render(request, "near.html", **context)


@router.get(PATH + "/meeting.ics")
def meeting_ics(id: str = Query(..., max_length=500), snap: Snapshot = Depends(deps.snapshot)) -> Response:
    """A meeting's weekly sessions as an iCalendar file, to add to a phone's calendar."""
    entry = snap.model.entries.get(id)
    if entry is None or entry.kind != "meeting":
        return Response("no such meeting\n", status_code=404, media_type="text/plain")
    body = meeting_calendar(snap.model, entry, datetime.now(LONDON).replace(tzinfo=None))
    return Response(body, media_type="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="meeting.ics"'})


def _sections(model: Model, where: str, kinds: list[str], groups: frozenset[str], welcomes: frozenset[str],
              attendance: frozenset[str], within_km: float, now: datetime) -> list[dict[str, Any]]:
    out = []
    for kind in kinds:
        q = SearchQuery(kinds=frozenset([kind]), near=where, within_km=within_km, per_page=50,
                        meeting_types=groups if kind == "meeting" else frozenset(),
                        welcomes=welcomes if kind == "meeting" else frozenset(),
                        attendance=attendance if kind != "asset" else frozenset())
        hits = search(model, q).hits
        if kind == "meeting":
            hits = _by_next_session(model, hits, now)
        elif kind == "service":
            hits = [h for h in hits if _self_referral(model, h["id"])]
        else:
            for h in hits:
                e = model.entries.get(h["id"])
                h["goods"], h["ways"] = sorted(e.goods) if e else [], sorted(e.ways) if e else []
        out.append({"kind": kind, "title": SHOW[kind], "hits": hits})
    return out


def group_gaps(model: Model, where: str, kinds: list[str], now: datetime) -> list[dict[str, Any]]:
    """For each kind of group asked for that does not meet in person in the place itself: the gap
    (critical mass in a small town, 001 L859) and the online groups of that kind, as the navigator says it."""
    home_iri = resolve_area(model, where)
    home = model.areas.get(home_iri) if home_iri else None
    if home is None:
        return []
    out = []
    for key in kinds:
        g = model.group_kinds.get(key)
        if g is None:
            continue
        here = [e for e in local_meetings(model, home.iri, now.date()) if g.matches(e) and e.attendance_mode != "online"]
        if here:
            continue
        online = sorted((e for e in model.entries.values() if e.kind == "meeting" and e.in_force(now.date()) and g.matches(e)
                         and e.attendance_mode in ("online", "hybrid")), key=lambda e: e.label)
        out.append({"statement": f"No {g.label} meets in {home.label}"
                                 + (f" (a small town: too few people for a {g.label})" if home.small_town else ""),
                    "critical_mass": home.small_town,
                    "online": [{"id": e.iri, "label": e.label, "next": (next_sessions(e, now) or [None])[0]} for e in online[:5]]})
    return out


def _by_next_session(model: Model, hits: list[dict], now: datetime) -> list[dict]:
    for h in hits:
        e = model.entries.get(h["id"])
        sessions = next_sessions(e, now) if e else []
        h["next"] = sessions[0] if sessions else None
    return sorted(hits, key=lambda h: (h["next"] is None, h["next"].starts if h["next"] else now, h.get("distance_km") or 0))


def _outlines_json(model: Model) -> str:
    """The store's district outlines as JSON, made once per model (about 100 kB), not per request."""
    return model.cache.setdefault("near:outlines-json", json.dumps(area_outlines(model)))


def _self_referral(model: Model, iri: str) -> bool:
    return any(r.origin == "self" for r in model.routes_in.get(iri, ()))


def _marker(h: dict) -> dict:
    return {"id": h["id"], "label": h["label"], "kind": h["kind"], "point": h["point"],
            "area_only": bool((h.get("location") or {}).get("confidential"))}


def _plain(exc: Exception, where: str) -> str:
    # the message may quote what was typed; a place is not private, but say it plainly
    return f"Could not find “{where}”: try a town, a postcode (PR1 2HE) or a postcode district (PR1)."
