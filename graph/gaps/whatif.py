"""What if we changed this threshold, lost this service, or added this route?

A change is applied to a copy of the compiled model (the store is never
touched), the sweep is rerun on the same population cells, and the cells
opened and closed are reported. :func:`rank_threshold_changes` tries every
one-step relaxation of the thresholds and exclusions for a need and ranks them
by how many uncovered cells each would close.

Examples
--------
>>> from linkwork.graph.model import Model, Area, Entry, Rule, Criterion, Dimension
>>> m = Model(dimensions={"severity": Dimension("severity", "ordinal", "need severity", "?", True, None, "severity")},
...           ranks={"severity": {"none": 0, "mild": 1, "moderate": 2, "severe": 3}})
>>> m.areas["urn:a"] = Area("urn:a", "Burnley", "district", (), frozenset({"urn:a"}))
>>> rule = Rule("urn:r", (Criterion("urn:c", "range", "severity", "mental-health", minimum=3),))
>>> m.entries["urn:cmht"] = Entry("urn:cmht", "service", "CMHT", areas=("urn:a",), domains=frozenset({"mental-health"}), rules=(rule,))
>>> result = what_if(m, ThresholdChange("urn:c", minimum="moderate"), on=date(2026, 1, 1), domains=["mental-health"])
>>> result["closed"][0]["statement"]
'moderate mental health need, Burnley'
"""
from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from linkwork.graph.compile import index_model
from linkwork.graph.gaps.threshold_gaps import _describe, build_axes, domain_entries, merge_cells, sweep
from linkwork.graph.model import Criterion, Model, Route, key_of

__all__ = ["ThresholdChange", "RemoveService", "AddRoute", "EndFunding", "apply_change", "removed_services", "what_if", "rank_threshold_changes",
           "parse_change", "change_spec"]


@dataclass(frozen=True)
class ThresholdChange:
    """Give one criterion new bounds or values (levels by key, e.g. ``minimum="moderate"``)."""

    criterion: str
    minimum: float | str | None = None
    maximum: float | str | None = None
    values: tuple[str, ...] | None = None

    def describe(self, model: Model) -> str:
        bits = [f"{k}={v if not isinstance(v, tuple) else ','.join(v)}" for k, v in
                (("minimum", self.minimum), ("maximum", self.maximum), ("values", self.values)) if v is not None]
        return f"set {model.label(self.criterion)} to {' '.join(bits)}"


@dataclass(frozen=True)
class RemoveService:
    """Take one service (or meeting, or asset) away."""

    service: str

    def describe(self, model: Model) -> str:
        return f"remove {model.label(self.service)}"


@dataclass(frozen=True)
class AddRoute:
    """Add a referral route from a service, touchpoint or ``self`` to a service."""

    origin: str
    target: str

    def describe(self, model: Model) -> str:
        return f"add a route from {model.label(self.origin)} to {model.label(self.target)}"


@dataclass(frozen=True)
class EndFunding:
    """End a funding stream: every service funded by ended streams alone closes (001 L983)."""

    stream: str

    def describe(self, model: Model) -> str:
        return f"end {model.label(self.stream)}"


Change = ThresholdChange | RemoveService | AddRoute | EndFunding


def parse_change(spec: str, model: Model) -> Change:
    """Read a change from the command line.

    ``threshold:CRITERION:minimum=moderate``, ``threshold:CRITERION:values=active,on-script-using-on-top``,
    ``remove:SERVICE``, ``route:ORIGIN->TARGET``. Records may be given by IRI or by the end of their IRI.
    """
    kind, _, rest = spec.partition(":")
    if kind == "funding":
        if ":" in rest:
            raise ValueError(f"what-if {spec!r}: a funding change ends the stream (funding:STREAM); the data has no "
                             f"per-service amounts to say what a partial cut would close")
        return EndFunding(_resolve_stream(model, rest))
    if kind == "remove":
        return RemoveService(_resolve(model, rest))
    if kind == "route":
        origin, _, target = rest.partition("->")
        return AddRoute("self" if origin.strip() == "self" else _resolve(model, origin.strip()), _resolve(model, target.strip()))
    if kind == "threshold":
        crit, _, assignment = rest.rpartition(":")
        key, _, value = assignment.partition("=")
        if key not in ("minimum", "maximum", "values") or not value:
            raise ValueError(f"what-if {spec!r}: expected minimum=, maximum= or values= after the criterion")
        if key == "values":
            return ThresholdChange(_resolve(model, crit), values=tuple(v.strip() for v in value.split(",")))
        parsed: float | str = float(value) if value.replace(".", "", 1).isdigit() else value
        if key == "minimum":
            return ThresholdChange(_resolve(model, crit), minimum=parsed)
        return ThresholdChange(_resolve(model, crit), maximum=parsed)
    raise ValueError(f"what-if {spec!r}: start with threshold:, remove:, route: or funding:")


