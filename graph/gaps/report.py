"""All the gap analyses in one call, for the `linkwork gaps` command and (later) the API.

Each kind of gap has its own module; this one only runs them in a fixed order
and returns one sorted list, so the CLI and the app share it.
"""
from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import date

from linkwork.graph.gaps import Gap
from linkwork.graph.model import Model

__all__ = ["GAP_ANALYSES", "all_gaps"]

#: analysis name -> "module:function"; each function takes (model, *, on, areas?) and returns Gaps.
GAP_ANALYSES: dict[str, str] = {
    "threshold": "linkwork.graph.gaps.threshold_gaps:all_threshold_gaps",
    "cumulative-need": "linkwork.graph.gaps.cumulative:cumulative_gaps",
    "coverage": "linkwork.graph.gaps.coverage:coverage_gaps",
    "transition": "linkwork.graph.gaps.transition:transition_gaps",
    "critical-mass": "linkwork.graph.gaps.critical_mass:critical_mass_gaps",
    "funding": "linkwork.graph.gaps.funding:funding_gaps",
    "fragility": "linkwork.graph.gaps.network:network_gaps",
    "mutual-aid": "linkwork.graph.gaps.mutual_aid:mutual_aid_gaps",
}


def all_gaps(model: Model, *, on: date, areas: Sequence[str] | None = None,
             kinds: Sequence[str] | None = None, domains: Sequence[str] | None = None,
             service_types: Sequence[str] | None = None) -> list[Gap]:
    """Every finding of the chosen analyses (all by default), in a stable order; ``service_types``
    makes the threshold sweep one of those kinds of service alone (gaps in supervision itself)."""
    out: list[Gap] = []
    for name, target in GAP_ANALYSES.items():
        if kinds and name not in kinds:
            continue
        module, _, fn = target.partition(":")
        try:
            func = getattr(importlib.import_module(module), fn)
        except ModuleNotFoundError:  # an analysis a plugin registered but did not install
            continue
        kwargs: dict[str, date | Sequence[str]] = {"on": on}
        if areas is not None and name in ("threshold", "cumulative-need"):
            kwargs["areas"] = areas
        if domains and name == "threshold":
            kwargs["domains"] = domains
        if service_types and name == "threshold":
            kwargs["types"] = service_types
        found = func(model, **kwargs)
        if areas is not None and name not in ("threshold", "cumulative-need"):
            found = [g for g in found if g.area is None or g.area in areas
                     or any(a in model.areas.get(g.area).ancestors for a in areas if g.area in model.areas)]
        out.extend(g for g in found if isinstance(g, Gap))
    return out
