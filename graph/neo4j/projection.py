"""The readable graph: labels, relationship types and properties that analysts know.

Beside the lossless records (:mod:`.records`), every resource of the dataset becomes one node
labelled by its class (``Service``, ``Area``, ``Route``...; one label per node, since ArcadeDB
allows no more) with its IRI in ``iri`` and its literal values as properties named by the
predicate (``waitingDays``, ``validFrom``...); each statement between resources becomes a
relationship named by the predicate (``PROVIDED_BY``, ``SERVES_AREA``, ``WITHIN``...). A
referral route is both a ``Route`` node (it carries too much for one relationship) and a
``REFERS_TO`` relationship from its origin to its target with the route's method, coercion,
handover, waiting days and requirements, for path queries.

A confidential location keeps only its area: no coordinates, address, postcode, town or name.
The ontology itself (classes, properties, shapes) is left out; its SKOS lists are kept.

>>> import pyoxigraph as ox
>>> lw = "https://w3id.org/linkwork/ns#"
>>> T = lambda s, p, o: ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o)
>>> p = project([T("urn:a", RDF_TYPE, ox.NamedNode(lw + "Service")),
...              T("urn:a", lw + "serviceType", ox.NamedNode("urn:t")),
...              T("urn:a", lw + "waitingDays", ox.Literal("5", datatype=ox.NamedNode(XSD + "integer")))])
>>> p.nodes["Service"][0]["props"]
{'iri': 'urn:a', 'types': ['Service'], 'waitingDays': 5}
>>> sorted(p.relationships)
[('SERVICE_TYPE', 'Service', 'Resource')]
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from linkwork.graph.namespaces import LW

__all__ = ["Projection", "project", "label_of", "relationship_type", "schema_for", "RDF_TYPE", "XSD"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
_LW = str(LW)
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

#: Classes whose instances become nodes, and the label each gets; earlier entries win when a
#: resource has several types (a node has one label).
LABELS: tuple[tuple[str, str], ...] = (
    (_LW + "Service", "Service"), (_LW + "Meeting", "Meeting"), (_LW + "CommunityAsset", "Asset"),
    (_LW + "Commissioner", "Organisation"), (_LW + "Organisation", "Organisation"),
    (_LW + "MutualAidGroup", "MutualAidGroup"), (_LW + "ReferralRoute", "Route"), (_LW + "Location", "Location"),
    (_LW + "Area", "Area"), (_LW + "EligibilityRule", "Rule"), (_LW + "RangeCriterion", "Criterion"),
    (_LW + "SetCriterion", "Criterion"), (_LW + "AreaCriterion", "Criterion"), (_LW + "RequirementCriterion", "Criterion"),
    (_LW + "Exclusion", "Exclusion"), (_LW + "Touchpoint", "Touchpoint"), (_LW + "FundingStream", "Funding"),
    (_LW + "OpeningHours", "Hours"), (_LW + "Gap", "Gap"), (_LW + "Source", "Source"), (_LW + "Dimension", "Dimension"),
    (_LW + "EntryPoint", "EntryPoint"), (_SKOS + "Concept", "Concept"), (_SKOS + "ConceptScheme", "Scheme"),
)
_LABEL_OF = dict(LABELS)
_RANK = {c: i for i, (c, _) in enumerate(LABELS)}
#: Every label the projection can write (``Resource``: anything else a statement points to).
ALL_LABELS = tuple(dict.fromkeys([lab for _, lab in LABELS] + ["Resource"]))
#: Resources of these types are the ontology itself, not data: left out.
_OMITTED = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/ns/shacl#")

#: Predicates whose relationship type reads better under another name.
RENAMED = {_LW + "partOf": "WITHIN", _LW + "withinArea": "WITHIN", _LW + "eligibility": "HAS_RULE",
           _LW + "criterion": "HAS_CRITERION", _LW + "exclusion": "HAS_EXCLUSION", _LW + "location": "AT",
           _LW + "hours": "HAS_HOURS", _LW + "requirement": "REQUIRES", _SKOS + "inScheme": "IN_SCHEME",
           "http://purl.org/dc/terms/source": "CITES"}
#: What a confidential location may not show: only its area (the WITHIN relationship) remains.
WITHHELD = {_LW + n for n in ("latitude", "longitude", "address", "postcode", "town")} | {
    _RDFS_LABEL, "http://www.w3.org/2000/01/rdf-schema#comment"}
_ROUTE_PROPS = {"method", "coercion", "handover", "waitingDays", "carriedBy", "validFrom", "validTo", "prerequisite"}


@dataclass
class Projection:
    """Rows to write: nodes by label, relationships by (type, start label, end label)."""

    nodes: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    relationships: dict[tuple[str, str, str], list[dict]] = field(default_factory=lambda: defaultdict(list))

    def counts(self) -> tuple[int, int]:
        return sum(map(len, self.nodes.values())), sum(map(len, self.relationships.values()))


def local_name(iri: str) -> str:
    """``https://w3id.org/linkwork/ns#waitingDays`` -> ``waitingDays``."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def relationship_type(predicate: str) -> str:
    """The relationship type for a predicate: ``lw:providedBy`` -> ``PROVIDED_BY``.

    >>> relationship_type("https://w3id.org/linkwork/ns#areaServed"), relationship_type("https://w3id.org/linkwork/ns#partOf")
    ('AREA_SERVED', 'WITHIN')
    """
    if predicate in RENAMED:
        return RENAMED[predicate]
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", local_name(predicate))
    return re.sub(r"[^A-Za-z0-9_]", "_", name).upper() or "RELATED"


