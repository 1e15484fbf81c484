"""A navigator's plan for one person: what will take them, why not, who can
refer them, how fast, and what else there is when a door is shut.

Everything is computed in memory from the compiled model and returned as
plain data; nothing about the person is stored or logged.
"""
from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from linkwork.graph.area_pools import Pool, Shelf, km, pool_for, prepare, shelf_of, step_of
from linkwork.graph.eligibility import Assessor, Eligibility, Outcome, Verdict, all_of, any_of
from linkwork.graph.gaps.kinds import gap_types, shut_by_offence_only
from linkwork.graph.gaps.transition import age_limit
from linkwork.graph.model import Entry, Model, Route
from linkwork.graph.opening import closed_spans, is_open, next_open
from linkwork.graph.pathways import Pathway, Step, best_ways, way_rank
from linkwork.graph.places import area_point, resolve_area
from linkwork.graph.profile import Profile, check_profile

__all__ = ["navigate", "prepare", "Pool", "LIST_LIMIT"]

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
    #: entry point -> km from the person: national services sit on a few hundred centroids
    distances: dict = field(default_factory=dict)
    #: services that already hold the person through their criminal-justice status (probation, on licence)
    held: set[str] = field(default_factory=set)


#: A way in: its best_ways cost and its steps.
_Way = tuple[tuple, tuple[Step, ...]]


def navigate(model: Model, profile: Profile, *, on: date | None = None, k: int = 5,
             max_steps: int = 4, indexed: bool = True) -> dict:
    """The full plan for one person, as plain data (see ``linkwork route --json``).

    ``indexed=False`` assesses every entry in the model instead of those serving
    the person's area: the same answer, slowly; the benchmark's baseline.

    A national plan weighs thousands of entries, so it works from the area's
    :class:`Pool`, laid out once per model: entries sharing a rule set share
    one :class:`Verdict`, lists come pre-sorted, and rows are built only for
    what is shown.
    """
    check_profile(profile, model.schemes)
    on = on or profile.as_of or date.today()
    profile = profile.aged(on)  # a plan dated after the profile ages the person
    area = resolve_area(model, profile.area)
    ctx = _Context(model, profile, on, area, area_point(model, area), Assessor(model, profile, on, area))
    if indexed:
        pool = pool_for(model, area, on)
    else:  # every entry, grouped by how it stands to the person's area as well as by rule set
        pool = Pool.of(model, None, [e for e in model.entries.values() if e.in_force(on)], split=ctx.assessor.area_outcome)
    shared = [ctx.assessor.verdict(g.first) for g in pool.groups]  # one per group: its entries share it
    verdicts = _verdicts(pool, shared)
    eligible = [i for g, v in zip(pool.groups, shared) if v.outcome is Outcome.PASS for i in g.services]
    out_steps, starts = _person_graph(ctx, pool, shared, eligible)
    needs = _needs(profile, model)
    wanted = frozenset(needs)
    moderate = sum(model.ranks.get("severity", {}).get(s, 0) >= 2 for s in needs.values())
    ways_in = best_ways(out_steps, starts, max_steps=max_steps)
    plan_needs = [_need(ctx, d, s, _shelf(ctx, pool, d), shared, verdicts, ways_in, set(starts), k, moderate)
                  for d, s in needs.items()]
    plan = {
        "person": profile.label or "anonymous",
        "as_of": on.isoformat(),
        "area": model.label(area) if area else None,
        "needs": plan_needs,
        "current_services": [_eligibility_row(ctx, Eligibility.of(model.entries[i], verdicts[i]))
                             | {"held_by_status": profile.criminal_justice.status if i in ctx.held else None}
                             for i in starts if i in verdicts],
        "eligibility": _eligibility_list(pool, shared, wanted),
        "brokers": [_entry_row(ctx, e, verdicts[e.iri]) for e in pool.brokers if verdicts[e.iri].outcome is not Outcome.FAIL],
        "mutual_aid": _mutual_aid(ctx, pool, verdicts, needs),
        "community_assets": _assets(ctx, pool, verdicts),
        "community_assets_note": None if profile.values else
        "no values given: ask what matters to the person (the Good Lives goods) to match community assets",
        "touchpoint": _touchpoint(ctx),
        "release": _release(ctx, plan_needs, eligible, ways_in, set(starts)),
        "order": _order(ctx, plan_needs),
        "wanted_services": _wanted(ctx, pool, verdicts, ways_in, set(starts)),
        "target_groups": _target_groups(ctx, verdicts, ways_in, set(starts)),
        "questions": _questions(pool, shared, wanted),
    }
    return plan


