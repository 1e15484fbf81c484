"""Group types missing where the population is small.

"What works in big cities ... does not work in the sticks": a small town lacks
"enough of a client base" for women's, family or abstinent groups (001 L859).

Examples
--------
>>> from linkwork.graph.model import Model, Area
>>> m = Model(areas={"urn:t": Area("urn:t", "Carnforth", "town", (), frozenset({"urn:t"}), population=5500, small_town=True)})
>>> [g.statement for g in critical_mass_gaps(m, on=date(2026, 1, 1))]
["Carnforth (population 5500): no women's group", 'Carnforth (population 5500): no family group']
"""
from __future__ import annotations

from datetime import date

from linkwork.graph.gaps import Gap
from linkwork.graph.model import Entry, Model

__all__ = ["critical_mass_gaps", "GROUP_TYPES"]


def _women(e: Entry) -> bool:
    return "women" in e.meeting_types or "women-only" in e.audiences


def _family(e: Entry) -> bool:
    return "family" in e.audiences or e.fellowship in ("al-anon", "families-anonymous")


#: group type -> how to recognise a meeting of that type
GROUP_TYPES = {"women's": _women, "family": _family}


def critical_mass_gaps(model: Model, *, on: date, group_types: tuple[str, ...] = ("women's", "family")) -> list[Gap]:
    """For each small town, the kinds of group that do not meet there."""
    gaps = []
    for a in sorted(model.areas.values(), key=lambda a: a.iri):
        if not a.small_town:
            continue
        local = [e for e in model.entries.values() if e.kind == "meeting" and e.in_force(on)
                 and (a.iri in e.areas or (e.location is not None and e.location.area == a.iri))]
        for kind in group_types:
            if not any(GROUP_TYPES[kind](e) for e in local):
                pop = f" (population {a.population})" if a.population else ""
                gaps.append(Gap("critical-mass", f"{a.label}{pop}: no {kind} group", a.iri, None,
                                (f"{len(local)} mutual aid meeting(s) meet here, none of them a {kind} group",),
                                tuple(sorted(e.iri for e in local)), (("group type", kind), ("population", a.population))))
    return gaps