def label_of(types: Iterable[str]) -> str | None:
    """The one label for a resource of these classes; ``None`` for the ontology's own terms."""
    known = sorted((t for t in types if t in _LABEL_OF), key=_RANK.__getitem__)
    if known:
        return _LABEL_OF[known[0]]
    if any(t.startswith(_OMITTED) for t in types):
        return None
    return "Resource"


def _value(lit: ox.Literal) -> Any:
    dt = lit.datatype.value if lit.datatype else ""
    try:
        if dt in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger", XSD + "positiveInteger"):
            return int(lit.value)
        if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
            return float(lit.value)
        if dt == XSD + "boolean":
            return lit.value in ("true", "1")
    except ValueError:
        pass
    return lit.value  # dates and times as ISO strings, which compare in order (see docs/neo4j.md)


def project(quads: Iterable[ox.Quad | ox.Triple], *, area_label=None) -> Projection:
    """The readable graph of a dataset. ``area_label(area_iri)`` names a confidential place's area."""
    types: dict[str, set[str]] = defaultdict(set)
    literals: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    links: list[tuple[str, str, str]] = []
    for q in quads:
        s, p, o = _key(q.subject), q.predicate.value, q.object  # o: a term; link ends are keys
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            types[s].add(o.value)
        elif isinstance(o, ox.Literal):
            literals[s][p].append(o)
        else:
            links.append((s, p, _key(o)))
    labels: dict[str, str] = {}
    for s in set(types) | set(literals) | {a for a, _, _ in links}:
        lab = label_of(types.get(s, ()))
        if lab is not None:
            labels[s] = lab
    for _, _, obj in links:
        if obj not in labels and not types.get(obj):
            labels[obj] = "Resource"
    confidential = {s for s, ps in literals.items() if any(
        lit.value in ("true", "1") for lit in ps.get(_LW + "confidential", ()))}
    out = Projection()
    names = {s: min(lit.value for lit in ps.get(_RDFS_LABEL, []) or ps.get(_SKOS + "prefLabel", []))
             for s, ps in literals.items() if ps.get(_RDFS_LABEL) or ps.get(_SKOS + "prefLabel")}
    areas_of = defaultdict(list)
    for s, p, obj in links:
        if p == _LW + "withinArea":
            areas_of[s].append(obj)
    for s, lab in sorted(labels.items()):
        props: dict[str, Any] = {"iri": s}
        if types.get(s):
            props["types"] = sorted(local_name(t) for t in types[s])
        hidden = s in confidential
        for p, lits in sorted(literals.get(s, {}).items()):
            if hidden and p in WITHHELD:
                continue
            values = sorted({_value(lit) for lit in lits}, key=lambda v: (str(type(v)), v))
            if len({type(v) for v in values}) > 1:
                values = sorted({lit.value for lit in lits})
            props[_prop_name(p)] = values[0] if len(values) == 1 else values
        if hidden:
            area = min(areas_of.get(s, []), default=None)
            props["name"] = confidential_place(s, area, area_label(area) if area and area_label else None)
        elif s in names:
            props["name"] = names[s]
        out.nodes[lab].append({"iri": s, "props": props})
    route_rows = _refers_to(labels, literals, links)
    for s, p, obj in links:
        if s in labels and obj in labels:
            out.relationships[(relationship_type(p), labels[s], labels[obj])].append({"a": s, "b": obj, "props": {}})
    for row, a_label, b_label in route_rows:
        out.relationships[("REFERS_TO", a_label, b_label)].append(row)
    return out


def confidential_place(iri: str, area: str | None, area_name: str | None) -> str:
    """What a confidential place is called in the projection: what :func:`~linkwork.graph.confidential.public_place`
    calls it everywhere else (its area, never its own name). ``iri`` is already opaque (see :func:`project`).

    >>> confidential_place("https://w3id.org/linkwork/id/confidential-place/0f3a", "urn:preston", "Preston")
    'Confidential address in Preston'
    """
    from linkwork.graph.confidential import public_place

    return public_place(iri, area, area_name, key=b"").name  # the key only makes an IRI opaque; this one is


def _refers_to(labels, literals, links) -> list[tuple[dict, str, str]]:
    """One REFERS_TO relationship per route with a concrete origin, carrying the route's terms."""
    ends: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in links:
        if labels.get(s) == "Route":
            ends[s][local_name(p)].append(o)
    rows = []
    for route, e in sorted(ends.items()):
        for a in sorted(e.get("from", [])):
            for b in sorted(e.get("to", [])):
                if a not in labels or b not in labels:
                    continue
                props: dict[str, Any] = {"route": route}
                for k in ("method", "coercion", "handover"):
                    if e.get(k):
                        props[k] = local_name(min(e[k]))
                if e.get("requirement"):
                    props["requirements"] = sorted(e["requirement"])
                if e.get("prerequisite"):
                    props["prerequisites"] = sorted(local_name(x) for x in e["prerequisite"])
                for p, lits in literals.get(route, {}).items():
                    if local_name(p) in _ROUTE_PROPS:
                        props[local_name(p)] = _value(min(lits, key=lambda lit: lit.value))
                rows.append(({"a": a, "b": b, "props": props}, labels[a], labels[b]))
    return rows


def _prop_name(predicate: str) -> str:
    name = local_name(predicate)
    return re.sub(r"[^A-Za-z0-9_]", "_", name) or "value"


def _key(term) -> str:
    """A node's key: its IRI, or ``_:label`` for a blank node."""
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def schema_for(labels: Iterable[str]) -> list[str]:
    """Uniqueness constraints on ``iri`` for each projected label (named; created if missing)."""
    return [f"CREATE CONSTRAINT lw_{lab.lower()}_iri IF NOT EXISTS FOR (n:{lab}) REQUIRE n.iri IS UNIQUE" for lab in labels]
