"""What a funding stream's end would uncover, and what an ended one already has, as dated.

"If the police and crime commissioner wanted to stop the criminal justice
element of that service and pull the funding then it's gone" (001 L983); the
public health ring-fence ran to 2015 (001 L911). Streams carry validity dates,
so a report dated after a stream or its ring-fence ended says it has ended.

Examples
--------
>>> from linkwork.graph.model import Model, Entry, FundingStream
>>> m = Model(entries={"urn:iom": Entry("urn:iom", "service", "IOM", funding=frozenset({"urn:pcc"}))},
...           funding={"urn:pcc": FundingStream("urn:pcc", "PCC criminal-justice element", "urn:pcc-office", False)})
>>> [g.statement for g in funding_gaps(m, on=date(2026, 1, 1))]
['If PCC criminal-justice element ended, 1 service would lose all its funding: IOM']
>>> m.funding["urn:pcc"] = FundingStream("urn:pcc", "PCC element", None, True, None, date(2015, 3, 31))
>>> [g.statement for g in funding_gaps(m, on=date(2016, 1, 1))]
['The ring-fence on PCC element ended on 2015-03-31: 1 service funded by it alone is no longer protected: IOM']
"""
from __future__ import annotations

from datetime import date

from linkwork.graph.gaps import Gap
from linkwork.graph.model import FundingStream, Model

__all__ = ["funding_gaps", "funding_state"]


def funding_state(f: FundingStream, on: date) -> str:
    """``not-started``, ``in-force``, ``ended`` (a stream past its end) or ``unprotected`` (a ring-fence
    past its end: the money may go on, no longer protected), as dated on ``on``."""
    if f.valid_from is not None and on < f.valid_from:
        return "not-started"
    if f.valid_to is not None and on > f.valid_to:
        return "unprotected" if f.ring_fenced else "ended"
    return "in-force"


def funding_gaps(model: Model, *, on: date) -> list[Gap]:
    """Per funding stream in force on ``on``, the services funded by it alone, which would close if it
    ended; per stream or ring-fence already ended by ``on``, the services it leaves without (protected)
    funding."""
    gaps = []
    for f in sorted(model.funding.values(), key=lambda f: f.iri):
        state = funding_state(f, on)
        if state == "not-started":
            continue
        only = sorted((e for e in model.entries.values() if e.in_force(on) and e.funding == frozenset({f.iri})),
                      key=lambda e: e.label)
        shared = sorted(e.label for e in model.entries.values() if f.iri in e.funding and len(e.funding) > 1)
        if not only and state == "in-force":
            continue
        n = len(only)
        names = ", ".join(e.label for e in only)
        services = f"{n} service{'s' if n != 1 else ''}"
        if state == "in-force":
            ends = f" (ring-fenced until {f.valid_to.isoformat()})" if f.ring_fenced and f.valid_to else ""
            statement = (f"If {f.label} ended{ends}, {services} would lose all "
                         f"{'their' if n != 1 else 'its'} funding: {names}")
        elif state == "unprotected":
            statement = (f"The ring-fence on {f.label} ended on {f.valid_to.isoformat()}: {services} funded by it alone "
                         f"{'are' if n != 1 else 'is'} no longer protected" + (f": {names}" if only else ""))
        else:
            statement = (f"{f.label} ended on {f.valid_to.isoformat()}: {services} funded by it alone "
                         f"{'have' if n != 1 else 'has'} no funding in the data" + (f": {names}" if only else ""))
        gaps.append(Gap("funding", statement, None, None,
                        tuple(f"also part-funded: {s}" for s in shared),
                        (f.iri, *(e.iri for e in only)),
                        (("funder", model.label(f.funder)), ("state", state),
                         ("valid_from", f.valid_from.isoformat() if f.valid_from else None),
                         ("valid_to", f.valid_to.isoformat() if f.valid_to else None))))
    return gaps
