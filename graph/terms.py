"""Conversions between rdflib and pyoxigraph terms, so loaders can build with
rdflib and the store can write with Oxigraph.

>>> from rdflib import Literal, URIRef
>>> t = to_ox(Literal("18", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))
>>> t.value, t.datatype.value
('18', 'http://www.w3.org/2001/XMLSchema#integer')
>>> to_rdflib(t) == Literal(18)
True
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

__all__ = ["to_ox", "to_rdflib", "graph_to_ox", "ox_to_graph", "sorted_terms", "rdf_bytes"]


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"cannot convert {term!r}")


def graph_to_ox(graph: Graph) -> Iterator[ox.Triple]:
    """Every triple of an rdflib graph as a pyoxigraph triple."""
    for s, p, o in graph:
        yield ox.Triple(to_ox(s), to_ox(p), to_ox(o))


def ox_to_graph(triples: Iterable, graph: Graph | None = None) -> Graph:
    """Collect pyoxigraph triples or quads into an rdflib graph (graph names dropped)."""
    g = Graph() if graph is None else graph
    for t in triples:
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return g


def sorted_terms(nodes: Iterable[Node]) -> list[Identifier]:
    """rdflib terms in rdflib's own order: blank nodes, then IRIs, then literals, each by value.

    Every term an rdflib graph yields is an Identifier; anything else cannot be ordered (TypeError).

    >>> sorted_terms([Literal("b"), URIRef("urn:a"), BNode("x")])
    [rdflib.term.BNode('x'), rdflib.term.URIRef('urn:a'), rdflib.term.Literal('b')]
    """
    terms: list[Identifier] = []
    for n in nodes:
        if not isinstance(n, Identifier):
            raise TypeError(f"cannot order {n!r}")
        terms.append(n)
    return sorted(terms)


def rdf_bytes(triples: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: ox.RdfFormat, **kwargs) -> bytes:
    """Triples or quads serialised in ``fmt`` (``kwargs`` go to :func:`pyoxigraph.serialize`).

    >>> rdf_bytes([ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x"))], ox.RdfFormat.N_TRIPLES)
    b'<urn:a> <urn:p> "x" .\\n'
    """
    out = ox.serialize(triples, format=fmt, **kwargs)
    if out is None:  # only when given an output file, which this never passes
        raise TypeError("pyoxigraph.serialize wrote to a file instead of returning bytes")
    return out
