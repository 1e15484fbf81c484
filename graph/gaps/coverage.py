"""Touchpoints without a needed kind of service.

"A database of services ... should also identify gaps in the system including
police custody suites or courts that do not have access to liaison and
diversion services" (003 L2141-2145).

Examples
--------
>>> from linkwork.graph.model import Model, Touchpoint, Entry
>>> m = Model()
>>> m.touchpoints["urn:tp"] = Touchpoint("urn:tp", "Burnley custody suite", "police-custody", "urn:burnley")
>>> [g.statement for g in coverage_gaps(m, on=date(2026, 1, 1))]
['Burnley custody suite: no liaison and diversion service']
"""
from __future__ import annotations

from datetime import date

from linkwork.graph.gaps import Gap
from linkwork.graph.model import Model

__all__ = ["coverage_gaps", "REQUIRED_AT"]

#: touchpoint type -> service types that should be present there
REQUIRED_AT: dict[str, tuple[str, ...]] = {
    "police-custody": ("liaison-diversion",),
    "court": ("liaison-diversion",),
    "prison": ("through-the-gate",),
}


def coverage_gaps(model: Model, *, on: date, required: dict[str, tuple[str, ...]] | None = None) -> list[Gap]:
    """Each touchpoint missing a service type it should have, e.g. a custody suite without liaison and diversion."""
    required = REQUIRED_AT if required is None else required
    present: dict[str, set[str]] = {}
    for e in model.entries.values():
        if e.kind == "service" and e.in_force(on):
            for tp in e.touchpoints:
                present.setdefault(tp, set()).update(e.types)
    gaps = []
    for tp in sorted(model.touchpoints.values(), key=lambda t: t.iri):
        for needed in required.get(tp.type or "", ()):
            if needed not in present.get(tp.iri, set()):
                words = needed.replace("-", " ").replace("liaison diversion", "liaison and diversion")
                gaps.append(Gap("coverage", f"{tp.label}: no {words} service", tp.area, None,
                                (f"no service of type {needed} serves this {tp.type.replace('-', ' ')}",),
                                (tp.iri,), (("service type", needed), ("touchpoint type", tp.type))))
    return gaps