def _resolve(model: Model, ref: str) -> str:
    ref = ref.strip()
    known = {c.iri for e in model.entries.values() for r in (*e.rules, *e.exclusions) for c in r.criteria}
    known |= set(model.entries) | set(model.touchpoints)
    if ref in known:
        return ref
    matches = sorted(k for k in known if k.endswith(("/" + ref, "#" + ref)))
    if len(matches) == 1:
        return matches[0]
    raise ValueError(f"what-if: {ref!r} matches {len(matches)} records" + (f": {', '.join(matches[:5])}" if matches else ""))


def _resolve_stream(model: Model, ref: str) -> str:
    ref = ref.strip()
    if ref in model.funding:
        return ref
    matches = sorted(k for k in model.funding if k.endswith(("/" + ref, "#" + ref)))
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(key_of(k) for k in sorted(model.funding)) or "none in the store"
    raise ValueError(f"what-if: {ref!r} is not a funding stream (the streams are: {known})")


def _changed_criterion(model: Model, c: Criterion, change: ThresholdChange) -> Criterion:
    dim = model.dimensions.get(c.dimension)
    ranks = model.ranks.get(dim.scheme, {}) if dim is not None and dim.scheme else {}

    def bound(v):
        if v is None or isinstance(v, float):
            return v
        if v not in ranks:
            raise ValueError(f"what-if: {v!r} is not a level of {c.dimension} ({', '.join(sorted(ranks, key=ranks.get))})")
        return float(ranks[v])

    new = c
    if change.minimum is not None:
        new = dataclasses.replace(new, minimum=bound(change.minimum), min_label=str(change.minimum))
    if change.maximum is not None:
        new = dataclasses.replace(new, maximum=bound(change.maximum), max_label=str(change.maximum))
    if change.values is not None:
        new = dataclasses.replace(new, values=frozenset(change.values))
    return dataclasses.replace(new, plain=f"{c.plain} (what-if)")


def apply_change(model: Model, change: Change | Sequence[Change]) -> Model:
    """A copy of the model with the change (or every change, all at once) made; the original is untouched."""
    changes = _as_list(change)
    ended = {c.stream for c in changes if isinstance(c, EndFunding)}
    m = model
    if ended:  # streams ended together: a service funded by several of them closes too
        m = _one_change(m, None, ended)
    for c in changes:
        if not isinstance(c, EndFunding):
            m = _one_change(m, c, set())
    if m is model:
        m = _one_change(model, None, set())
    return m


def _as_list(change: Change | Sequence[Change]) -> list[Change]:
    if isinstance(change, (ThresholdChange, RemoveService, AddRoute, EndFunding)):
        return [change]
    return list(change)


def removed_services(before: Model, after: Model) -> list[str]:
    """Services (and meetings, assets) a change took away."""
    return sorted(i for i in before.entries if i not in after.entries)


def _one_change(model: Model, change: Change | None, ended: set[str]) -> Model:
    m = copy.copy(model)
    m.entries = dict(model.entries)
    if ended:
        gone = {i for i, e in model.entries.items() if e.funding and e.funding <= ended}
        for i in gone:
            m.entries.pop(i)
        m.routes = [r for r in model.routes if r.target not in gone and r.origin not in gone]
    if isinstance(change, RemoveService):
        m.entries.pop(change.service, None)
        m.routes = [r for r in model.routes if r.target != change.service and r.origin != change.service]
    elif isinstance(change, AddRoute):
        m.routes = list(model.routes) + [Route(f"urn:linkwork:what-if:{change.origin}->{change.target}", change.target,
                                               change.origin, None, "professional-referral")]
    elif isinstance(change, ThresholdChange):
        for iri, e in model.entries.items():
            rules = tuple(dataclasses.replace(r, criteria=tuple(
                _changed_criterion(model, c, change) if c.iri == change.criterion else c for c in r.criteria)) for r in e.rules)
            excl = tuple(dataclasses.replace(x, criteria=tuple(
                _changed_criterion(model, c, change) if c.iri == change.criterion else c for c in x.criteria)) for x in e.exclusions)
            if rules != e.rules or excl != e.exclusions:
                m.entries[iri] = dataclasses.replace(e, rules=rules, exclusions=excl)
    index_model(m)
    return m


