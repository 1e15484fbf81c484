"""Who falls between the thresholds: a sweep over population cells.

For one need domain the population is cut into cells: severity of that need
times every other dimension the services' criteria use (age bands at their
breakpoints, gender, substance-use status, criminal-justice status, documents,
local connection...). A cell is covered in an area when some service for the
need, serving that area, admits a person with the cell's values. The sweep
finds the uncovered cells, merges neighbours into readable statements, and
names the criteria that shut each nearby service.

Speed: each criterion becomes a boolean mask over its dimension's values,
computed by the shared evaluator (:func:`~linkwork.graph.eligibility.criterion_outcome`)
on one representative value per band, so the sweep and the navigator cannot
disagree. A rule is then a box (the outer product of its masks) and a service
the union of its rule boxes minus its exclusion boxes; services with the same
criteria share one array, and areas inherit the arrays of the areas they lie
in. :func:`naive_uncovered_cells` is the slow, obvious loop kept as the
reference the tests compare against and the benchmark measures.

Examples
--------
>>> from linkwork.graph.model import Model, Area, Entry, Rule, Criterion, Dimension
>>> m = Model(dimensions={"severity": Dimension("severity", "ordinal", "need severity", "How severe?", True, None, "severity")},
...           ranks={"severity": {"none": 0, "mild": 1, "moderate": 2, "severe": 3}})
>>> m.areas["urn:a"] = Area("urn:a", "Burnley", "district", (), frozenset({"urn:a"}))
>>> severe_only = Rule("urn:r", (Criterion("urn:c", "range", "severity", "mental-health", minimum=3),))
>>> m.entries["urn:cmht"] = Entry("urn:cmht", "service", "CMHT", areas=("urn:a",), domains=frozenset({"mental-health"}), rules=(severe_only,))
>>> m.by_area = {"urn:a": ["urn:cmht"]}
>>> [g.statement for g in threshold_gaps(m, domain="mental-health", on=date(2026, 1, 1))]
['mild or moderate mental health need, Burnley: no service']
"""
from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from linkwork.graph.eligibility import Assessor, Outcome, criterion_outcome
from linkwork.graph.gaps import Gap
from linkwork.graph.gaps.kinds import gap_types
from linkwork.graph.model import Criterion, Entry, Model

__all__ = ["Axis", "Sweep", "threshold_gaps", "all_threshold_gaps", "sweep", "naive_uncovered_cells", "severity_ladder",
           "CellFacts", "sweep_areas"]

#: Where number dimensions start and stop for the population swept (adults).
NUMBER_RANGES = {"age": (18, 100), "sentence-months": (0, 1200), "abstinence-months": (0, 1200)}


@dataclass(frozen=True)
class Axis:
    """One dimension of the population, cut into bands; each band has a representative value."""

    dimension: str
    domain: str | None
    labels: tuple[str, ...]
    values: tuple[Any, ...]

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.dimension, self.domain)

    def name(self) -> str:
        d = self.dimension.replace("-", " ")
        return f"{self.domain.replace('-', ' ')} {d}" if self.domain else d


class CellFacts:
    """A population cell seen as a person, so the shared evaluator can assess it."""

    def __init__(self, values: dict[tuple[str, str | None], Any]):
        self._values = values

    def fact(self, dimension: str, domain: str | None = None) -> Any:
        return self._values.get((dimension, domain))


@dataclass
class Sweep:
    """The result for one domain and area: axes, the covered array and the entries considered."""

    domain: str
    area: str
    axes: list[Axis]
    covered: np.ndarray
    entries: list[Entry]

    @property
    def uncovered(self) -> np.ndarray:
        return ~self.covered


# ---------------------------------------------------------------- axes
def _criteria(entries: Iterable[Entry], on: date) -> Iterable[Criterion]:
    seen: set[int] = set()
    for e in entries:
        for clause in (*e.rules, *e.exclusions):
            if id(clause) not in seen:  # compiled rules are shared objects: thousands of services, one rule
                seen.add(id(clause))
                if clause.in_force(on):
                    yield from clause.criteria_in_force(on)