def _verdicts(pool: Pool, shared: list[Verdict]) -> dict[str, Verdict]:
    """Entry IRI -> the person's verdict on it, from the verdict each group shares."""
    out: dict[str, Verdict] = {}
    for g, v in zip(pool.groups, shared):
        out.update(dict.fromkeys(g.iris, v))
    return out


def _eligibility_list(pool: Pool, shared: list[Verdict], wanted: frozenset[str]) -> list[dict]:
    """Every service's verdict, eligible first, each part by label.

    The pool's cards come sorted by label, so a stable split stands in for sorting thousands of rows.
    """
    passing: list[dict] = []
    other: list[dict] = []
    said = [(_VALUE[v.outcome], passing if v.outcome is Outcome.PASS else other, v.reasons) for v in shared]
    for iri, label, types, broker, domains, group in pool.by_label:
        outcome, part, (blocking, questions) = said[group]
        row = {"id": iri, "label": label, "kind": "service", "outcome": outcome, "types": list(types)}
        if broker or not domains.isdisjoint(wanted):  # what the person needs, and who brokers it: say why and what to ask
            row["blocking"] = list(blocking)
            row["questions"] = list(questions)
        part.append(row)
    return passing + other


def _shelf(ctx: _Context, pool: Pool, domain: str) -> Shelf:
    """The pool's shelf for ``domain``, measured from the person (the pool's own when they live in its area)."""
    shelf = pool.shelves.get(domain)
    if shelf is None:
        return Shelf((), (), (), (), ())
    if pool.area == ctx.area:
        return shelf
    return shelf_of(ctx.model, ctx.point, list(shelf.listed), dict(zip(shelf.iris, shelf.groups)))


# ---------------------------------------------------------------- needs and pathways
def _needs(profile: Profile, model: Model) -> dict[str, str]:
    """Need domains with a severity above none, in the ontology's order of severity then name."""
    ranks = model.ranks.get("severity", {})
    needs = {d: s for d, s in profile.needs.items() if ranks.get(s, 1) > 0}
    return dict(sorted(needs.items(), key=lambda kv: (-ranks.get(kv[1], 0), kv[0])))


def _person_graph(ctx: _Context, pool: Pool, shared: list[Verdict], eligible: list[str]) -> tuple[dict[str, list[Step]], list[str]]:
    """Routes usable by this person: into services they are eligible for, whose requirements they meet.

    Returned as origin -> steps out of it (see :func:`best_ways`), with the starts.
    """
    m, on = ctx.model, ctx.on
    starts = ["self"]
    for s in ctx.profile.current_services:
        iri = s if s in m.entries else next((e.iri for e in m.entries.values() if e.label == s), None)
        if iri:
            starts.append(iri)
    status = ctx.profile.criminal_justice.status
    if status in m.status_holders:  # on licence: probation already holds the person, no referral needed
        passing = set(eligible)
        held = [i for i in m.status_holders[status] if i in passing and i not in starts]
        starts.extend(held)
        ctx.held.update(held)
    starts.extend(_current_touchpoints(ctx))
    nodes = set(starts).union(eligible)
    by_type: dict[str, list[str]] | None = None  # built on the first route from a service type
    out: dict[str, list[Step]] = {}
    origins: Sequence[str]
    for g, v in zip(pool.groups, shared):
        if v.outcome is not Outcome.PASS:
            continue
        for step in g.steps_in:  # routes from one origin, always in force, asking nothing: the steps are made
            if step.origin in nodes and step.origin != step.target:
                out.setdefault(step.origin, []).append(step)
        for r in g.routes_in:
            if not r.in_force(on) or (r.requirements and not _requirements_met(ctx, r)):
                continue
            if r.origin:
                origins = (r.origin,)
            elif r.origin_type not in m.by_type:
                continue  # no service of that type anywhere (GPs are rarely in the directory)
            else:
                if by_type is None:
                    by_type = _nodes_by_type(m, nodes)
                origins = by_type.get(r.origin_type, ())
            for o in origins:
                if o in nodes and o != r.target:
                    out.setdefault(o, []).append(step_of(r, o))
    return out, starts


