"""How a confidential place leaves linkwork: as its area and an opaque identifier, nothing else.

A refuge or a recovery house marked ``lw:confidential true`` must never be found
from anything linkwork sends out: no name, address, postcode, coordinates, notes
or comment, and no identifier that embeds one (a workbook's location id such as
``refuge-14-mill-lane`` would). Every exporter, every CLI ``--json`` output and
every HTTP response renders such a place through :func:`public_place` (one
record), :func:`public_graph` (a whole rdflib graph) or :func:`public_quads` (a stream
of Oxigraph quads, for SPARQL and the Neo4j projection), so there is one rule to keep
true rather than one per format.

The opaque identifier is a keyed hash (HMAC-SHA-256) of the place's own IRI under
a random key kept in the store (:attr:`linkwork.graph.store.Store.place_key`,
never exported): stable within one store, so exports and reloads agree, but a
guess at an address cannot be checked against it. Loaders that mint IRIs for
places they know are confidential (the workbook) mint the opaque one directly,
so the store itself never holds an address-bearing IRI for them.

>>> key = b"k" * 32
>>> iri = "https://w3id.org/linkwork/id/location/north/refuge-14-mill-lane"
>>> place = public_place(iri, "https://w3id.org/linkwork/id/area/preston", "Preston", key)
>>> place.name
'Confidential address in Preston'
>>> "mill" in place.id, is_opaque(place.id), str(opaque_iri(place.id, key)) == place.id
(False, True, True)
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from linkwork.graph.namespaces import ID, LW
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

__all__ = ["PublicPlace", "public_place", "public_graph", "public_quads", "confidential_places", "opaque_iri",
           "is_opaque", "OPAQUE_PREFIX", "KEPT"]

#: Every opaque place IRI starts so; nothing after it is derived from the place but through the key.
OPAQUE_PREFIX = str(ID["confidential-place/"])

#: What a confidential place may carry out (besides the label :func:`public_place` gives it): its kind,
#: the flag itself, its area, and the provenance every record has. Anything else a source said is withheld.
KEPT = frozenset({RDF.type, LW.confidential, LW.withinArea, DCTERMS.source, LW.lastVerified})


@dataclass(frozen=True)
class PublicPlace:
    """A confidential place as anyone outside the store may see it."""

    id: str
    area: str | None
    area_name: str | None
    name: str

    def as_dict(self) -> dict:
        return {"id": self.id, "confidential": True, "area": self.area, "area_name": self.area_name, "name": self.name}


def is_opaque(iri: object) -> bool:
    """Whether ``iri`` is already an opaque place identifier."""
    return str(iri).startswith(OPAQUE_PREFIX)


def opaque_iri(iri: object, key: bytes) -> URIRef:
    """The opaque identifier of the confidential place ``iri``: the same for the same place and key."""
    if is_opaque(iri):
        return URIRef(str(iri))
    digest = hmac.new(key, str(iri).encode("utf-8"), hashlib.sha256).hexdigest()[:32]
    return URIRef(OPAQUE_PREFIX + digest)


def public_place(iri: object, area: object | None, area_name: str | None, key: bytes) -> PublicPlace:
    """The one rendering of a confidential place: its opaque id, its area and a name that says only that.

    ``area`` is the area's IRI (or None) and ``area_name`` its label; the place's own name,
    address and coordinates are not asked for, so they cannot slip into the result.
    """
    name = f"Confidential address in {area_name}" if area_name else "Confidential address"
    return PublicPlace(str(opaque_iri(iri, key)), str(area) if area is not None else None, area_name, name)


def public_graph(g: Graph, key: bytes) -> Graph:
    """``g`` with every confidential place reduced to what :data:`KEPT` allows plus the label of
    :func:`public_place`, and renamed to its opaque IRI wherever it is mentioned. Changes ``g``.

    >>> from rdflib import Namespace
    >>> EX = Namespace("https://example.org/")
    >>> g = Graph()
    >>> _ = g.add((EX.refuge, LW.confidential, Literal(True))).add((EX.refuge, LW.address, Literal("14 Mill Lane")))
    >>> _ = g.add((EX.refuge, LW.withinArea, EX.preston)).add((EX.preston, RDFS.label, Literal("Preston")))
    >>> _ = g.add((EX.refuge_service, LW.location, EX.refuge))
    >>> out = public_graph(g, b"k" * 32).serialize(format="nt")
    >>> "Mill Lane" in out, "refuge>" in out, "Confidential address in Preston" in out
    (False, False, True)
    """
    for loc in sorted(set(g.subjects(LW.confidential, Literal(True))), key=str):
        area = g.value(loc, LW.withinArea)
        area_name = g.value(area, RDFS.label) if area is not None else None
        place = public_place(loc, area, str(area_name) if area_name is not None else None, key)
        new = URIRef(place.id)
        kept = [(p, o) for p, o in g.predicate_objects(loc) if p in KEPT]
        mentions = [(s, p) for s, p in g.subject_predicates(loc)]
        g.remove((loc, None, None))
        g.remove((None, None, loc))
        for p, o in kept:
            g.add((new, p, o))
        g.add((new, RDFS.label, Literal(place.name, lang="en")))
        for s, p in mentions:
            g.add((s if s != loc else new, p, new))
    return g


_KEPT_IRIS = frozenset(str(p) for p in KEPT)


def confidential_places(store) -> dict[ox.NamedNode | ox.BlankNode, ox.NamedNode]:
    """Every place any live source of ``store`` marks confidential, with its opaque IRI (for :func:`public_quads`)."""
    rows = store.query(f"SELECT DISTINCT ?s WHERE {{ ?s <{LW.confidential}> true }}")
    return {r["s"]: ox.NamedNode(str(opaque_iri(r["s"].value, store.place_key))) for r in rows
            if isinstance(r["s"], ox.NamedNode | ox.BlankNode)}


def public_quads(quads: Iterable[ox.Quad], places: Mapping[ox.NamedNode | ox.BlankNode, ox.NamedNode]) -> Iterator[ox.Quad]:
    """``quads`` with each place in ``places`` (see :func:`confidential_places`) cut to what :data:`KEPT`
    allows and renamed to its opaque IRI wherever it is mentioned. The label :func:`public_place` gives is
    not added: a consumer that names places (the Neo4j projection) names them by their area.

    >>> place, svc = ox.NamedNode("https://example.org/refuge-14-mill-lane"), ox.NamedNode("https://example.org/s")
    >>> quads = [ox.Quad(place, ox.NamedNode(str(LW.address)), ox.Literal("14 Mill Lane")),
    ...          ox.Quad(place, ox.NamedNode(str(LW.confidential)), ox.Literal(True)),
    ...          ox.Quad(svc, ox.NamedNode(str(LW.location)), place)]
    >>> out = list(public_quads(quads, {place: ox.NamedNode(OPAQUE_PREFIX + "x")}))
    >>> [(q.subject.value.rsplit("/", 1)[-1], q.predicate.value.rsplit("#", 1)[-1], str(q.object)) for q in out]
    [('x', 'confidential', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'), ('s', 'location', '<https://w3id.org/linkwork/id/confidential-place/x>')]
    """
    for q in quads:
        s, o = q.subject, q.object
        if s in places:
            if q.predicate.value not in _KEPT_IRIS:
                continue
            s = places[s]  # type: ignore[index]
        if o in places:
            o = places[o]  # type: ignore[index]
        yield ox.Quad(s, q.predicate, o, q.graph_name)
