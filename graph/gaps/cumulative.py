"""Several moderate needs, and no door opens: cumulative-need gaps.

"The combination of several lower level problems results in a high level of
need. However on their own, each need is usually not severe enough to meet
the threshold for statutory services" (003 L222-226). For each pair of need
domains, people with both at ``level`` are swept over every other dimension;
a cell is covered when any service for either need, or any broker, admits
them.

Examples
--------
>>> from linkwork.graph.model import Model, Area, Entry, Rule, Criterion, Dimension
>>> m = Model(dimensions={"severity": Dimension("severity", "ordinal", "need severity", "?", True, None, "severity")},
...           ranks={"severity": {"none": 0, "mild": 1, "moderate": 2, "severe": 3}})
>>> m.areas["urn:a"] = Area("urn:a", "Burnley", "district", (), frozenset({"urn:a"}))
>>> def severe(d): return (Rule(f"urn:r-{d}", (Criterion(f"urn:c-{d}", "range", "severity", d, minimum=3),)),)
>>> for d in ("mental-health", "housing"):
...     m.entries[f"urn:{d}"] = Entry(f"urn:{d}", "service", d, areas=("urn:a",), domains=frozenset({d}), rules=severe(d))
>>> [g.statement for g in cumulative_gaps(m, on=date(2026, 1, 1))]
['moderate housing and moderate mental health needs, Burnley: no service and no broker']
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from linkwork.graph.eligibility import Assessor
from linkwork.graph.gaps import Gap
from linkwork.graph.gaps.threshold_gaps import CellFacts, _either, build_axes, merge_cells, sweep

__all__ = ["cumulative_gaps"]


#: The multiple needs the sources are about (drugs, alcohol, mental health, housing, offending).
CORE_DOMAINS = ("alcohol", "drugs", "housing", "mental-health", "offending")


def cumulative_gaps(model, *, on: date, areas: Sequence[str] | None = None,
                    domains: Sequence[str] | None = CORE_DOMAINS, level: str = "moderate") -> list[Gap]:
    """Pairs of needs at ``level`` that no service for either need and no broker accepts.

    By default the pairs are drawn from the core multiple needs; pass ``domains=None`` for every domain.
    """
    services = [e for e in model.entries.values() if e.kind == "service" and e.in_force(on)]
    present = sorted({d for e in services if not e.broker for d in e.domains})
    domains = sorted(d for d in domains if d in present) if domains else present
    brokers = [e for e in services if e.broker]
    gaps: list[Gap] = []
    for d1, d2 in itertools.combinations(domains, 2):
        entries = sorted({e.iri: e for e in services if not e.broker and (d1 in e.domains or d2 in e.domains)}.values(),
                         key=lambda e: e.iri) + brokers
        fixed = {("severity", d1): level, ("severity", d2): level}
        axes = build_axes(model, entries, d1, on, fixed)
        for s in sweep(model, d1, on=on, areas=areas, entries=entries, fixed=fixed, axes=axes):
            for box in merge_cells(s.uncovered):
                parts = []
                detail: dict[str, list[str] | str] = {f"{d1} severity": [level], f"{d2} severity": [level]}
                for axis, idx in zip(axes, box):
                    labels = [axis.labels[i] for i in idx]
                    detail[axis.name()] = labels
                    if len(idx) != len(axis.values):
                        parts.append(f"{axis.name()} {_either(axis, idx)}")
                head = f"{level} {d1.replace('-', ' ')} and {level} {d2.replace('-', ' ')} needs"
                text = head + ("; " + "; ".join(parts) if parts else "")
                facts = CellFacts({**fixed, **{a.key: a.values[idx[0]] for a, idx in zip(axes, box)}})
                assessor = Assessor(model, facts, on, s.area)
                verdicts = sorted((assessor.assess(e) for e in s.entries), key=lambda v: (v.misses_by(), v.entry.iri))
                blocking = tuple(f"{v.entry.label}: {'; '.join(v.blocking())}" for v in verdicts[:4] if v.blocking())
                detail["cell"] = text
                gaps.append(Gap("cumulative-need", f"{text}, {model.label(s.area)}: no service and no broker",
                                s.area, f"{d1}+{d2}", blocking, tuple(v.entry.iri for v in verdicts[:4]),
                                tuple(sorted(detail.items()))))
    return gaps
