"""A release what-if for commissioners: people released at a given time from a prison, and what
each need can reach before a deadline (a Friday 15:30 release and Monday 09:00, say).

"prisoners should never be released on a Friday afternoon" (003 L1289-1291). For each area and
need, the services reachable in time are those whose shortest wait from self-referral or the
prison, counted from the release, meets their opening hours before the deadline; the population
cells the full service list covers but the reachable ones do not are left with nothing until
then: a transition finding. Waits are summed along the way in; intermediate services' opening
hours and eligibility are not (the sweep checks eligibility at the service reached).

Examples
--------
>>> from datetime import time
>>> from linkwork.graph.model import Model, Area, Entry, Hours, Route
>>> m = Model(areas={"urn:a": Area("urn:a", "Blackburn", "district", (), frozenset({"urn:a"}))},
...           ranks={"severity": {"none": 0, "mild": 1, "moderate": 2, "severe": 3}})
>>> weekdays = tuple(Hours(d, time(9), time(17)) for d in range(1, 6))
>>> m.entries["urn:cdt"] = Entry("urn:cdt", "service", "Drug team", areas=("urn:a",), domains=frozenset({"drugs"}), hours=weekdays)
>>> m.routes = [Route("urn:r", "urn:cdt", "self", None, waiting_days=1)]
>>> from linkwork.graph.compile import index_model
>>> index_model(m)
>>> [g.statement for g in release_gaps(m, release=datetime(2013, 6, 14, 15, 30), until=datetime(2013, 6, 17, 9, 0))]
['drugs need, Blackburn: released Fri 14 Jun 15:30, nothing reachable before Mon 17 Jun 09:00']
"""
from __future__ import annotations

import heapq
from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np
from linkwork.graph.gaps import Gap
from linkwork.graph.model import Entry, Model
from linkwork.graph.opening import next_open

__all__ = ["release_gaps", "release_reach", "shortest_waits"]


def shortest_waits(model: Model, starts: Sequence[str], on: datetime) -> dict[str, float]:
    """Days of waiting on the quickest chain of referrals from ``starts`` to every service (routes in force
    that ask nothing of the person; a route from a service type leaves from any service of it)."""
    day = on.date()
    out: dict[str, list[tuple[str, float]]] = {}
    for r in model.routes:
        if not r.in_force(day) or r.requirements:
            continue
        origins = [r.origin] if r.origin else model.by_type.get(r.origin_type or "", [])
        for o in origins:
            out.setdefault(o, []).append((r.target, r.waiting_days))
    best: dict[str, float] = {}
    heap = [(0.0, s) for s in dict.fromkeys(starts)]
    while heap:
        wait, node = heapq.heappop(heap)
        if node in best:
            continue
        best[node] = wait
        for target, w in out.get(node, ()):
            if target not in best:
                heapq.heappush(heap, (wait + w, target))
    return {k: v for k, v in best.items() if k in model.entries}


def release_reach(model: Model, e: Entry, waits: dict[str, float], release: datetime, until: datetime) -> dict:
    """Whether one service can be reached between the release and the deadline, and if not, why."""
    wait = waits.get(e.iri)
    row = {"id": e.iri, "label": e.label, "waiting_days": wait, "reachable_at": None, "in_time": False, "reason": None}
    if wait is None:
        row["reason"] = "no referral route from self-referral or the prison"
        return row
    arrive = next_open(e, release + timedelta(days=wait), horizon_days=14)
    row["reachable_at"] = arrive.isoformat(timespec="minutes") if arrive else None
    row["in_time"] = arrive is not None and arrive < until  # "before" the deadline
    if not row["in_time"]:
        row["reason"] = (f"about {wait:g} days' wait" if release + timedelta(days=wait) > until
                         else "closed until after the deadline" if arrive else "not open in the next two weeks")
    return row


def release_gaps(model: Model, *, release: datetime, until: datetime | None = None, prison: str | None = None,
                 areas: Sequence[str] | None = None, domains: Sequence[str] | None = None) -> list[Gap]:
    """Per area and need, the population cells a release at ``release`` (from ``prison``, a touchpoint IRI)
    leaves with nothing reachable before ``until`` (default: 72 hours later)."""
    from linkwork.graph.gaps.threshold_gaps import _describe, build_axes, domain_entries, merge_cells, sweep, sweep_areas

    until = until or release + timedelta(hours=72)
    day = release.date()
    waits = shortest_waits(model, ["self", *([prison] if prison else [])], release)
    when = f"released {release:%a %d %b %H:%M}" + (f" from {model.label(prison)}" if prison else "")
    by = f"before {until:%a %d %b %H:%M}"
    areas = list(areas) if areas is not None else sweep_areas(model)
    domains = list(domains) if domains else sorted({d for e in model.services() if not e.broker for d in e.domains})
    gaps = []
    for domain in domains:
        entries = domain_entries(model, domain, day)
        reach = {e.iri: release_reach(model, e, waits, release, until) for e in entries}
        in_time = [e for e in entries if reach[e.iri]["in_time"]]
        fixed = {("cj-status", None): "released"}  # everyone in the cells has just been released
        axes = build_axes(model, entries, domain, day, fixed)
        full = sweep(model, domain, on=day, areas=areas, entries=entries, axes=axes, fixed=fixed)
        quick = sweep(model, domain, on=day, areas=areas, entries=in_time, axes=axes, fixed=fixed)
        for f, q in zip(full, quick):
            left = f.covered & ~q.covered
            if not left.any():
                continue
            serving = {e.iri for e in f.entries}
            rows = [reach[i] for i in sorted(serving)]
            blocking = tuple(f"{r['label']}: {r['reason']}" for r in rows if not r["in_time"])[:6]
            for box in merge_cells(left):
                text, detail = _describe(axes, box, domain)
                detail |= {"cell": text, "release": release.isoformat(timespec="minutes"),
                           "until": until.isoformat(timespec="minutes"), "prison": prison,
                           "reachable": [r["id"] for r in rows if r["in_time"]],
                           "not_reachable": [{"id": r["id"], "reason": r["reason"]} for r in rows if not r["in_time"]],
                           "cells": int(np.prod([len(i) for i in box]))}
                gaps.append(Gap("transition", f"{text}, {model.label(f.area)}: {when}, nothing reachable {by}",
                                f.area, domain, blocking, tuple(r["id"] for r in rows), tuple(sorted(detail.items()))))
    return gaps
