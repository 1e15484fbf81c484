"""A navigator's plan for one person: what will take them, why not, who can
refer them, how fast, and what else there is when a door is shut.

Everything is computed in memory from the compiled model and returned as
plain data; nothing about the person is stored or logged.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import networkx as nx

from linkwork.graph.eligibility import Assessor, Eligibility, Outcome
from linkwork.graph.gaps.kinds import gap_types
from linkwork.graph.model import Entry, Model, Route
from linkwork.graph.opening import closed_spans, is_open, next_open
from linkwork.graph.pathways import Pathway, Step, best_pathways
from linkwork.graph.places import area_point, distance_km, entry_point, resolve_area
from linkwork.graph.profile import Profile, check_profile

__all__ = ["navigate", "LIST_LIMIT"]

#: Services listed per need in each of eligible, unknown and shut (nearest first; counts give the rest).
LIST_LIMIT = 12

_SUBSTANCE_DOMAINS = {"alcohol": "alcohol"}  # every other substance is the drugs domain


@dataclass
class _Context:
    model: Model
    profile: Profile
    on: date
    area: str | None
    point: tuple[float, float] | None
    assessor: Assessor
    distances: dict = field(default_factory=dict)


def navigate(model: Model, profile: Profile, *, on: date | None = None, k: int = 5,
             max_steps: int = 4, indexed: bool = True) -> dict:
    """The full plan for one person, as plain data (see ``linkwork route --json``).

    ``indexed=False`` assesses every entry in the model instead of those serving
    the person's area: the same answer, slowly; the benchmark's baseline.
    """
    check_profile(profile, model.schemes)
    on = on or profile.as_of or date.today()
    area = resolve_area(model, profile.area)
    ctx = _Context(model, profile, on, area, area_point(model, area), Assessor(model, profile, on, area))
    pool = model.entries_for_area(area) if indexed else list(model.entries.values())
    candidates = [e for e in pool if e.in_force(on)]
    verdicts = {e.iri: ctx.assessor.assess(e) for e in sorted(candidates, key=lambda e: e.iri)}
    services = [verdicts[e.iri] for e in candidates if e.kind == "service"]
    G, starts = _person_graph(ctx, verdicts)
    needs = _needs(profile, model)
    moderate = sum(model.ranks.get("severity", {}).get(s, 0) >= 2 for s in needs.values())
    ways_in = best_pathways(G, starts, max_steps=max_steps)
    by_domain: dict[str, list[Eligibility]] = {}
    for v in services:
        if not v.entry.broker:
            for d in v.entry.domains & set(needs):
                by_domain.setdefault(d, []).append(v)
    plan_needs = [_need(ctx, d, s, by_domain.get(d, []), ways_in, starts, k, moderate) for d, s in needs.items()]
    plan = {
        "person": profile.label or "anonymous",
        "as_of": on.isoformat(),
        "area": model.label(area) if area else None,
        "needs": plan_needs,
        "current_services": [_eligibility_row(ctx, verdicts[i]) for i in starts if i in verdicts],
        "eligibility": [_brief_row(v, detail=bool(v.entry.broker or v.entry.domains & set(needs)))
                        for v in sorted(services, key=lambda v: (v.outcome.value != "pass", v.entry.label))],
        "brokers": [_entry_row(ctx, v) for v in services if v.entry.broker and v.outcome is not Outcome.FAIL],
        "mutual_aid": _mutual_aid(ctx, verdicts, needs),
        "community_assets": _assets(ctx, verdicts),
        "touchpoint": _touchpoint(ctx, verdicts),
        "release": _release(ctx, plan_needs, verdicts),
        "questions": _questions([v for v in services if v.entry.broker or v.entry.domains & set(needs)]),
    }
    return plan


# ---------------------------------------------------------------- needs and pathways
def _needs(profile: Profile, model: Model) -> dict[str, str]:
    """Need domains with a severity above none, in the ontology's order of severity then name."""
    ranks = model.ranks.get("severity", {})
    needs = {d: s for d, s in profile.needs.items() if ranks.get(s, 1) > 0}
    return dict(sorted(needs.items(), key=lambda kv: (-ranks.get(kv[1], 0), kv[0])))


