"""Gap analysis for commissioners: one module per kind of gap, each a plain
function over the compiled :class:`~linkwork.graph.model.Model` returning
:class:`Gap` records.

- :mod:`.threshold_gaps`: population cells no service admits (threshold, exclusion, status, documents)
- :mod:`.cumulative`: two or more moderate needs that no service and no broker accepts
- :mod:`.coverage`: touchpoints without a needed kind of service
- :mod:`.transition`: time-limited services with no onward route
- :mod:`.critical_mass`: group types missing where the population is small
- :mod:`.funding`: what a funding stream's end would uncover
- :mod:`.network`: unreachable services, single gateways, bottlenecks
- :mod:`.whatif`: change a threshold, remove a service or add a route, and compare
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

__all__ = ["Gap"]


@dataclass(frozen=True)
class Gap:
    """One finding: people or places that no service reaches, typed by the gap-type scheme."""

    type: str  # a key of the gap-type scheme: threshold, cumulative-need, coverage...
    statement: str  # readable, e.g. "women 18 to 25 with moderate mental health needs, Burnley: no service"
    area: str | None = None  # area IRI
    domain: str | None = None  # need domain key
    #: Plain words of the criteria and exclusions that shut the nearby services, with their sources.
    blocking: tuple[str, ...] = ()
    #: IRIs of the services, touchpoints or funding streams the gap is about.
    concerns: tuple[str, ...] = ()
    #: Extra structured detail (the cell's dimension values, counts) as sorted key/value pairs.
    detail: tuple[tuple[str, object], ...] = field(default=())
    also: tuple[str, ...] = ()  # further gap types that apply to the same finding

    @property
    def id(self) -> str:
        """A stable identifier, so the same finding gets the same IRI when written to the graph."""
        key = "|".join([self.type, self.area or "", self.domain or "", self.statement])
        return hashlib.sha1(key.encode()).hexdigest()[:16]

    def as_dict(self) -> dict:
        return {"id": self.id, "type": self.type, "also": list(self.also), "statement": self.statement,
                "area": self.area, "domain": self.domain, "blocking": list(self.blocking),
                "concerns": list(self.concerns), "detail": dict(self.detail)}
