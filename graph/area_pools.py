"""Each area's candidates, laid out once: what a navigator's plan reads instead of sorting,
grouping and measuring thousands of entries per person.

A :class:`Pool` holds the entries serving one area, grouped so that entries
with the same rule set (and the same standing to the area) share one verdict,
the services pre-sorted by label, and each need's services pre-sorted nearest
first (:class:`Shelf`). :func:`prepare` builds every area's pool when the model
is compiled; :func:`pool_for` gives the one for a person's area and day.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from linkwork.graph.model import Entry, Model, Route, rule_set
from linkwork.graph.pathways import Step
from linkwork.graph.places import area_point, distance_km, entry_point

__all__ = ["Card", "Group", "Shelf", "Pool", "prepare", "pool_for", "shelf_of", "point_of", "km", "step_of", "ways_in"]


class Card(NamedTuple):
    """What the list of verdicts shows of a service, in one small record per service and pool
    (made in list order, so a plan reads them from consecutive memory)."""

    iri: str
    label: str
    types: tuple[str, ...]
    broker: bool
    domains: frozenset[str]
    group: int  # the service's group in its pool


@dataclass(frozen=True)
class Group:
    """A pool's entries that share one verdict: the same rule set, the same standing to the area."""

    first: Entry
    iris: tuple[str, ...]
    services: tuple[str, ...]  # of ``iris``
    #: (broker?, need domains, how many) of the group's services as listed, for counting questions
    asked: tuple[tuple[bool, frozenset[str], int], ...]
    #: the ways into its services: steps made once for routes from one origin that are always in
    #: force and ask nothing; the other routes, to check against the day and the person
    steps_in: tuple[Step, ...]
    routes_in: tuple[Route, ...]


@dataclass(frozen=True)
class Shelf:
    """The services of a pool meeting one need, brokers aside, with their groups (see :class:`Pool`)."""

    listed: tuple[Entry, ...]
    #: ``listed`` nearest the pool's area first, then by label: entries, IRIs, groups, distances
    near: tuple[Entry, ...]
    iris: tuple[str, ...]
    groups: tuple[int, ...]
    distances: tuple[float | None, ...]


@dataclass(frozen=True)
class Pool:
    """The entries serving one area (:meth:`Model.entries_for_area`), laid out once so that a
    plan does not sort, group or measure thousands of them.

    Lists keep :meth:`Model.entries_for_area`'s order, where an entry serving
    two enclosing areas appears twice, except ``entries``: each entry once, by IRI.
    """

    area: str | None  # None: every entry in the model
    entries: tuple[Entry, ...]
    groups: tuple[Group, ...]
    by_label: tuple[Card, ...]  # the services, stably sorted by label
    shelves: dict[str, Shelf]
    brokers: tuple[Entry, ...]
    meetings: tuple[Entry, ...]  # of ``entries``
    #: of ``entries``, what can be offered for what the person values: assets, and services supporting a good
    goods: tuple[Entry, ...]
    #: every entry is in force whatever the day
    timeless: bool

    @classmethod
    def of(cls, model: Model, area: str | None, listed: list[Entry], split=None) -> Pool:
        """Lay out ``listed``. Entries serving ``area`` all serve the person living there; with no
        area, entries are also told apart by ``split`` (default: whether they have an area),
        so that each group's entries share one verdict."""
        if split is None and area is None:
            split = _has_area
        services = [e for e in listed if e.kind == "service"]
        entries = tuple(sorted({e.iri: e for e in listed}.values(), key=lambda e: e.iri))
        members: dict[tuple, list[Entry]] = {}
        for e in entries:
            members.setdefault((model.rule_sets.get(e.iri) or rule_set(e), split(e) if split else None), []).append(e)
        group_of = {e.iri: n for n, es in enumerate(members.values()) for e in es}
        asked: list[dict[tuple, int]] = [{} for _ in members]
        for e in services:
            key = (e.broker, interned(model, e.domains))
            counts = asked[group_of[e.iri]]
            counts[key] = counts.get(key, 0) + 1
        groups = tuple(Group(es[0], tuple(e.iri for e in es), tuple(e.iri for e in es if e.kind == "service"),
                             tuple((b, d, n) for (b, d), n in counts.items()), *ways_in(model, es))
                       for es, counts in zip(members.values(), asked))
        by_label = tuple(Card(e.iri, e.label, interned(model, tuple(sorted(e.types))), e.broker,
                              interned(model, e.domains), group_of[e.iri])
                         for e in sorted(services, key=lambda e: e.label))
        by_domain: dict[str, list[Entry]] = {}
        for e in services:
            if not e.broker:
                for d in e.domains:
                    by_domain.setdefault(d, []).append(e)
        here = area_point(model, area)
        shelves = {d: shelf_of(model, here, es, group_of) for d, es in by_domain.items()}
        return cls(area, entries, groups, by_label, shelves,
                   tuple(e for e in services if e.broker), tuple(e for e in entries if e.kind == "meeting"),
                   tuple(e for e in entries if e.kind == "asset" or (e.kind == "service" and e.goods)),
                   all(e.timeless for e in entries))