def build_axes(model: Model, entries: Sequence[Entry], domain: str, on: date,
               fixed: dict[tuple[str, str | None], Any] | None = None) -> list[Axis]:
    """The dimensions the entries' criteria use, with the swept domain's severity first."""
    fixed = fixed or {}
    used: dict[tuple[str, str | None], list[Criterion]] = {}
    for c in _criteria(entries, on):
        if c.kind == "area":
            continue
        used.setdefault((c.dimension, c.domain), []).append(c)
    keys = [("severity", domain)] + sorted(k for k in used if k != ("severity", domain))
    axes = []
    substance_domains = set(model.substance_domains.values())
    swept_substance = {("severity", d) for d in substance_domains} & ({("severity", domain)} | set(fixed))
    for key in keys:
        if key in fixed:
            continue
        axis = _axis(model, key, used.get(key, []), swept=key == ("severity", domain))
        if axis is not None and swept_substance:
            axis = _coherent(model, axis, {d for _, d in swept_substance})
        if axis is not None:
            axes.append(axis)
    return axes


def _coherent(model: Model, axis: Axis, domains: set[str]) -> Axis | None:
    """Keep only values a person with a need in these substance domains can have: their substances
    belong to the domain (read from the ontology), and they are not "not using"."""
    if axis.dimension == "substance":
        keep = [i for i, k in enumerate(axis.labels) if model.substance_domains.get(k) in domains]
        if len(domains) > 1:  # needs in several substance domains: alcohol together with each drug
            base = sorted(k for k, d in model.substance_domains.items() if d in domains and d == "alcohol")
            others = [axis.labels[i] for i in keep if axis.labels[i] not in base]
            if base and others:
                labels = tuple(f"{'+'.join(base)}+{o}" for o in others)
                return Axis(axis.dimension, axis.domain, labels, tuple(frozenset({*base, o}) for o in others))
    elif axis.dimension == "use-status":
        keep = [i for i, k in enumerate(axis.labels) if k != "not-using"]
    else:
        return axis
    if not keep:
        return axis
    return Axis(axis.dimension, axis.domain, tuple(axis.labels[i] for i in keep), tuple(axis.values[i] for i in keep))


def _axis(model: Model, key: tuple[str, str | None], criteria: list[Criterion], swept: bool) -> Axis | None:
    dim_key, domain = key
    dim = model.dimensions.get(dim_key)
    kind = dim.kind if dim else ("ordinal" if dim_key == "severity" else "set")
    scheme = dim.scheme if dim else None
    if kind == "ordinal":
        ranks = model.ranks.get(scheme or dim_key, {})
        keys = sorted(ranks, key=ranks.get)
        if swept:
            keys = [k for k in keys if ranks[k] > 0]  # people with the need
        return Axis(dim_key, domain, tuple(keys), tuple(keys))
    if kind in ("set", "multiset"):
        keys = sorted(model.schemes.get(scheme or "", ()) or {v for c in criteria for v in c.values})
        values = tuple(frozenset({k}) for k in keys) if kind == "multiset" else tuple(keys)
        return Axis(dim_key, domain, tuple(keys), values)
    if kind == "boolean":
        return Axis(dim_key, domain, ("yes", "no"), (True, False))
    if kind == "number":
        lo, hi = NUMBER_RANGES.get(dim_key, (0, 1000))
        points = {lo, hi}
        for c in criteria:
            if c.minimum is not None:
                points.add(int(np.ceil(c.minimum)))
            if c.maximum is not None:
                points.add(int(np.floor(c.maximum)) + 1)
        cuts = sorted(p for p in points if lo <= p <= hi)
        labels: list[str] = []
        lows: list[int] = []  # each band's representative value: its lowest
        unit = (dim.unit if dim else None) or ""
        for a, b in itertools.pairwise(cuts):
            labels.append(f"{a} or over" if b == hi else (f"{a}" if b == a + 1 else f"{a} to {b - 1}") + (f" {unit}s" if unit and unit != "year" else ""))
            lows.append(a)
        return Axis(dim_key, domain, tuple(labels), tuple(lows))
    return None


