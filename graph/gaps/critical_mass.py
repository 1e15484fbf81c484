"""Kinds of group missing where the population is small.

"What works in big cities ... does not work in the sticks": a small town lacks
"enough of a client base" for family, women's, men's or abstaining groups (001 L859).
The kinds of group come from the vocabulary (``vocab/group-kind``: who a group is
for, recognised by meeting types, audiences and fellowships), not a list in code.

Examples
--------
>>> from linkwork.graph.model import Model, Area, GroupKind
>>> m = Model(areas={"urn:t": Area("urn:t", "Carnforth", "town", (), frozenset({"urn:t"}), population=5500, small_town=True)},
...           group_kinds={"women": GroupKind("women", "women's group", frozenset({"women"}), critical_mass_check=True)})
>>> [g.statement for g in critical_mass_gaps(m, on=date(2026, 1, 1))]
["Carnforth (population 5500): no women's group"]
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from linkwork.graph.gaps import Gap
from linkwork.graph.model import Entry, Model

__all__ = ["critical_mass_gaps", "checked_kinds", "kinds_of", "local_meetings"]


def checked_kinds(model: Model) -> list[str]:
    """The kinds of group reported wherever a small town lacks them (``lw:criticalMassCheck``)."""
    return sorted(k for k, g in model.group_kinds.items() if g.critical_mass_check)


def kinds_of(model: Model, e: Entry) -> set[str]:
    """The kinds of group a meeting is."""
    return {k for k, g in model.group_kinds.items() if g.matches(e)}


def local_meetings(model: Model, area: str, on: date) -> list[Entry]:
    """Meetings in force that meet in ``area`` itself."""
    return [e for e in model.entries.values() if e.kind == "meeting" and e.in_force(on)
            and (area in e.areas or (e.location is not None and e.location.area == area))]


def critical_mass_gaps(model: Model, *, on: date, group_kinds: Sequence[str] | None = None) -> list[Gap]:
    """For each small town, the kinds of group (those the vocabulary marks for the check, or
    ``group_kinds``) that do not meet there."""
    kinds = list(group_kinds) if group_kinds is not None else checked_kinds(model)
    gaps = []
    for a in sorted(model.areas.values(), key=lambda a: a.iri):
        if not a.small_town:
            continue
        local = local_meetings(model, a.iri, on)
        for kind in kinds:
            g = model.group_kinds.get(kind)
            if g is None or any(g.matches(e) for e in local):
                continue
            pop = f" (population {a.population})" if a.population else ""
            gaps.append(Gap("critical-mass", f"{a.label}{pop}: no {g.label}", a.iri, None,
                            (f"{len(local)} mutual aid meeting(s) meet here, none of them a {g.label}",),
                            tuple(sorted(e.iri for e in local)), (("group kind", kind), ("population", a.population))))
    return gaps