def _person_graph(ctx: _Context, verdicts: dict[str, Eligibility]) -> tuple[nx.MultiDiGraph, list[str]]:
    """Routes usable by this person: into services they are eligible for, whose requirements they meet."""
    m, on = ctx.model, ctx.on
    eligible = {i for i, v in verdicts.items() if v.outcome is Outcome.PASS and v.entry.kind == "service"}
    starts = ["self"]
    for s in ctx.profile.current_services:
        iri = s if s in m.entries else next((e.iri for e in m.entries.values() if e.label == s), None)
        if iri:
            starts.append(iri)
    starts.extend(_current_touchpoints(ctx))
    G = nx.MultiDiGraph()
    G.add_nodes_from(starts)
    nodes = set(starts) | eligible
    by_type: dict[str, list[str]] = {}
    for o in sorted(nodes):
        if o in m.entries:
            for t in m.entries[o].types:
                by_type.setdefault(t, []).append(o)
    for target in sorted(eligible):
        for r in m.routes_in.get(target, ()):
            if not r.in_force(on) or not _requirements_met(ctx, r):
                continue
            origins = [r.origin] if r.origin else by_type.get(r.origin_type or "", [])
            for o in origins:
                if o in nodes and o != target:
                    G.add_edge(o, target, key=r.iri, step=_step(r, o))
    return G, starts


def _requirements_met(ctx: _Context, r: Route) -> bool:
    return all(ctx.assessor.criterion(c).outcome is Outcome.PASS for c in r.requirements if c.in_force(ctx.on))


def _step(r: Route, origin: str) -> Step:
    return Step(origin, r.target, r.iri, r.method, r.waiting_days, r.handover, r.carried_by, tuple(sorted(r.prerequisites)))


def _current_touchpoints(ctx: _Context) -> list[str]:
    tp = ctx.profile.criminal_justice.touchpoint
    if not tp:
        return []
    if tp in ctx.model.touchpoints:
        return [tp]
    local = [t.iri for t in ctx.model.touchpoints.values() if t.type == tp and ctx.area and t.area
             and (t.area == ctx.area or t.area in ctx.model.areas.get(ctx.area, None).ancestors
                  or ctx.area in ctx.model.areas.get(t.area).ancestors)]
    return sorted(local)


