"""The data an exporter reads: every live source but the ontology, as one rdflib graph with
confidential places already reduced to their area, and the small lookups every format needs
(labels, codes, confidential places)."""
from __future__ import annotations

import uuid
from datetime import date

from linkwork.graph.namespaces import ID, LW, ONTOLOGY_SOURCE
from linkwork.graph.terms import ox_to_graph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

__all__ = ["data_graph", "label", "code", "hsds_id", "in_force", "confidential", "text"]


def data_graph(store) -> Graph:
    """Every statement of every live source except the ontology, as it may leave the store:
    confidential places already reduced to their area and an opaque IRI
    (:func:`linkwork.graph.confidential.public_graph`), so no exporter can leak one."""
    from linkwork.graph.confidential import public_graph

    triples = (q.triple for e in store.sources() if e.source != ONTOLOGY_SOURCE for q in store.quads(e.source))
    return public_graph(ox_to_graph(triples), store.place_key)


def text(g: Graph, s, p) -> str | None:
    v = g.value(s, p)
    return str(v) if v is not None else None


def label(g: Graph, s) -> str:
    """A record's name, or the last part of its IRI."""
    v = g.value(s, RDFS.label)
    return str(v) if v is not None else str(s).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def code(concept) -> str:
    """A vocabulary concept's code: the last segment of its IRI (``st:community-drug-team``)."""
    return str(concept).rsplit("/", 1)[-1]


def hsds_id(iri) -> str:
    """The record's HSDS id: its own UUID when it came from HSDS, else a UUID derived from its IRI.

    >>> hsds_id("https://w3id.org/linkwork/id/service/ac148810-d857-441c-9679-408f346de14b")
    'ac148810-d857-441c-9679-408f346de14b'
    >>> hsds_id("https://w3id.org/linkwork/demo/lancashire/cdt-preston")
    'f77b52c7-fe82-5614-a6e4-4c7b481e671b'
    """
    tail = str(iri).rsplit("/", 1)[-1]
    if str(iri).startswith(str(ID)):
        try:
            return str(uuid.UUID(tail))
        except ValueError:
            pass
    return str(uuid.uuid5(uuid.NAMESPACE_URL, str(iri)))


def in_force(g: Graph, c, on: date) -> bool:
    """Whether a dated criterion applies on ``on``."""
    start, end = g.value(c, LW.validFrom), g.value(c, LW.validTo)
    return (start is None or start.toPython() <= on) and (end is None or on <= end.toPython())


def confidential(g: Graph, loc) -> bool:
    return g.value(loc, LW.confidential) == Literal(True)



def of_type(g: Graph, cls) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef))