def what_if(model: Model, change: Change | Sequence[Change], *, on: date, domains: Sequence[str] | None = None,
            areas: Sequence[str] | None = None) -> dict:
    """The cells a change (or several, applied together) would close (newly covered) and open (newly
    uncovered), per need and area, with the services it takes away."""
    changes = _as_list(change)
    after = apply_change(model, changes)
    domains = list(domains) if domains else sorted({d for e in model.services() if not e.broker for d in e.domains})
    closed: list[dict] = []
    opened: list[dict] = []
    for d in domains:
        before_entries, after_entries = domain_entries(model, d, on), domain_entries(after, d, on)
        axes = build_axes(model, before_entries + after_entries, d, on)
        pairs = zip(sweep(model, d, on=on, areas=areas, entries=before_entries, axes=axes),
                    sweep(after, d, on=on, areas=areas, entries=after_entries, axes=axes))
        for b, a in pairs:
            for mask, out in ((~b.covered & a.covered, closed), (b.covered & ~a.covered, opened)):
                for box in merge_cells(mask):
                    text, detail = _describe(axes, box, d)
                    out.append({"domain": d, "area": model.label(b.area), "area_id": b.area,
                                "statement": f"{text}, {model.label(b.area)}",
                                "cells": int(np.prod([len(i) for i in box])), "detail": detail})
    words = [c.describe(model) for c in changes]
    return {"change": "; ".join(words) + (" (applied together)" if len(words) > 1 else ""),
            "changes": words, "what_if": [change_spec(model, c) for c in changes], "together": len(words) > 1,
            "services_removed": [{"id": i, "label": model.label(i)} for i in removed_services(model, after)],
            "closed": closed, "opened": opened,
            "cells_closed": sum(c["cells"] for c in closed), "cells_opened": sum(c["cells"] for c in opened)}


def rank_threshold_changes(model: Model, *, on: date, domain: str, areas: Sequence[str] | None = None,
                           top: int = 10) -> list[dict]:
    """Every one-step relaxation of a threshold or exclusion for ``domain``, ranked by cells closed."""
    candidates: list[ThresholdChange] = []
    seen = set()
    for e in domain_entries(model, domain, on):
        for r in e.rules:
            for c in r.criteria_in_force(on):
                dim = model.dimensions.get(c.dimension)
                if c.kind != "range" or c.iri in seen:
                    continue
                seen.add(c.iri)
                if dim is not None and dim.kind == "ordinal":
                    ranks = model.ranks.get(dim.scheme or "", {})
                    by_rank = {v: k for k, v in ranks.items()}
                    if c.minimum is not None and int(c.minimum) - 1 in by_rank and c.minimum - 1 >= 1:
                        candidates.append(ThresholdChange(c.iri, minimum=by_rank[int(c.minimum) - 1]))
                    if c.maximum is not None and int(c.maximum) + 1 in by_rank:
                        candidates.append(ThresholdChange(c.iri, maximum=by_rank[int(c.maximum) + 1]))
        for x in e.exclusions:
            for c in x.criteria_in_force(on):
                if c.kind == "set" and len(c.values) > 1:
                    for v in sorted(c.values):
                        candidates.append(ThresholdChange(c.iri, values=tuple(sorted(c.values - {v}))))
    results = []
    for ch in dict.fromkeys(candidates):  # a criterion several services share is one change
        r = what_if(model, ch, on=on, domains=[domain], areas=areas)
        results.append({"change": r["change"], "criterion": ch.criterion, "what_if": change_spec(model, ch),
                        "services": _holders(model, ch.criterion, domain, on), "cells_closed": r["cells_closed"],
                        "cells_opened": r["cells_opened"], "areas_closed": sorted({c["area"] for c in r["closed"]})})
    results.sort(key=lambda r: (-r["cells_closed"], r["cells_opened"], r["change"], r["what_if"]))
    return results[:top]


def change_spec(model: Model, change: Change) -> str:
    """The ``--what-if`` text that makes ``change``, with records by the shortest unambiguous name.

    >>> change_spec(Model(), ThresholdChange("https://example.org/crit-mh-severe", minimum="moderate"))
    'threshold:crit-mh-severe:minimum=moderate'
    """
    def short(iri: str) -> str:
        if iri == "self":
            return iri
        tail = key_of(iri)
        try:
            return tail if _resolve(model, tail) == iri else iri
        except ValueError:
            return tail if not model.entries and not model.touchpoints else iri

    if isinstance(change, EndFunding):
        return f"funding:{key_of(change.stream)}"
    if isinstance(change, RemoveService):
        return f"remove:{short(change.service)}"
    if isinstance(change, AddRoute):
        return f"route:{short(change.origin)}->{short(change.target)}"
    if change.values is not None:
        return f"threshold:{short(change.criterion)}:values={','.join(change.values)}"
    key, value = ("minimum", change.minimum) if change.minimum is not None else ("maximum", change.maximum)
    shown = f"{value:g}" if isinstance(value, float) else value
    return f"threshold:{short(change.criterion)}:{key}={shown}"


def _holders(model: Model, criterion: str, domain: str, on: date) -> list[dict]:
    """The services whose rules or exclusions hold ``criterion``, with the areas they serve: what a change touches."""
    out = []
    for e in domain_entries(model, domain, on):
        if any(c.iri == criterion for clause in (*e.rules, *e.exclusions) for c in clause.criteria):
            out.append({"id": e.iri, "label": e.label, "areas": [model.label(a) for a in e.areas]})
    return out