def _need(ctx: _Context, domain: str, severity: str, services: list[Eligibility], ways_in: dict[str, Pathway],
          starts, k: int, moderate: int) -> dict:
    m = ctx.model
    for_need = services  # the services for this need, brokers aside
    eligible = [v for v in for_need if v.outcome is Outcome.PASS]
    current = [v for v in eligible if v.entry.iri in starts]
    best: list[Pathway] = []  # the best way into each service, so the list shows k different doors
    for v in eligible:
        if v.entry.iri in starts or v.entry.iri not in ways_in:
            continue
        best.append(Pathway(ways_in[v.entry.iri].steps, _distance(ctx, v.entry)))
    best.sort(key=Pathway.rank_key)
    reachable = {p.nodes[-1] for p in best} | {v.entry.iri for v in current}
    shut = sorted((v for v in for_need if v.outcome is Outcome.FAIL),
                  key=lambda v: (v.misses_by(), _distance(ctx, v.entry) or 0.0, v.entry.label))
    unknown = sorted((v for v in for_need if v.outcome is Outcome.UNKNOWN),
                     key=lambda v: (_distance(ctx, v.entry) or 0.0, v.entry.label))
    nearby = sorted(eligible, key=lambda v: (_distance(ctx, v.entry) or 0.0, v.entry.label))
    out = {
        "domain": domain, "severity": severity,
        "current": [_entry_row(ctx, v) for v in current],
        "eligible": [_entry_row(ctx, v) for v in nearby[:LIST_LIMIT]],
        "eligible_count": len(eligible),
        "pathways": [_pathway_row(ctx, p) for p in best[:k]],
        "unknown": [_eligibility_row(ctx, v) for v in unknown[:LIST_LIMIT]],
        "unknown_count": len(unknown),
        "shut": [_eligibility_row(ctx, v) | {"gap_types": gap_types([v], needs_at_moderate=0)} for v in shut[:LIST_LIMIT]],
        "shut_count": len(shut),
        "gap": None,
    }
    if not reachable:
        where = f" in {m.label(ctx.area)}" if ctx.area else ""
        need_words = f"{severity} {domain.replace('-', ' ')} need"
        if eligible:  # a door that would open, but no route the person can use leads to it
            types = ["documents"]
            names = ", ".join(v.entry.label for v in nearby[:3]) + (" and others" if len(nearby) > 3 else "")
            statement = (f"Eligible for {names} but no referral route the person can use reaches it "
                         f"(invalid referral route, 003 L279-281)")
        else:
            types = gap_types(shut[:LIST_LIMIT] + unknown[:LIST_LIMIT], needs_at_moderate=moderate)
            statement = f"No service takes a {need_words}{where}" if for_need else f"No service for a {need_words}{where}"
        out["gap"] = {
            "types": types,
            "statement": statement,
            "blocked_by": out["shut"] + out["unknown"],
            "nearest_missed": [row | {"misses_by": v.misses_by()} for v, row in zip(shut, out["shut"])][:k],
        }
    return out


# ---------------------------------------------------------------- around the gap
def _mutual_aid(ctx: _Context, verdicts: dict[str, Eligibility], needs: dict[str, str]) -> dict:
    """Meetings that fit the person; those whose data turns them away are listed with the reason, never offered."""
    prefs = ctx.profile.preferences
    substance_need = any(d in ("drugs", "alcohol") for d in needs) or bool(ctx.profile.substance_use.substances)
    offered, not_for_you = [], []
    if not substance_need:
        return {"offered": offered, "not_for_you": not_for_you, "gaps": []}
    for v in verdicts.values():
        e = v.entry
        if e.kind != "meeting":
            continue
        if v.outcome is Outcome.FAIL:
            not_for_you.append(_eligibility_row(ctx, v))
            continue
        if prefs.men_only and "women" in e.meeting_types or prefs.women_only and "men" in e.meeting_types:
            continue
        if prefs.max_travel_km is not None and e.attendance_mode != "online":
            d = _distance(ctx, e)
            if d is not None and d > prefs.max_travel_km:
                continue  # further than the person can travel
        row = _entry_row(ctx, v)
        row["score"] = _meeting_score(ctx, e)
        row["questions"] = v.questions()
        offered.append(row)
    offered.sort(key=lambda r: (-r["score"], r["distance_km"] if r["distance_km"] is not None else 1e9, r["id"]))
    gaps = []
    home = ctx.model.areas.get(ctx.area) if ctx.area else None
    if prefs.women_only and home is not None:
        local_women = [r for r in offered if r["area_ids"] and ctx.area in r["area_ids"] and "women" in r["meeting_types"]]
        if not local_women:
            gaps.append({"types": ["critical-mass"] if home.small_town else ["coverage"],
                         "statement": f"No women-only group meets in {home.label}"
                                      + (" (a small town: too few people for a women's group)" if home.small_town else "")})
    return {"offered": offered[:12], "not_for_you": sorted(not_for_you, key=lambda r: r["label"]), "gaps": gaps}