def _nodes_by_type(m: Model, nodes: set[str]) -> dict[str, list[str]]:
    by_type: dict[str, list[str]] = {}
    for o in nodes:
        e = m.entries.get(o)
        if e is not None:
            for t in e.types:
                by_type.setdefault(t, []).append(o)
    return by_type


def _requirements_met(ctx: _Context, r: Route) -> bool:
    return all(ctx.assessor.criterion(c).outcome is Outcome.PASS for c in r.requirements if c.in_force(ctx.on))


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


def _need(ctx: _Context, domain: str, severity: str, shelf: Shelf, shared: list[Verdict], verdicts: dict[str, Verdict],
          ways_in: dict[str, _Way], starts: set[str], k: int, moderate: int) -> dict:
    """One need: where the person is already, the nearest open doors, the best ways in, and the shut doors.

    The shelf comes nearest first, so the listed rows are the first few of
    each outcome; only those rows are built, the rest are counted.
    """
    m = ctx.model
    ordered = _ordered_for(ctx, domain)  # what the person's order requires for this need: its pathways come first
    eligible, shut, unknown = [], [], []  # positions on the shelf
    ranked = []  # the best way into each service, so the list shows k different doors
    for i, (iri, group, d) in enumerate(zip(shelf.iris, shelf.groups, shelf.distances)):
        o = shared[group].outcome
        if o is Outcome.PASS:
            eligible.append(i)
            way = ways_in.get(iri)
            if way is not None and iri not in starts:
                first = 0 if ordered and any(ordered.intersection(st.order_requirements) for st in way[1]) else 1
                ranked.append(((first, *way_rank(way[0], way[1], d)), way[1], d))
        elif o is Outcome.FAIL:
            shut.append(i)
        else:
            unknown.append(i)
    current = [e for e in shelf.listed if e.iri in starts and verdicts[e.iri].outcome is Outcome.PASS] if len(starts) > 1 else []
    best = [Pathway(steps, d) for _, steps, d in heapq.nsmallest(k, ranked, key=_first)]
    reachable = bool(ranked or current)
    shut_first = [shelf.near[i] for i in heapq.nsmallest(LIST_LIMIT, shut, key=lambda i: shared[shelf.groups[i]].misses_by())]
    unknown_first = [shelf.near[i] for i in unknown[:LIST_LIMIT]]  # nearest first, as the shelf is
    nearby = [shelf.near[i] for i in eligible[:LIST_LIMIT]]
    out: dict[str, Any] = {
        "domain": domain, "severity": severity,
        "order_requirements": sorted(ordered),
        "current": [_entry_row(ctx, e, verdicts[e.iri]) for e in current],
        "eligible": [_entry_row(ctx, e, verdicts[e.iri]) for e in nearby],
        "eligible_count": len(eligible),
        "pathways": [_pathway_row(ctx, p) for p in best],
        "unknown": [_eligibility_row(ctx, Eligibility.of(e, verdicts[e.iri])) for e in unknown_first],
        "unknown_count": len(unknown),
        "shut": [_eligibility_row(ctx, Eligibility.of(e, verdicts[e.iri])) | {"gap_types": gap_types([verdicts[e.iri]], needs_at_moderate=0)}
                 for e in shut_first],
        "shut_count": len(shut),
        "gap": None,
        "age_transitions": _age_transitions(ctx, domain, severity, shelf, shared),
    }
    if not reachable:
        where = f" in {m.label(ctx.area)}" if ctx.area else ""
        need_words = f"{severity} {domain.replace('-', ' ')} need"
        if eligible:  # a door that would open, but no route the person can use leads to it
            names = ", ".join(e.label for e in nearby[:3]) + (" and others" if len(eligible) > 3 else "")
            left = _origins_left(ctx, nearby[:LIST_LIMIT])
            if left:
                types = sorted(set(gap_types(list(left.values()), needs_at_moderate=0)) | {"transition"})
                was = ", ".join(ctx.model.label(o) for o in left)
                statement = (f"Eligible for {names}, but the only referral routes in come from {was}, which {'does' if len(left) == 1 else 'do'} not "
                             f"take the person now: ask about a direct referral (003 L279-281)")
            else:
                types = ["documents"]
                statement = (f"Eligible for {names} but no referral route the person can use reaches it "
                             f"(invalid referral route, 003 L279-281)")
        else:
            types = gap_types([verdicts[e.iri] for e in shut_first + unknown_first], needs_at_moderate=moderate)
            statement = f"No service takes a {need_words}{where}" if shelf.listed else f"No service for a {need_words}{where}"
            if "offence" in types:
                but_for = [e.label for e in shut_first if shut_by_offence_only(verdicts[e.iri])]
                statement += (f"; {', '.join(but_for)} would take the person but for the kind of offence on their "
                              f"record (to protect other vulnerable people, 003 L850-856)")
        out["gap"] = {
            "types": types,
            "statement": statement,
            "blocked_by": out["shut"] + out["unknown"],
            "nearest_missed": [row | {"misses_by": verdicts[e.iri].misses_by()} for e, row in zip(shut_first, out["shut"])][:k],
        }
    return out