def ways_in(model: Model, entries: list[Entry]) -> tuple[tuple[Step, ...], tuple[Route, ...]]:
    """The routes into the services among ``entries``: as steps where a route's step is always the same."""
    made: dict[str, Step] = model.cache.setdefault("steps", {})
    steps, routes = [], []
    for e in entries:
        if e.kind != "service":
            continue
        for r in model.routes_in.get(e.iri, ()):
            if r.origin and r.valid_from is None and r.valid_to is None and not r.requirements:
                step = made.get(r.iri)
                if step is None:
                    step = made[r.iri] = step_of(r, r.origin)
                steps.append(step)
            else:
                routes.append(r)
    return tuple(steps), tuple(routes)


def _has_area(e: Entry) -> bool:
    return bool(e.areas)


def interned(model: Model, value):
    """One shared copy of a small value repeated across thousands of entries (a set of types or domains)."""
    return model.cache.setdefault("interned", {}).setdefault(value, value)


def prepare(model: Model) -> None:
    """Lay out every area's pool now rather than on the first plan there.

    :class:`linkwork.core.Core` calls this before freezing the model out of the
    garbage collector's way, so what is built here is frozen with it.
    """
    centroids: dict[tuple[float, float], tuple[float, float]] = {}
    for e in model.entries.values():
        p = point_of(model, e)
        if p is not None:  # one tuple per place, not per entry: most entries sit on an area's centroid
            model.points[e.iri] = centroids.setdefault(p, p)
    for a in model.areas:
        if a not in model.pools:
            model.pools[a] = Pool.of(model, a, model.entries_for_area(a))


def pool_for(model: Model, area: str | None, on: date) -> Pool:
    """The pool serving ``area`` (every entry when it is unknown) on day ``on``."""
    key = area if area in model.areas else None
    pool = model.pools.get(key)
    if pool is None:
        pool = model.pools[key] = Pool.of(model, key, model.entries_for_area(key))
    if pool.timeless:
        return pool
    dated = model.cache.setdefault("dated-pools", {})
    if len(dated) > 1000:
        dated.clear()
    if (key, on) not in dated:
        dated[(key, on)] = Pool.of(model, key, [e for e in model.entries_for_area(key) if e.in_force(on)])
    return dated[(key, on)]


def shelf_of(model: Model, here: tuple[float, float] | None, listed: list[Entry], group_of: dict[str, int]) -> Shelf:
    """A need's services with their distances from ``here``, nearest first then by label."""
    measured: dict = {}
    far = [(km(model, here, e, measured), e) for e in listed]
    far.sort(key=lambda de: (de[0] or 0.0, de[1].label))
    return Shelf(tuple(listed), tuple(e for _, e in far), tuple(e.iri for _, e in far),
                 tuple(group_of[e.iri] for _, e in far), tuple(d for d, _ in far))


def point_of(model: Model, e: Entry) -> tuple[float, float] | None:
    """Where ``e`` is shown to be: a confidential place by its area's centroid. Cached on the model."""
    p = model.points.get(e.iri, _UNSET)
    if p is _UNSET or model.entries.get(e.iri) is not e:
        p = entry_point(model, e, public=True)
        if model.entries.get(e.iri) is e:
            model.points[e.iri] = p
    return p


def km(model: Model, here: tuple[float, float] | None, e: Entry, measured: dict) -> float | None:
    """Kilometres from ``here`` to ``e``, rounded as plans show them; ``measured`` caches per place."""
    p = point_of(model, e)
    if p is None or here is None:
        return None
    d = measured.get(p)
    if d is None:
        d = measured[p] = round(distance_km(here, p), 1)
    return d


_UNSET = object()


def step_of(r: Route, origin: str) -> Step:
    """The step a route makes from ``origin``."""
    needs = tuple(sorted({v for c in r.requirements if c.dimension == "order-requirement" for v in c.values}))
    return Step(origin, r.target, r.iri, r.method, r.waiting_days, r.handover, r.carried_by, tuple(sorted(r.prerequisites)),
                r.coercion, needs)