def _meeting_score(ctx: _Context, e: Entry) -> float:
    prefs, score = ctx.profile.preferences, 0.0
    if prefs.women_only and ("women" in e.meeting_types or "women-only" in e.audiences):
        score += 4
    if prefs.secular and ("secular" in e.meeting_types or "secular" in e.audiences or e.fellowship == "smart"):
        score += 2
    online = e.attendance_mode in ("online", "hybrid")
    if prefs.online and online:
        score += 2
    if prefs.private:
        if online:
            score += 2
        elif ctx.area and ctx.area in e.areas:
            score -= 2  # in their own small town: visible
    st = ctx.profile.substance_use.status
    if st in ("on-script", "on-script-using-on-top") and "script-welcome" in e.audiences:
        score += 2
    if prefs.has_car is False and not online:
        d = _distance(ctx, e)
        if d is not None and d > 15:
            score -= 1
    if prefs.days and e.hours and not any(h.day in prefs.days for h in e.hours):
        score -= 3
    return score


def _assets(ctx: _Context, verdicts: dict[str, Eligibility]) -> list[dict]:
    """Community assets matched to the goods the person values (Good Lives weights)."""
    values = ctx.profile.values
    rows = []
    for v in verdicts.values():
        e = v.entry
        if e.kind == "meeting" or v.outcome is Outcome.FAIL:
            continue
        if e.kind == "service" and (not e.goods or v.outcome is not Outcome.PASS):
            continue
        score = sum(values.get(g, 0) for g in e.goods)
        if values and score <= 0:
            continue
        row = _entry_row(ctx, v)
        row["score"] = score
        row["matched_goods"] = sorted(g for g in e.goods if values.get(g))
        rows.append(row)
    rows.sort(key=lambda r: (-r["score"], r["distance_km"] if r["distance_km"] is not None else 1e9, r["id"]))
    return rows[:10]


def _touchpoint(ctx: _Context, verdicts: dict[str, Eligibility]) -> dict | None:
    """Who is present where the person is now (a custody suite, a court), and what is missing there."""
    tps = _current_touchpoints(ctx)
    if not tps:
        return None
    m = ctx.model
    out = []
    for tp in tps:
        present = sorted((e for e in m.entries.values() if tp in e.touchpoints and e.in_force(ctx.on)), key=lambda e: e.iri)
        row = {"id": tp, "label": m.label(tp), "services": [{"id": e.iri, "label": e.label, "types": sorted(e.types)} for e in present],
               "gaps": []}
        if not any("liaison-diversion" in e.types for e in present):
            row["gaps"].append({"types": ["coverage"], "statement": f"No liaison and diversion service at {m.label(tp)}"})
        out.append(row)
    return {"touchpoints": out}


def _release(ctx: _Context, plan_needs: list[dict], verdicts: dict[str, Eligibility]) -> dict | None:
    """From the release time: what is open, what is shut until when, what can be reached in 72 hours."""
    release = ctx.profile.criminal_justice.release
    if release is None:
        return None
    release = release.replace(tzinfo=None)
    window_end = release + timedelta(hours=72)
    firsts: dict[str, dict] = {}
    for need in plan_needs:
        for p in need["pathways"]:
            first = p["steps"][0]["to_id"]
            firsts.setdefault(first, {"need": need["domain"]})
    rows = []
    for iri in sorted(set(firsts) | {v.entry.iri for v in verdicts.values() if v.entry.kind == "service" and v.outcome is Outcome.PASS}):
        e = ctx.model.entries[iri]
        opens = next_open(e, release)
        state = is_open(e, release)
        if state is None:
            rows.append({"id": iri, "label": e.label, "open_at_release": None, "next_open": None,
                         "within_72h": None, "closed_for_hours": None, "on_a_pathway": iri in firsts,
                         "note": "opening hours not known"})
            continue
        spans = closed_spans(e, release, window_end)
        rows.append({"id": iri, "label": e.label, "open_at_release": state,
                     "closed_spans": [(a.isoformat(timespec="minutes"), b.isoformat(timespec="minutes")) for a, b in spans],
                     "next_open": opens.isoformat(timespec="minutes") if opens else None,
                     "within_72h": opens is not None and opens <= window_end,
                     "closed_for_hours": round((opens - release).total_seconds() / 3600, 1) if opens else None,
                     "on_a_pathway": iri in firsts})
    closed = [r for r in rows if r["open_at_release"] is False or r.get("closed_spans")]
    return {"release": release.isoformat(timespec="minutes"), "window_end": window_end.isoformat(timespec="minutes"),
            "services": rows, "closed_at_release": closed,
            "reachable_in_72h": [r for r in rows if r["within_72h"]]}