def _first(item: tuple):
    return item[0]


def _origins_left(ctx: _Context, entries: list[Entry]) -> dict[str, Verdict]:
    """Origin services of the routes into ``entries`` that no longer take the person, when every route
    in force comes from such a service (the way in is through a door now shut to them)."""
    m, on = ctx.model, ctx.on
    left: dict[str, Verdict] = {}
    for e in entries:
        for r in m.routes_in.get(e.iri, ()):
            if not r.in_force(on):
                continue
            origin = m.entries.get(r.origin or "")
            if origin is None:
                return {}  # self-referral, a touchpoint or a service type: not a door the person has left
            verdict = ctx.assessor.verdict(origin)
            if verdict.outcome is not Outcome.FAIL:
                return {}
            left[origin.iri] = verdict
    return left


def _wanted(ctx: _Context, pool: Pool, verdicts: dict[str, Verdict], ways_in: dict[str, _Way],
            starts: set[str]) -> list[dict]:
    """The kinds of service the person asks for (talking therapy...): which serving their area take
    them and the way in, and when none does, that it is a gap and what shuts each."""
    m = ctx.model
    out = []
    for kind in ctx.profile.wanted_services or ():
        found = sorted((e for e in pool.entries if e.kind == "service" and kind in e.types), key=lambda e: e.label)
        rows = []
        for e in found:
            v = verdicts[e.iri]
            way = ways_in.get(e.iri)
            rows.append({"id": e.iri, "label": e.label, "outcome": _VALUE[v.outcome],
                         "reachable": e.iri in starts or way is not None,
                         "way_in": [st.origin for st in way[1]] + [e.iri] if way else [],
                         "blocking": v.blocking(), "questions": v.questions()})
        label = m.label(f"https://w3id.org/linkwork/vocab/service-type/{kind}")
        takes = [r for r in rows if r["outcome"] == "pass" and r["reachable"]]
        gap = None
        if not takes:
            where = f" in {m.label(ctx.area)}" if ctx.area else ""
            gap = {"types": gap_types([verdicts[e.iri] for e in found], needs_at_moderate=0) or ["coverage"],
                   "statement": (f"No {label.lower()} service{where} takes the person" if found
                                 else f"No {label.lower()} service serves{where or ' the area'}")}
        out.append({"service_type": kind, "label": label, "services": rows, "gap": gap})
    return out


def _target_groups(ctx: _Context, verdicts: dict[str, Verdict], ways_in: dict[str, _Way], starts: set[str]) -> list[dict]:
    """The target groups the person falls in (or may: say what to ask), and what each opens: the
    services designed for the group, whether they take the person and the way in (003 L2069-2077)."""
    m = ctx.model
    out = []
    for key, group in sorted(m.target_groups.items()):
        results = [[ctx.assessor.criterion(c) for c in r.criteria_in_force(ctx.on)] for r in group.rules if r.in_force(ctx.on)]
        outcome = any_of(all_of(c.outcome for c in crs) for crs in results)
        if outcome is Outcome.FAIL:
            continue
        met = [r.label for r, crs in zip(group.rules, results) if all_of(c.outcome for c in crs) is Outcome.PASS]
        ask = sorted({c.question for crs in results for c in crs if c.outcome is Outcome.UNKNOWN and c.question})
        opens = []
        designed = (m.entries[i] for i in m.by_target_group.get(key, ()))
        for e in sorted((e for e in designed if e.in_force(ctx.on)), key=lambda e: e.label):
            v = verdicts.get(e.iri) or ctx.assessor.verdict(e)
            way = ways_in.get(e.iri)
            opens.append({"id": e.iri, "label": e.label, "outcome": _VALUE[v.outcome],
                          "reachable": e.iri in starts or way is not None,
                          "way_in": [st.origin for st in way[1]] + [e.iri] if way else [],
                          "blocking": v.blocking()})
        out.append({"group": key, "label": group.label, "outcome": _VALUE[outcome], "because": met,
                    "questions": ask, "opens": opens})
    return out


