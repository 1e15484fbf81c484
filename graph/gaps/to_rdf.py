"""Findings as typed ``lw:Gap`` resources in the graph, for maps and the API.

They are stored as their own source, replaced whole on each run, so a map
always shows the latest analysis and never a mix.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from linkwork.graph.gaps import Gap
from linkwork.graph.namespaces import GAP, ID, LW, NEED, SRCK
from linkwork.graph.store import Store
from linkwork.graph.terms import graph_to_ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

__all__ = ["GAPS_SOURCE", "gaps_graph", "write_gaps"]

GAPS_SOURCE = "urn:linkwork:source:gaps"


def gaps_graph(gaps: Iterable[Gap], *, on: date) -> Graph:
    """The findings as RDF: one ``lw:Gap`` each, with type, area, need, statement and what it concerns."""
    g = Graph()
    src = URIRef(GAPS_SOURCE)
    g.add((src, RDF.type, LW.Source))
    g.add((src, RDFS.label, Literal("linkwork gap analysis", lang="en")))
    g.add((src, LW.sourceKind, SRCK["official-dataset"]))
    stamp = Literal(datetime.combine(on, datetime.min.time(), tzinfo=UTC).isoformat(), datatype=XSD.dateTime)
    for gap in gaps:
        node = ID[f"gap/{gap.id}"]
        g.add((node, RDF.type, LW.Gap))
        g.add((node, LW.gapType, GAP[gap.type]))
        for extra in gap.also:
            g.add((node, LW.gapType, GAP[extra]))
        g.add((node, RDFS.comment, Literal(gap.statement, lang="en")))
        g.add((node, LW.computedAt, stamp))
        if gap.area:
            g.add((node, LW.gapArea, URIRef(gap.area)))
        if gap.domain and "+" not in gap.domain:
            g.add((node, LW.needDomain, NEED[gap.domain]))
        for c in gap.concerns:
            g.add((node, LW.concerns, URIRef(c) if ":" in c else Literal(c)))
        for b in gap.blocking:
            g.add((node, LW.notes, Literal(b)))
    return g


def write_gaps(store: Store, gaps: list[Gap], *, on: date) -> int:
    """Replace the stored findings with ``gaps``; returns how many were written."""
    store.replace_source(GAPS_SOURCE, graph_to_ox(gaps_graph(gaps, on=on)))
    store.flush()
    return len(gaps)
