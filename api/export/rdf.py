"""Turtle and JSON-LD out: every live source but the ontology, serialised by Oxigraph.

Confidential locations keep their area and lose their coordinates and address.
"""
from __future__ import annotations

import pyoxigraph as ox
from linkwork.api.export.data import data_graph
from linkwork.graph.namespaces import LW, PREFIXES
from linkwork.graph.terms import graph_to_ox, rdf_bytes

__all__ = ["export_turtle", "export_jsonld", "public_graph"]

#: What a confidential location may not carry out of the store.
_WITHHELD = (LW.latitude, LW.longitude, LW.address, LW.postcode, LW.town)


def public_graph(store):
    """The data graph with confidential locations reduced to their area."""
    from rdflib import Literal

    g = data_graph(store)
    for loc in list(g.subjects(LW.confidential, Literal(True))):
        for p in _WITHHELD:
            g.remove((loc, p, None))
    return g


def export_turtle(store, **_) -> str:
    prefixes = {k: str(v) for k, v in PREFIXES.items()} | {
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
        "dcterms": "http://purl.org/dc/terms/", "id": "https://w3id.org/linkwork/id/"}
    return rdf_bytes(_sorted(store), ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


def export_jsonld(store, **_) -> str:
    return rdf_bytes(_sorted(store), ox.RdfFormat.JSON_LD).decode("utf-8")


def _sorted(store) -> list:
    """Triples in a stable order, so the same data gives the same file."""
    return sorted(graph_to_ox(public_graph(store)), key=str)
