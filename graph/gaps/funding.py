"""What a funding stream's end would uncover.

"If the police and crime commissioner wanted to stop the criminal justice
element of that service and pull the funding then it's gone" (001 L983); the
public health ring-fence ran to 2015 (001 L911).

Examples
--------
>>> from linkwork.graph.model import Model, Entry, FundingStream
>>> m = Model(entries={"urn:iom": Entry("urn:iom", "service", "IOM", funding=frozenset({"urn:pcc"}))},
...           funding={"urn:pcc": FundingStream("urn:pcc", "PCC criminal-justice element", "urn:pcc-office", False)})
>>> [g.statement for g in funding_gaps(m, on=date(2026, 1, 1))]
['If PCC criminal-justice element ended, 1 service would lose all its funding: IOM']
"""
from __future__ import annotations

from datetime import date

from linkwork.graph.gaps import Gap
from linkwork.graph.model import Model

__all__ = ["funding_gaps"]


def funding_gaps(model: Model, *, on: date) -> list[Gap]:
    """Per funding stream, the services funded by it alone, which would close if it ended."""
    gaps = []
    for f in sorted(model.funding.values(), key=lambda f: f.iri):
        only = sorted((e for e in model.entries.values() if e.in_force(on) and e.funding == frozenset({f.iri})),
                      key=lambda e: e.label)
        shared = sorted(e.label for e in model.entries.values() if f.iri in e.funding and len(e.funding) > 1)
        if not only:
            continue
        ends = f" (ring-fenced until {f.valid_to.isoformat()})" if f.ring_fenced and f.valid_to else ""
        n = len(only)
        gaps.append(Gap("funding", f"If {f.label} ended{ends}, {n} service{'s' if n != 1 else ''} would lose all "
                        f"{'their' if n != 1 else 'its'} funding: {', '.join(e.label for e in only)}", None, None,
                        tuple(f"also part-funded: {s}" for s in shared),
                        (f.iri, *(e.iri for e in only)), (("funder", model.label(f.funder)),)))
    return gaps
