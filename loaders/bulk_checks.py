"""The SHACL shapes, run as SPARQL on Oxigraph, for sources too large for pyshacl.

pyshacl walks rdflib graphs in Python and is far too slow for millions of
statements; Oxigraph answers the same questions in native code. This module
reads ``ontology/shapes.ttl`` and compiles the constraints the shapes use on
simple paths (minCount, maxCount, class, datatype, in, pattern, minInclusive,
maxInclusive, also through ``sh:node``) into queries, so the rules live in one
place and the messages are the shapes' own. Constraints outside that subset
(sh:or, sh:xone, SPARQL constraints) are left to pyshacl on smaller sources.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from linkwork.graph.store import solutions
from linkwork.graph.terms import sorted_terms
from linkwork.loaders.values import CHECKED_DATATYPES, xsd_problem
from linkwork.ontology import ontology_files, shapes_graph
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from linkwork.errors import Problem

__all__ = ["check_bulk", "compiled_checks", "literal_problems"]

_RDFS_SUB = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


@dataclass(frozen=True)
class Check:
    target: str
    path: str
    message: str
    query: str  # selects ?s (and ?v where a value is at fault)


def _term(t) -> str:
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        return t.n3()
    raise TypeError(t)


@lru_cache(maxsize=1)
def compiled_checks() -> tuple[Check, ...]:
    """Every simple property constraint of the shapes, as a SPARQL query per constraint."""
    g: Graph = shapes_graph()
    checks: list[Check] = []

    def property_shapes(shape):
        yield from g.objects(shape, SH.property)
        for nested in g.objects(shape, SH.node):
            yield from property_shapes(nested)

    for shape in sorted_terms(set(g.subjects(SH.targetClass, None))):
        for target in sorted_terms(g.objects(shape, SH.targetClass)):
            t = f"<{target}>"
            for ps in property_shapes(shape):
                path = g.value(ps, SH.path)
                if not isinstance(path, URIRef):
                    continue
                p = f"<{path}>"
                msg = str(g.value(ps, SH.message) or f"constraint on {path}")
                sel = f"SELECT DISTINCT ?s ?v WHERE {{ ?s a {t} ."
                mn = g.value(ps, SH.minCount)
                if mn is not None and int(mn) >= 1:
                    checks.append(Check(t, p, msg, f"SELECT DISTINCT ?s WHERE {{ ?s a {t} . FILTER NOT EXISTS {{ ?s {p} ?o }} }}"))
                mx = g.value(ps, SH.maxCount)
                if mx is not None:
                    checks.append(Check(t, p, msg, f"SELECT ?s (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?s a {t} ; {p} ?o }} "
                                                   f"GROUP BY ?s HAVING (COUNT(DISTINCT ?o) > {int(mx)})"))
                cls = g.value(ps, SH["class"])
                if cls is not None:
                    checks.append(Check(t, p, msg, f"{sel} ?s {p} ?v . FILTER NOT EXISTS {{ ?v a/{_RDFS_SUB}* <{cls}> }} }}"))
                dt = g.value(ps, SH.datatype)
                if dt is not None:
                    checks.append(Check(t, p, msg, f"{sel} ?s {p} ?v . FILTER (!isLiteral(?v) || datatype(?v) != <{dt}>) }}"))
                allowed = g.value(ps, SH["in"])
                if allowed is not None:
                    values = ", ".join(_term(v) for v in Collection(g, allowed))
                    checks.append(Check(t, p, msg, f"{sel} ?s {p} ?v . FILTER (?v NOT IN ({values})) }}"))
                pattern = g.value(ps, SH.pattern)
                if pattern is not None:
                    checks.append(Check(t, p, msg, f"{sel} ?s {p} ?v . FILTER (!regex(str(?v), {Literal(str(pattern)).n3()})) }}"))
                lo = g.value(ps, SH.minInclusive)
                if lo is not None:
                    checks.append(Check(t, p, msg, f"{sel} ?s {p} ?v . FILTER (!(?v >= {_term(lo)})) }}"))
                hi = g.value(ps, SH.maxInclusive)
                if hi is not None:
                    checks.append(Check(t, p, msg, f"{sel} ?s {p} ?v . FILTER (!(?v <= {_term(hi)})) }}"))
    return tuple(checks)


@lru_cache(maxsize=1)
def _ontology_bytes() -> list[bytes]:
    return [f.read_bytes() for f in ontology_files()]


def check_bulk(raw: bytes, fmt: ox.RdfFormat | None, name: str, *, limit: int = 200, context: bytes = b"") -> list[Problem]:
    """Located problems in a large serialised source (syntax errors or shape violations), at most ``limit``.

    ``context`` (N-Triples) holds the types and labels of records the source links
    to but does not define, read from the store; it is checked against, not stored.
    """
    store = ox.Store()
    try:
        store.bulk_load(raw, fmt or ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        return [Problem(name, str(exc.lineno) if exc.lineno else None, None, f"syntax error: {exc.msg}")]
    problems = literal_problems(store, raw, name, limit=limit)  # the source's own literals, before anything is added
    if problems:
        return problems
    outside: set = set()
    if context:  # linked-to records are there to be found, not to be checked: their own source was
        store.bulk_load(context, ox.RdfFormat.N_TRIPLES)
        outside = {t.subject for t in ox.parse(context, format=ox.RdfFormat.N_TRIPLES)}
    for data in _ontology_bytes():
        store.bulk_load(data, ox.RdfFormat.TURTLE)
    for check in compiled_checks():
        for row in solutions(store.query(check.query, use_default_graph_as_union=True)):
            s = row["s"]
            if s in outside:
                continue
            # the record's IRI is bound as a value, never pasted into the query text
            label = next(solutions(store.query(f"SELECT ?s ?l WHERE {{ ?s {_LABEL} ?l }} LIMIT 1", use_default_graph_as_union=True,
                                               substitutions={ox.Variable("s"): s})), None) if isinstance(s, ox.NamedNode) else None
            kind = check.target.rsplit("#", 1)[-1].rstrip(">").lower()
            who = f"{kind} '{label['l'].value}' " if label else f"{kind} "
            found = "nothing" if "FILTER NOT EXISTS" in check.query else (
                repr(row["v"].value) if "?v" in check.query else "too many values")
            short = check.path.strip("<>").replace("https://w3id.org/linkwork/ns#", "lw:")
            problems.append(Problem(name, f"<{s.value}>" if isinstance(s, ox.NamedNode) else None, None,
                                    f"{who}({s}): {short}: {check.message}; found {found}"))
            if len(problems) >= limit:
                return problems
    return problems


def literal_problems(store: ox.Store, raw: bytes, name: str, *, limit: int = 200) -> list[Problem]:
    r"""Number, date and yes/no literals their datatype does not fit (``"1e999"^^xsd:double``,
    ``"2026-13-45"^^xsd:date``), read by the same :func:`xsd_problem` as small RDF sources, located by
    the line the literal is first written on (else its record's IRI) and its property.

    Oxigraph reads a number too large for a double as INF, so that is what the message shows.

    >>> raw = (b'<urn:x:a> <urn:x:n> "1" .\n<urn:x:a> <https://w3id.org/linkwork/ns#minimum> '
    ...        b'"eighteen"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    ...        b'<urn:x:b> <https://w3id.org/linkwork/ns#latitude> "1e999"^^<http://www.w3.org/2001/XMLSchema#double> .\n')
    >>> db = ox.Store()
    >>> db.bulk_load(raw, ox.RdfFormat.N_TRIPLES)
    >>> sorted(str(p) for p in literal_problems(db, raw, "big.nt"))
    ["big.nt:2: minimum: 'eighteen' is not a valid xsd:integer", "big.nt:<urn:x:b>: latitude: 'INF' is not a finite number (xsd:double)"]
    """
    # every typed literal is read in Python: 3.3 s on a 20,000-service synthetic directory whose whole load
    # takes 39 s (a SPARQL prefilter of plain numbers and valid dates saved only a fifth of that)
    types = ", ".join(f"<{t}>" for t in sorted(CHECKED_DATATYPES))
    rows = store.query(f"SELECT ?s ?p ?v WHERE {{ ?s ?p ?v FILTER (isLiteral(?v) && datatype(?v) IN ({types})) }}",
                       use_default_graph_as_union=True)
    problems: list[Problem] = []
    for row in solutions(rows):
        v = row["v"]
        reason = xsd_problem(v.value, v.datatype.value)
        if reason is None:
            continue
        at = raw.find(f'"{v.value}"^^'.encode())
        where = str(raw.count(b"\n", 0, at) + 1) if at >= 0 else f"<{row['s'].value}>"
        problems.append(Problem(name, where, row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], reason))
        if len(problems) >= limit:
            break
    return problems