def _age_transitions(ctx: _Context, domain: str, severity: str, shelf: Shelf, shared: list[Verdict]) -> list[dict]:
    """Services that take the person now only until an age limit, and who takes them on after it.

    Youth-to-adult transitions are where people fall out (003 L2817-2845): when no service for the
    need takes the person at the next age, the row carries a transition gap with the day it starts.
    """
    m, on = ctx.model, ctx.on
    limits: dict[int, list[Entry]] = {}
    by_group: dict[int, int | None] = {}  # a group's entries share their rules, so their age limit
    for e, group in zip(shelf.near, shelf.groups):
        if shared[group].outcome is Outcome.PASS:
            if group not in by_group:
                by_group[group] = age_limit(e, on)
            limit = by_group[group]
            if limit is not None:
                limits.setdefault(limit, []).append(e)
    rows = []
    for limit, ending in sorted(limits.items()):
        when = ctx.profile.reaches(limit + 1)
        if when is None:
            continue
        day, exact = when
        older = Assessor(m, ctx.profile.aged(day), day, ctx.area)
        then = [e for e in shelf.near if e.in_force(day) and older.verdict(e).outcome is Outcome.PASS]
        names = ", ".join(e.label for e in ending)
        row: dict[str, Any] = {
            "until_age": limit, "ends": day.isoformat(), "exact": exact,
            "services": [{"id": e.iri, "label": e.label} for e in ending],
            "then": [{"id": e.iri, "label": e.label} for e in then[:LIST_LIMIT]], "gap": None}
        if not then:
            where = f" in {m.label(ctx.area)}" if ctx.area else ""
            row["gap"] = {"types": ["transition"], "starts": day.isoformat(),
                          "statement": f"{names} {'takes' if len(ending) == 1 else 'take'} the person until they turn {limit + 1} ({'on' if exact else 'by'} "
                                       f"{day.isoformat()}); no service for a {severity} {domain.replace('-', ' ')} "
                                       f"need{where} takes them on after (003 L2817-2845)"}
        rows.append(row)
    return rows


def _ordered_for(ctx: _Context, domain: str) -> frozenset[str]:
    """The person's order requirements that treat ``domain`` (drug-rehabilitation for drugs)."""
    reqs = ctx.profile.criminal_justice.requirements or ()
    return frozenset(r for r in reqs if ctx.model.requirement_domains.get(r) == domain)


def _order(ctx: _Context, plan_needs: list[dict]) -> dict | None:
    """The person's current order and what it requires: which pathways deliver each requirement
    (mandated steps), and the requirements the plan cannot yet deliver."""
    cj = ctx.profile.criminal_justice
    if not cj.requirements:
        return None
    m = ctx.model
    by_domain = {n["domain"]: n for n in plan_needs}
    rows = []
    for req in cj.requirements:
        domain = m.requirement_domains.get(req)
        label = m.label(f"https://w3id.org/linkwork/vocab/order-requirement/{req}")
        need = by_domain.get(domain) if domain else None
        delivered = [p for p in need["pathways"] if req in p["fulfils_order"]] if need else []
        if domain is None:
            statement = f"{label}: not a treatment; the plan has no service to find for it"
        elif need is None:
            statement = (f"{label}: the profile gives no {domain.replace('-', ' ')} need; "
                         f"ask how severe it is so the plan can find the service the order requires")
        elif delivered:
            first = delivered[0]
            chain = " -> ".join([first["steps"][0]["from"]] + [st["to"] for st in first["steps"]])
            statement = f"{label}: mandated, through {chain}"
        else:
            statement = f"{label}: no referral route in the data delivers it to a service that takes the person"
        rows.append({"requirement": req, "label": label, "domain": domain, "need_stated": need is not None,
                     "delivered": bool(delivered), "pathways": delivered[:3], "statement": statement})
    return {"status": cj.status, "requirements": rows}