# ---------------------------------------------------------------- masks and coverage
def _mask(model: Model, c: Criterion, axis: Axis) -> np.ndarray:
    dim = model.dimensions.get(c.dimension)
    ranks = model.ranks.get(dim.scheme, {}) if dim is not None and dim.scheme else model.ranks.get("severity") if c.dimension == "severity" else None
    return np.array([criterion_outcome(c, v, ranks=ranks) is Outcome.PASS for v in axis.values], dtype=bool)


def _box(model: Model, criteria: Sequence[Criterion], axes: list[Axis], index: dict, shape: tuple,
         fixed: dict, area_ancestors: frozenset[str]) -> np.ndarray | None:
    """The cells a conjunction of criteria admits (None when it admits none)."""
    masks = [np.ones(n, dtype=bool) for n in shape]
    for c in criteria:
        if c.kind == "area":
            if criterion_outcome(c, "area", ancestors=area_ancestors) is not Outcome.PASS:
                return None
            continue
        key = (c.dimension, c.domain)
        if key in fixed:
            dim = model.dimensions.get(c.dimension)
            ranks = model.ranks.get(dim.scheme, {}) if dim is not None and dim.scheme else None
            if criterion_outcome(c, fixed[key], ranks=ranks) is not Outcome.PASS:
                return None
            continue
        i = index.get(key)
        if i is None:
            return None  # the dimension is not swept: treat as not admitted (cannot happen for built axes)
        masks[i] &= _mask(model, c, axes[i])
    if not all(m.any() for m in masks):
        return None
    out = np.zeros(shape, dtype=bool)
    out[np.ix_(*masks)] = True
    return out


def entry_coverage(model: Model, e: Entry, axes: list[Axis], on: date, *, area_ancestors: frozenset[str],
                   fixed: dict | None = None) -> np.ndarray:
    """The cells one entry admits: union of rule boxes minus exclusion boxes."""
    fixed = fixed or {}
    shape = tuple(len(a.values) for a in axes)
    index = {a.key: i for i, a in enumerate(axes)}
    rules = [r for r in e.rules if r.in_force(on)]
    if rules:
        admitted = np.zeros(shape, dtype=bool)
        for r in rules:
            box = _box(model, r.criteria_in_force(on), axes, index, shape, fixed, area_ancestors)
            if box is not None:
                admitted |= box
    else:
        admitted = np.ones(shape, dtype=bool)
    for x in e.exclusions:
        if x.in_force(on):
            box = _box(model, x.criteria_in_force(on), axes, index, shape, fixed, area_ancestors)
            if box is not None:
                admitted &= ~box
    return admitted


def _signature(e: Entry, on: date) -> tuple:
    """Entries with the same rules and exclusions (by IRI; dates are fixed for one sweep) admit the same cells."""
    return (tuple(r.iri for r in e.rules), tuple(x.iri for x in e.exclusions))


def sweep_areas(model: Model, types: Sequence[str] = ("district", "unitary")) -> list[str]:
    """The areas people are placed in for a sweep: districts and unitary authorities by default."""
    return sorted(a.iri for a in model.areas.values() if a.type in types)


def domain_entries(model: Model, domain: str, on: date, *, brokers: bool = False,
                   types: Sequence[str] | None = None) -> list[Entry]:
    """Services for a need (brokers only when asked: they carry people across rather than serve the need),
    optionally only those of some service types (to ask, say, who statutory supervision leaves out)."""
    if model.by_domain:  # the compiled index; a hand-built model may not have one
        found = (model.entries[i] for i in set(model.by_domain.get(domain, ())) | (set(model.brokers) if brokers else set()))
    else:
        found = iter(model.entries.values())
    return sorted((e for e in found
                   if e.kind == "service" and e.in_force(on) and ((domain in e.domains and (brokers or not e.broker))
                                                                   or (brokers and e.broker))
                   and (not types or e.types & set(types))), key=lambda e: e.iri)


