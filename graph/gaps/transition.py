"""Time-limited services whose clients have nowhere to go next.

Discharge "dropped off a cliff" (001 L783); detox led to relapse (001 L664).

Examples
--------
>>> from linkwork.graph.model import Model, Entry
>>> m = Model(entries={"urn:detox": Entry("urn:detox", "service", "Detox", time_limited=True)})
>>> [g.statement for g in transition_gaps(m, on=date(2026, 1, 1))]
['Detox: no onward referral route at discharge']
"""
from __future__ import annotations

from datetime import date

from linkwork.graph.gaps import Gap
from linkwork.graph.model import Model

__all__ = ["transition_gaps"]


def transition_gaps(model: Model, *, on: date) -> list[Gap]:
    """Time-limited services (detox, a prison sentence) with no referral route out in force."""
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
    return gaps