# ---------------------------------------------------------------- around the gap
def _mutual_aid(ctx: _Context, pool: Pool, verdicts: dict[str, Verdict], needs: dict[str, str]) -> dict:
    """Meetings that fit the person; those whose data turns them away are listed with the reason, never offered."""
    prefs = ctx.profile.preferences
    substance_need = any(d in ("drugs", "alcohol") for d in needs) or bool(ctx.profile.substance_use.substances)
    offered: list[tuple[tuple, Entry, float]] = []  # (rank, meeting, score): rows only for those shown
    not_for_you: list[dict] = []
    if not substance_need:
        return {"offered": [], "not_for_you": not_for_you, "gaps": []}
    for e in pool.meetings:
        v = verdicts[e.iri]
        if v.outcome is Outcome.FAIL:
            not_for_you.append(_eligibility_row(ctx, Eligibility.of(e, v)))
            continue
        if (prefs.men_only and "women" in e.meeting_types) or (prefs.women_only and "men" in e.meeting_types):
            continue
        d = _distance(ctx, e)
        if prefs.max_travel_km is not None and e.attendance_mode != "online" and d is not None and d > prefs.max_travel_km:
            continue  # further than the person can travel
        score = _meeting_score(ctx, e)
        offered.append(((-score, d if d is not None else 1e9, e.iri), e, score))
    shown = []
    for _, e, score in heapq.nsmallest(12, offered, key=_first):
        v = verdicts[e.iri]
        row = _entry_row(ctx, e, v)
        row["score"] = score
        row["questions"] = v.questions()
        row["gives_help"] = _helps(ctx, e)
        shown.append(row)
    gaps = [_group_gap(ctx, pool, verdicts, kind) for kind in wanted_kinds(ctx)]
    return {"offered": shown, "not_for_you": sorted(not_for_you, key=lambda r: r["label"]),
            "gaps": [g for g in gaps if g is not None]}


def wanted_kinds(ctx: _Context) -> list[str]:
    """The kinds of group the person asks for: those named, and women's or men's for women_only or men_only."""
    prefs = ctx.profile.preferences
    kinds = list(prefs.group_kinds or ())
    kinds += ["women"] * bool(prefs.women_only) + ["men"] * bool(prefs.men_only)
    return [k for k in dict.fromkeys(kinds) if k in ctx.model.group_kinds]


def _group_gap(ctx: _Context, pool: Pool, verdicts: dict[str, Verdict], kind: str) -> dict | None:
    """When no group of the kind the person asks for meets where they live: the gap (critical mass in a
    small town, 001 L859; coverage elsewhere), with the online groups of that kind and the nearest in person."""
    m = ctx.model
    home = m.areas.get(ctx.area) if ctx.area else None
    if home is None:
        return None
    g = m.group_kinds[kind]
    meetings = [e for e in pool.meetings if g.matches(e)]
    local = [e for e in meetings if e.attendance_mode != "online" and (home.iri in e.areas or (e.location and e.location.area == home.iri))
             and verdicts[e.iri].outcome is not Outcome.FAIL]
    if local:
        return None
    if not any(e.attendance_mode != "online" for e in meetings):  # none nearby in person: look further afield
        meetings += [e for e in m.entries.values() if e.kind == "meeting" and e.in_force(ctx.on) and g.matches(e)
                     and e.iri not in verdicts and e.attendance_mode != "online"]

    def verdict(e: Entry) -> Verdict:
        return verdicts[e.iri] if e.iri in verdicts else ctx.assessor.verdict(e)

    open_to = [e for e in meetings if verdict(e).outcome is not Outcome.FAIL]
    online = sorted((e for e in open_to if e.attendance_mode in ("online", "hybrid")), key=lambda e: e.label)
    near = sorted(((_distance(ctx, e), e) for e in open_to if e.attendance_mode != "online"),
                  key=lambda de: (de[0] if de[0] is not None else 1e9, de[1].label))
    small = home.small_town
    return {"types": ["critical-mass"] if small else ["coverage"], "group_kind": kind,
            "statement": f"No {g.label} meets in {home.label}"
                         + (f" (a small town: too few people for a {g.label}, 001 L859)" if small else ""),
            "online": [{"id": e.iri, "label": e.label, "hours": [f"{_DAYS[h.day]} {h.opens:%H:%M}" for h in e.hours]}
                       for e in online[:3]],
            "nearest": [{"id": e.iri, "label": e.label, "area": ", ".join(m.label(a) for a in e.areas), "distance_km": d}
                        for d, e in near[:3]]}


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
    if prefs.mutual_aid_help and _helps(ctx, e):
        score += 3  # gives what the person wants from a group
    return score