def sweep(model: Model, domain: str, *, on: date, areas: Sequence[str] | None = None,
          entries: Sequence[Entry] | None = None, fixed: dict | None = None,
          axes: list[Axis] | None = None, keep_entries: bool = True) -> list[Sweep]:
    """Covered cells per area for one need domain (vectorised; see the module docstring).

    ``keep_entries=False`` skips listing the services serving each area (only the
    statements need them), which matters on national data."""
    if entries is None and fixed is None and model.rulesets:
        return _indexed_sweep(model, domain, on=on, areas=areas, axes=axes, keep_entries=keep_entries)
    if entries is None:
        entries = domain_entries(model, domain, on)
    entries = list(entries)
    axes = axes if axes is not None else build_axes(model, entries, domain, on, fixed)
    areas = list(areas) if areas is not None else sweep_areas(model)
    shape = tuple(len(a.values) for a in axes)
    by_node: dict[str, list[Entry]] = {}
    local_rule: dict[str, bool] = model.cache.setdefault("local-rule", {})
    for e in entries:
        if e.iri not in local_rule:
            local_rule[e.iri] = any(c.kind == "area" for r in e.rules for c in r.criteria)
        for a in e.areas or ("",):
            by_node.setdefault(a, []).append(e)
    arrays: dict[tuple, np.ndarray] = {}  # one array per distinct set of rules
    node_cover: dict[str, np.ndarray] = {}  # the union for the entries placed at one area node
    local_at: dict[str, list[Entry]] = {}  # entries whose rules name an area: evaluated per area

    def coverage(e: Entry, area: str, ancestors: frozenset[str]) -> np.ndarray:
        key = (_signature(e, on), area if local_rule[e.iri] else None)
        if key not in arrays:
            arrays[key] = entry_coverage(model, e, axes, on, area_ancestors=ancestors, fixed=fixed)
        return arrays[key]

    def has_area_rule(e: Entry) -> bool:
        return local_rule[e.iri]

    results = []
    for area in areas:
        ancestors = model.areas[area].ancestors if area in model.areas else frozenset({area})
        covered = np.zeros(shape, dtype=bool)
        serving: list[Entry] = []
        for node in sorted(ancestors | {""}):
            placed = by_node.get(node, ())
            if keep_entries:
                serving.extend(placed)
            if node not in node_cover:  # entries at a node admit the same cells wherever the person lives below it
                union = np.zeros(shape, dtype=bool)
                done: set[tuple] = set()
                for e in placed:
                    sig = _signature(e, on)
                    if sig not in done and not has_area_rule(e):
                        done.add(sig)
                        union |= coverage(e, area, ancestors)
                node_cover[node] = union
            covered |= node_cover[node]
            for e in local_at.setdefault(node, [e for e in placed if has_area_rule(e)]):
                covered |= coverage(e, area, ancestors)
        results.append(Sweep(domain, area, axes, covered, serving))
    return results


def _indexed_sweep(model: Model, domain: str, *, on: date, areas, axes, keep_entries: bool) -> list[Sweep]:
    """The sweep over the compiled index of rule sets per area node: one coverage array per distinct rule
    set, one union per node, and no work per service (national data repeats a few rule sets everywhere)."""
    nodes = {a: groups for (d, a), groups in model.rulesets.items() if d == domain}
    live: dict[str, list[tuple[tuple, list[Entry]]]] = {}
    for node, groups in nodes.items():
        kept = []
        for sig, iris in groups.items():
            es = [model.entries[i] for i in iris]
            es = [e for e in es if e.in_force(on)] if any(e.valid_from or e.valid_to or e.status for e in es) else es
            if es:
                kept.append((sig, es))
        live[node] = kept
    if axes is None:
        reps = [es[0] for kept in live.values() for _, es in kept]
        axes = build_axes(model, sorted(reps, key=lambda e: e.iri), domain, on)
    areas = list(areas) if areas is not None else sweep_areas(model)
    shape = tuple(len(a.values) for a in axes)
    arrays: dict[tuple, np.ndarray] = {}
    node_cover: dict[str, np.ndarray] = {}
    results = []
    for area in areas:
        ancestors = model.areas[area].ancestors if area in model.areas else frozenset({area})
        covered = np.zeros(shape, dtype=bool)
        serving: list[Entry] = []
        for node in sorted(ancestors | {""}):
            kept = live.get(node, [])
            if keep_entries:
                serving.extend(e for _, es in kept for e in es)
            local = [(sig, es[0]) for sig, es in kept
                     if any(c.kind == "area" for r in es[0].rules for c in r.criteria)]
            if node not in node_cover:
                union = np.zeros(shape, dtype=bool)
                for sig, es in kept:
                    if (sig, es[0]) in local:
                        continue
                    if sig not in arrays:
                        arrays[sig] = entry_coverage(model, es[0], axes, on, area_ancestors=ancestors)
                    union |= arrays[sig]
                node_cover[node] = union
            covered |= node_cover[node]
            for _sig, e in local:
                covered |= entry_coverage(model, e, axes, on, area_ancestors=ancestors)
        results.append(Sweep(domain, area, axes, covered, sorted(serving, key=lambda e: e.iri)))
    return results