def _questions(services: list[Eligibility]) -> list[dict]:
    """The facts to ask next, most useful first (how many services each could open)."""
    counts: dict[str, int] = {}
    for v in services:
        if v.outcome is Outcome.UNKNOWN:
            for q in v.questions():
                counts[q] = counts.get(q, 0) + 1
    return [{"question": q, "services": n} for q, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


# ---------------------------------------------------------------- rows
def _distance(ctx: _Context, e: Entry) -> float | None:
    """Kilometres from the person's area to the entry (confidential places by their area), once per entry."""
    if e.iri not in ctx.distances:
        p = entry_point(ctx.model, e, public=True)
        ctx.distances[e.iri] = None if ctx.point is None or p is None else round(distance_km(ctx.point, p), 1)
    return ctx.distances[e.iri]


def _entry_row(ctx: _Context, v: Eligibility) -> dict:
    e = v.entry
    loc = e.location
    return {"id": e.iri, "label": e.label, "kind": e.kind, "types": sorted(e.types), "outcome": v.outcome.value,
            "area": ", ".join(ctx.model.label(a) for a in e.areas), "area_ids": list(e.areas),
            "distance_km": _distance(ctx, e), "attendance_mode": e.attendance_mode,
            "meeting_types": sorted(e.meeting_types), "audiences": sorted(e.audiences),
            "fellowship": e.fellowship, "goods": sorted(e.goods),
            "hours": [f"{_DAYS[h.day]} {h.opens:%H:%M}-{h.closes:%H:%M}" for h in e.hours] or (["always open"] if e.always_open else []),
            "confidential_location": bool(loc and loc.confidential),
            "source": e.source, "lines": e.lines}


def _eligibility_row(ctx: _Context, v: Eligibility) -> dict:
    return v.as_dict() | {"distance_km": _distance(ctx, v.entry), "types": sorted(v.entry.types),
                          "fellowship": v.entry.fellowship}


def _brief_row(v: Eligibility, *, detail: bool) -> dict:
    """A verdict without the per-criterion detail (the needs' own lists carry that); with ``detail``,
    what blocks it and what to ask."""
    row = {"id": v.entry.iri, "label": v.entry.label, "kind": v.entry.kind, "outcome": v.outcome.value,
           "types": sorted(v.entry.types)}
    if detail:
        row |= {"blocking": v.blocking(), "questions": v.questions()}
    return row


def _pathway_row(ctx: _Context, p: Pathway) -> dict:
    m = ctx.model
    steps = []
    for s in p.steps:
        steps.append({"from_id": s.origin, "from": "self-referral" if s.origin == "self" else m.label(s.origin),
                      "to_id": s.target, "to": m.label(s.target), "route": s.route, "method": s.method,
                      "waiting_days": s.waiting_days, "handover": s.handover, "carried_by": s.carried_by,
                      "requires": list(s.prerequisites)})
    limit = ctx.profile.preferences.max_travel_km
    return {"steps": steps, "length": len(p.steps), "waiting_days": p.waiting_days,
            "distance_km": p.distance_km, "cold_handovers": p.cold_handovers,
            "beyond_travel": bool(limit is not None and p.distance_km is not None and p.distance_km > limit)}


_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
