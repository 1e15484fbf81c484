"""Turtle and JSON-LD out: every live source but the ontology, serialised by Oxigraph.

Confidential locations leave as their area and an opaque IRI only
(:func:`linkwork.api.export.data.data_graph`).
"""
from __future__ import annotations

import pyoxigraph as ox
from linkwork.api.export.data import data_graph
from linkwork.graph.namespaces import PREFIXES
from linkwork.graph.terms import graph_to_ox, rdf_bytes

__all__ = ["export_turtle", "export_jsonld"]

def export_turtle(store, **_) -> str:
    prefixes = {k: str(v) for k, v in PREFIXES.items()} | {
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
        "dcterms": "http://purl.org/dc/terms/", "id": "https://w3id.org/linkwork/id/"}
    return rdf_bytes(_sorted(store), ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


def export_jsonld(store, **_) -> str:
    return rdf_bytes(_sorted(store), ox.RdfFormat.JSON_LD).decode("utf-8")


def _sorted(store) -> list:
    """Triples in a stable order, so the same data gives the same file."""
    return sorted(graph_to_ox(data_graph(store)), key=str)