def _helps(ctx: _Context, e: Entry) -> list[str]:
    """The kinds of help the person wants that a meeting gives."""
    kinds = ctx.model.help_kinds
    return [k for k in ctx.profile.preferences.mutual_aid_help or () if k in kinds and kinds[k].matches(e)]


def _assets(ctx: _Context, pool: Pool, verdicts: dict[str, Verdict]) -> list[dict]:
    """Community assets matched to the goods the person values (Good Lives weights).

    Only what takes the person (an unknown or failed verdict is never a match); with no values
    given there is nothing to match, and the plan lists none (it says to ask what matters).
    """
    values = ctx.profile.values
    if not values:
        return []
    ranked = []
    for e in pool.goods:  # assets, and services that support a good
        v = verdicts[e.iri]
        if v.outcome is not Outcome.PASS:
            continue
        score = sum(values.get(g, 0) for g in e.goods)
        if values and score <= 0:
            continue
        d = _distance(ctx, e)
        ranked.append(((-score, d if d is not None else 1e9, e.iri), e, score))
    rows = []
    for _, e, score in heapq.nsmallest(10, ranked, key=_first):
        row = _entry_row(ctx, e, verdicts[e.iri])
        row["score"] = score
        row["matched_goods"] = sorted(g for g in e.goods if values.get(g))
        rows.append(row)
    return rows


def _touchpoint(ctx: _Context) -> dict | None:
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


def _release(ctx: _Context, plan_needs: list[dict], eligible: list[str], ways_in: dict[str, _Way],
             starts: set[str]) -> dict | None:
    """From the release time: what is open, what is shut until when, and what can actually be reached
    in the first 72 hours: a service counts only when the wait on the best way in and its opening
    hours both fall inside the window (a door open on Friday with a 33-day wait is not reachable)."""
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
    targets = {p["steps"][-1]["to_id"] for need in plan_needs for p in need["pathways"]}
    rows = []
    by_id: dict[str, dict] = {}
    for iri in sorted(set(firsts).union(eligible, targets)):
        e = ctx.model.entries[iri]
        way = ways_in.get(iri)
        wait = 0.0 if iri in starts else (way[0][1] if way is not None else None)
        opens = next_open(e, release)
        state = is_open(e, release)
        arrive = release + timedelta(days=wait) if wait is not None else None
        if state is None:
            row = {"id": iri, "label": e.label, "open_at_release": None, "next_open": None,
                   "open_within_72h": None, "waiting_days": wait, "reachable_at": None,
                   "within_72h": None if wait is not None and arrive is not None and arrive <= window_end else False,
                   "closed_for_hours": None, "on_a_pathway": iri in firsts, "note": "opening hours not known"}
        else:
            spans = closed_spans(e, release, window_end)
            reach = next_open(e, arrive, horizon_days=14) if arrive is not None else None
            row = {"id": iri, "label": e.label, "open_at_release": state,
                   "closed_spans": [(a.isoformat(timespec="minutes"), b.isoformat(timespec="minutes")) for a, b in spans],
                   "next_open": opens.isoformat(timespec="minutes") if opens else None,
                   "open_within_72h": opens is not None and opens <= window_end,
                   "waiting_days": wait, "reachable_at": reach.isoformat(timespec="minutes") if reach else None,
                   "within_72h": reach is not None and reach <= window_end,
                   "closed_for_hours": round((opens - release).total_seconds() / 3600, 1) if opens else None,
                   "on_a_pathway": iri in firsts}
        rows.append(row)
        by_id[iri] = row
    closed = [r for r in rows if r["open_at_release"] is False or r.get("closed_spans")]
    return {"release": release.isoformat(timespec="minutes"), "window_end": window_end.isoformat(timespec="minutes"),
            "services": rows, "closed_at_release": closed,
            "reachable_in_72h": [r for r in rows if r["within_72h"]],
            "needs": [_need_in_72h(need, by_id) for need in plan_needs]}