# ---------------------------------------------------------------- readable statements
def merge_cells(mask: np.ndarray) -> list[tuple[tuple[int, ...], ...]]:
    """Cover a boolean array's True cells with boxes (each a tuple of index sets per axis).

    Bands with identical slices are merged, axis by axis, so the boxes read as
    statements ("moderate; active or on a script using on top; any gender").

    >>> m = np.array([[True, True], [False, True]])
    >>> merge_cells(m)
    [((0,), (0, 1)), ((1,), (1,))]
    """
    if not mask.any():
        return []
    if mask.ndim == 0:
        return [()]
    if mask.all():
        return [tuple(tuple(range(n)) for n in mask.shape)]
    groups: dict[bytes, list[int]] = {}
    for i in range(mask.shape[0]):
        groups.setdefault(mask[i].tobytes(), []).append(i)
    out = []
    for rows in sorted(groups.values()):
        sub = mask[rows[0]]
        for rest in merge_cells(sub):
            out.append((tuple(rows),) + rest)
    return out


def _either(axis: Axis, idx: Sequence[int]) -> str:
    """Band labels joined with "or"; a long list of set values reads better as what it leaves out."""
    if len(idx) > len(axis.values) / 2 and len(axis.values) - len(idx) <= 3 and len(idx) > 2:
        left = [axis.labels[i] for i in range(len(axis.values)) if i not in idx]
        return ("not " + " or ".join(left)).replace("-", " ")
    return " or ".join(axis.labels[i] for i in idx).replace("-", " ")


def _describe(axes: list[Axis], box: tuple[tuple[int, ...], ...], domain: str) -> tuple[str, dict]:
    parts, detail = [], {}
    severity = ""
    for axis, idx in zip(axes, box):
        labels = [axis.labels[i] for i in idx]
        detail[axis.name()] = labels
        if len(idx) == len(axis.values):
            continue
        text = _either(axis, idx)
        if axis.key == ("severity", domain):
            severity = text + " "
        else:
            parts.append(f"{axis.name()} {text}")
    head = f"{severity}{domain.replace('-', ' ')} need"
    return (head + ("; " + "; ".join(parts) if parts else "")), detail


def threshold_gaps(model: Model, *, domain: str, on: date, areas: Sequence[str] | None = None,
                   types: Sequence[str] | None = None, blocking_services: int = 4) -> list[Gap]:
    """Readable threshold gaps for one need domain: who no service serving the area admits, and why.

    ``types`` limits the services considered to some service types (probation alone, say)."""
    gaps = []
    entries = domain_entries(model, domain, on, types=types) if types else None
    for s in sweep(model, domain, on=on, areas=areas, entries=entries):
        area_label = model.label(s.area)
        for box in merge_cells(s.uncovered):
            text, detail = _describe(s.axes, box, domain)
            facts = CellFacts({a.key: a.values[idx[0]] for a, idx in zip(s.axes, box)})
            assessor = Assessor(model, facts, on, s.area)
            verdicts = sorted((assessor.assess(e) for e in s.entries), key=lambda v: (v.misses_by(), v.entry.iri))
            blocking = tuple(f"{v.entry.label}: {'; '.join(v.blocking())}" for v in verdicts[:blocking_services] if v.blocking())
            kinds = gap_types(verdicts, needs_at_moderate=0) or ["threshold"]
            main = "threshold" if "threshold" in kinds else kinds[0]
            detail["cell"] = text
            gaps.append(Gap(main, f"{text}, {area_label}: no service", s.area, domain, blocking,
                            tuple(v.entry.iri for v in verdicts[:blocking_services]),
                            tuple(sorted(detail.items())), tuple(k for k in kinds if k != main)))
    return gaps


