"""Transitions where people fall out: time-limited services whose clients have nowhere to go
next, and services with an upper age limit that no adult service takes over from.

Discharge "dropped off a cliff" (001 L783); detox led to relapse (001 L664);
young people fall out between youth and adult services (003 L2817-2845).

Examples
--------
>>> from linkwork.graph.model import Model, Entry
>>> m = Model(entries={"urn:detox": Entry("urn:detox", "service", "Detox", time_limited=True)})
>>> [g.statement for g in transition_gaps(m, on=date(2026, 1, 1))]
['Detox: no onward referral route at discharge']
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from linkwork.graph.gaps import Gap
from linkwork.graph.model import Entry, Model

__all__ = ["transition_gaps", "age_transition_gaps", "age_limit"]


def transition_gaps(model: Model, *, on: date) -> list[Gap]:
    """Time-limited services (detox, a prison sentence) with no referral route out in force, and
    age-limited services no adult service takes over from (:func:`age_transition_gaps`)."""
    gaps = []
    for e in sorted(model.entries.values(), key=lambda e: e.iri):
        if e.kind != "service" or not e.time_limited or not e.in_force(on):
            continue
        onward = [r for r in model.routes_out.get(e.iri, ()) if r.in_force(on)]
        if not onward:
            gaps.append(Gap("transition", f"{e.label}: no onward referral route at discharge",
                            e.areas[0] if e.areas else None, None,
                            ("clients leave after a set episode and no route in the data carries them on",),
                            (e.iri,)))
    return gaps + age_transition_gaps(model, on=on)


def age_limit(entry: Entry, on: date) -> int | None:
    """The oldest age ``entry`` takes people at, when every rule in force has an upper age limit.

    >>> from linkwork.graph.model import Criterion, Rule
    >>> young = Rule("urn:r", (Criterion("urn:c", "range", "age", maximum=17),))
    >>> age_limit(Entry("urn:camhs", "service", "CAMHS", rules=(young,)), date(2026, 1, 1))
    17
    """
    limits = []
    for r in entry.rules:
        if not r.in_force(on):
            continue
        tops = [c.maximum for c in r.criteria_in_force(on) if c.dimension == "age" and c.kind == "range" and c.maximum is not None]
        if not tops:
            return None
        limits.append(min(tops))
    return int(max(limits)) if limits else None


def age_transition_gaps(model: Model, *, on: date, areas: Sequence[str] | None = None,
                        domains: Sequence[str] | None = None) -> list[Gap]:
    """Population cells a service with an upper age limit holds at its last age and no service for the
    same need takes on at the next, by area and need: the youth-to-adult cliff edge (003 L2817-2845).

    The cells are those of the threshold sweep (every dimension the need's services test), with age
    cut to the two ages either side of the limit.
    """
    from linkwork.graph.gaps.threshold_gaps import (
        Axis,
        _describe,
        build_axes,
        domain_entries,
        entry_coverage,
        merge_cells,
        sweep_areas,
    )

    gaps: list[Gap] = []
    areas = list(areas) if areas is not None else sweep_areas(model)
    all_domains = sorted({d for e in model.services() if not e.broker for d in e.domains})
    for domain in (list(domains) if domains else all_domains):
        entries = domain_entries(model, domain, on)
        limited = [(e, age_limit(e, on)) for e in entries]
        by_limit: dict[int, list[Entry]] = {}
        for e, limit in limited:
            if limit is not None:
                by_limit.setdefault(limit, []).append(e)
        if not by_limit:
            continue
        base = [a for a in build_axes(model, entries, domain, on) if a.dimension != "age"]
        for limit, young in sorted(by_limit.items()):
            axes = [*base, Axis("age", None, (str(limit), str(limit + 1)), (limit, limit + 1))]
            for area in areas:
                ancestors = model.areas[area].ancestors if area in model.areas else frozenset({area})
                serving = [e for e in entries if not e.areas or any(a in ancestors for a in e.areas)]
                held = [e for e in young if e in serving]
                if not held:
                    continue
                shape = tuple(len(a.values) for a in axes)
                before = np.zeros(shape[:-1], dtype=bool)
                for e in held:
                    before |= entry_coverage(model, e, axes, on, area_ancestors=ancestors)[..., 0]
                after = np.zeros(shape[:-1], dtype=bool)
                for e in serving:
                    after |= entry_coverage(model, e, axes, on, area_ancestors=ancestors)[..., 1]
                dropped = before & ~after
                names = ", ".join(e.label for e in held)
                for box in merge_cells(dropped):
                    text, detail = _describe(base, box, domain)
                    detail |= {"cell": text, "age_limit": limit, "services": [e.iri for e in held]}
                    gaps.append(Gap(
                        "transition",
                        f"{text}, {model.label(area)}: {names} {'takes' if len(held) == 1 else 'take'} people until "
                        f"{limit + 1}; at {limit + 1} no service for the need takes them on",
                        area, domain,
                        tuple(f"{e.label}: takes people aged {limit} or under" for e in held),
                        tuple(e.iri for e in held), tuple(sorted(detail.items()))))
    return gaps