def _need_in_72h(need: dict, rows: dict[str, dict]) -> dict:
    """One need's services split by whether they can be reached before the window ends, and why not."""
    ids = dict.fromkeys([r["id"] for r in need["current"] + need["eligible"]]
                        + [p["steps"][-1]["to_id"] for p in need["pathways"]])
    reachable, not_reachable = [], []
    for iri in ids:
        r = rows.get(iri)
        if r is None:
            continue
        item = {"id": iri, "label": r["label"], "waiting_days": r["waiting_days"], "reachable_at": r["reachable_at"]}
        if r["within_72h"]:
            reachable.append(item)
            continue
        if r["waiting_days"] is None:
            why = "no referral route the person can use reaches it"
        elif r["waiting_days"] * 24 > 72:
            why = f"about {r['waiting_days']:g} days' wait on the best way in"
        elif r["open_at_release"] is None:
            why = "opening hours not known"
        else:
            why = "closed for the rest of the window" if r["reachable_at"] else "not open in the next two weeks"
        not_reachable.append(item | {"reason": why})
    return {"need": need["domain"], "reachable": reachable, "not_reachable": not_reachable}


def _questions(pool: Pool, shared: list[Verdict], wanted: frozenset[str]) -> list[dict]:
    """The facts to ask next, most useful first (how many services each could open).

    Counted over the services for the person's needs, and the brokers: per group, as its services share the questions.
    """
    counts: dict[str, int] = {}
    for g, v in zip(pool.groups, shared):
        if v.outcome is Outcome.UNKNOWN:
            n = sum(k for broker, domains, k in g.asked if broker or not domains.isdisjoint(wanted))
            if n:
                for q in v.questions():
                    counts[q] = counts.get(q, 0) + n
    return [{"question": q, "services": n} for q, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


# ---------------------------------------------------------------- rows
def _distance(ctx: _Context, e: Entry) -> float | None:
    """Kilometres from the person's area to the entry (confidential places by their area), once per place."""
    return km(ctx.model, ctx.point, e, ctx.distances)


def _entry_row(ctx: _Context, e: Entry, v: Verdict) -> dict:
    loc = e.location
    return {"id": e.iri, "label": e.label, "kind": e.kind, "types": sorted(e.types), "outcome": _VALUE[v.outcome],
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


def _pathway_row(ctx: _Context, p: Pathway) -> dict:
    m = ctx.model
    steps = []
    for s in p.steps:
        steps.append({"from_id": s.origin, "from": "self-referral" if s.origin == "self" else m.label(s.origin),
                      "to_id": s.target, "to": m.label(s.target), "route": s.route, "method": s.method,
                      "waiting_days": s.waiting_days, "handover": s.handover, "carried_by": s.carried_by,
                      "requires": list(s.prerequisites), "coercion": s.coercion, "mandated": s.mandated,
                      "choice": _CHOICE.get(s.coercion, "not recorded"), "order_requirements": list(s.order_requirements)})
    limit = ctx.profile.preferences.max_travel_km
    return {"steps": steps, "length": len(p.steps), "waiting_days": p.waiting_days,
            "mandated_steps": p.mandated_steps, "chosen_steps": sum(s.coercion == "voluntary" for s in p.steps),
            "fulfils_order": sorted({r for s in p.steps for r in s.order_requirements}),
            "distance_km": p.distance_km, "cold_handovers": p.cold_handovers,
            "beyond_travel": bool(limit is not None and p.distance_km is not None and p.distance_km > limit)}


#: coercion key -> what the step is for the person: only a coercive step is mandated (001 L366; 004 para 55)
_CHOICE = {"coercive": "mandated", "quasi-coercive": "encouraged", "voluntary": "chosen"}
_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
#: Outcome -> its string, without the enum's descriptor on every row
_VALUE = {o: o.value for o in Outcome}