def severity_ladder(model: Model, *, domain: str, on: date, area: str) -> dict:
    """Which severity bands each service for a need covers in an area, and the bands nobody covers."""
    [s] = sweep(model, domain, on=on, areas=[area])
    sev = s.axes[0]
    other = tuple(range(1, s.covered.ndim))
    rows = []
    ancestors = model.areas[area].ancestors if area in model.areas else frozenset({area})
    for e in s.entries:
        arr = entry_coverage(model, e, s.axes, on, area_ancestors=ancestors)
        bands = np.asarray(arr.any(axis=other)) if other else arr  # an array: axis 0 is kept
        rows.append({"id": e.iri, "label": e.label, "bands": [sev.labels[i] for i, b in enumerate(bands) if b]})
    full = np.asarray(s.covered.all(axis=other)) if other else s.covered
    some = np.asarray(s.covered.any(axis=other)) if other else s.covered
    return {"domain": domain, "area": model.label(area), "services": rows,
            "fully_covered": [sev.labels[i] for i, b in enumerate(full) if b],
            "partly_covered": [sev.labels[i] for i, b in enumerate(some) if b and not full[i]],
            "holes": [sev.labels[i] for i, b in enumerate(some) if not b]}


def naive_uncovered_cells(model: Model, domain: str, *, on: date, area: str, axes: list[Axis],
                          entries: Sequence[Entry]) -> set[tuple[int, ...]]:
    """The obvious loop: every cell, every service, each asked afresh through the navigator's
    evaluator (no cache shared between services). Slow; the reference the tests and benchmark use."""
    ancestors = model.areas[area].ancestors if area in model.areas else frozenset({area})
    serving = [e for e in entries if not e.areas or any(a in ancestors for a in e.areas)]
    out = set()
    for idx in itertools.product(*(range(len(a.values)) for a in axes)):
        facts = CellFacts({a.key: a.values[i] for a, i in zip(axes, idx)})
        if not any(Assessor(model, facts, on, area).assess(e).outcome is Outcome.PASS for e in serving):
            out.add(idx)
    return out


def all_threshold_gaps(model: Model, *, on: date, areas: Sequence[str] | None = None,
                       domains: Sequence[str] | None = None, types: Sequence[str] | None = None) -> list[Gap]:
    """Threshold gaps for every need domain some service addresses (or the ``domains`` given).

    With ``types``, the gaps in those kinds of service themselves (statutory supervision, say), over
    the needs they meet, even where a service of another kind covers the need: each finding names
    the kinds in its statement and its detail (``service_types``).
    """
    if types:
        pool = [e for e in model.services() if not e.broker and e.types & set(types)]
        domains = list(domains) if domains else sorted({d for e in pool for d in e.domains})
    domains = list(domains) if domains else sorted({d for e in model.services() if not e.broker for d in e.domains})
    out: list[Gap] = []
    for d in domains:
        found = threshold_gaps(model, domain=d, on=on, areas=areas, types=types)
        if types:
            kinds = ", ".join(model.label(f"https://w3id.org/linkwork/vocab/service-type/{t}") for t in sorted(types))
            found = [dataclasses.replace(g, statement=f"{kinds}: {g.statement}",
                                         detail=tuple(sorted((*g.detail, ("service_types", sorted(types))))))
                     for g in found]
        out.extend(found)
    return out
