"""Who no mutual aid meeting in an area would welcome.

12-Step groups redirect people by substance ("you've got your own fellowship
for that, we don't do that here", 001 L612) and some do not welcome people on
a script (001 L713, L719). Meetings carry attendance rules in the same model as
services, so the same sweep finds the people no meeting in an area admits.

Examples
--------
>>> from linkwork.graph.model import Model, Area, Entry, Rule, Criterion, Dimension
>>> m = Model(dimensions={"substance": Dimension("substance", "multiset", "substance", "?", False, None, "substance")},
...           schemes={"substance": frozenset({"alcohol", "opiates"})},
...           substance_domains={"alcohol": "alcohol", "opiates": "drugs"})
>>> m.areas["urn:t"] = Area("urn:t", "Carnforth", "town", (), frozenset({"urn:t"}), small_town=True)
>>> aa = Rule("urn:r", (Criterion("urn:c", "set", "substance", values=frozenset({"alcohol"})),))
>>> m.entries["urn:aa"] = Entry("urn:aa", "meeting", "Carnforth AA", areas=("urn:t",), rules=(aa,))
>>> [g.statement for g in mutual_aid_gaps(m, on=date(2026, 1, 1))]
['drugs need, Carnforth: no mutual aid meeting welcomes them']
"""
from __future__ import annotations

from datetime import date

from linkwork.graph.eligibility import Assessor
from linkwork.graph.gaps import Gap
from linkwork.graph.gaps.kinds import gap_types
from linkwork.graph.gaps.threshold_gaps import CellFacts, _describe, build_axes, merge_cells, sweep
from linkwork.graph.model import Model

__all__ = ["mutual_aid_gaps"]


def mutual_aid_gaps(model: Model, *, on: date, areas=None) -> list[Gap]:
    """For drugs and alcohol, the people no in-person meeting held in a place (town or district) would welcome.

    Only meetings in the place itself count: a group is local, and a town's
    drinkers' meeting is no help to its drug users because the district has an
    NA meeting in another town."""
    meetings = sorted((e for e in model.entries.values() if e.kind == "meeting" and e.in_force(on)
                       and e.attendance_mode != "online" and e.areas), key=lambda e: e.iri)
    if not meetings:
        return []
    places = sorted(areas) if areas else sorted({a for e in meetings for a in e.areas})
    gaps = []
    for domain in sorted(set(model.substance_domains.values())):
        axes = [a for a in build_axes(model, meetings, domain, on) if a.dimension != "severity"]
        if not axes:
            continue
        for s in (r for place in places for r in sweep(model, domain, on=on, areas=[place], axes=axes,
                                                        entries=[e for e in meetings if place in e.areas])):
            for box in merge_cells(s.uncovered):
                text, detail = _describe(axes, box, domain)
                facts = CellFacts({a.key: a.values[idx[0]] for a, idx in zip(axes, box)})
                assessor = Assessor(model, facts, on, s.area)
                local = [v for v in (assessor.assess(e) for e in s.entries) if s.area in v.entry.areas]
                blocking = tuple(f"{v.entry.label}: {'; '.join(v.blocking())}" for v in local[:4] if v.blocking())
                kinds = gap_types(local, needs_at_moderate=0) or ["exclusion"]
                detail["cell"] = text
                gaps.append(Gap("exclusion", f"{text}, {model.label(s.area)}: no mutual aid meeting welcomes them",
                                s.area, domain, blocking, tuple(v.entry.iri for v in local[:4]),
                                tuple(sorted(detail.items())), tuple(k for k in kinds if k != "exclusion")))
    return gaps
