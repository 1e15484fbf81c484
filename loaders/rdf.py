"""RDF in its standard serialisations: Turtle, N-Triples, TriG and JSON-LD.

Parsed by Oxigraph, whose syntax errors carry line and column. Small sources
become an rdflib graph for SHACL; large N-Triples/N-Quads files keep their
bytes for the store's bulk path (DESIGN.md section 5).
"""
from __future__ import annotations

from bisect import bisect_right
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
from linkwork.graph.terms import ox_to_graph
from linkwork.loaders.base import Loader, Parsed, SourceInfo, read_utf8
from linkwork.loaders.values import xsd_problem

__all__ = ["TurtleLoader", "NTriplesLoader", "TriGLoader", "JsonLdLoader", "BULK_BYTES"]

#: N-Triples larger than this go through the bulk path: pyshacl needs ~30 s for 60k statements,
#: the shapes compiled to SPARQL (loaders/bulk_checks.py) well under a second.
BULK_BYTES = 4 * 1024 * 1024


class _OxigraphLoader(Loader):
    rdf_format: ClassVar[ox.RdfFormat]
    bulk_capable: ClassVar[bool] = False

    def parse(self, path: Path, source: SourceInfo, context=None) -> Parsed:
        parsed = Parsed()
        name = Path(path).name
        read = read_utf8(path, parsed)
        if read is None:
            return parsed
        data = read[0]
        fmt = self.format_for(Path(path))
        if self.bulk_capable and len(data) > BULK_BYTES:
            # parsed (and syntax-checked) once, by Oxigraph, in loaders/bulk_checks.py
            parsed.raw, parsed.raw_format = data, fmt
            parsed.count = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
            return parsed
        try:
            triples = list(ox.parse(data, format=fmt, base_iri=Path(path).resolve().as_uri()))
        except SyntaxError as exc:
            parsed.error(name, str(exc.lineno) if exc.lineno else "line 1", None, f"syntax error: {exc.msg}")
            return parsed
        triples = _records(parsed, triples, read[1] if fmt != ox.RdfFormat.JSON_LD else None,
                           context.skip if context is not None else frozenset())
        _check_literals(parsed, name, triples, read[1])
        if parsed.errors:
            return parsed
        ox_to_graph(triples, parsed.graph)
        # lines to locate the shapes' findings by (JSON-LD has none: its records are located by IRI)
        parsed.text = read[1] if fmt != ox.RdfFormat.JSON_LD else None
        return parsed

    def format_for(self, path: Path) -> ox.RdfFormat:
        return self.rdf_format

    def record_of(self, parsed: Parsed, where: str | None) -> str | None:
        """A record of an RDF source is a subject (with the blank nodes it holds): a problem at a line
        belongs to the subject whose statements that line is in."""
        if where and where.isdigit() and parsed.records:
            lines = sorted(int(k) for k in parsed.records if k.isdigit())
            at = bisect_right(lines, int(where))
            return str(lines[at - 1]) if at else None
        return parsed.record_of(where)


def _records(parsed: Parsed, triples: list, text: str | None, skip: frozenset[str]) -> list:
    """Note each subject as a record (by the line its statements start on, else ``<iri>``) and leave out
    those ``--skip-invalid`` refused, with the blank nodes only they hold."""
    from linkwork.ontology.validation import subject_lines

    lines = subject_lines(text) if text else {}
    key = {}
    for t in triples:
        s = t.subject
        if isinstance(s, ox.NamedNode) and s.value not in key:
            key[s.value] = str(lines[s.value]) if s.value in lines else f"<{s.value}>"
            parsed.records[key[s.value]] = None
            parsed.places.setdefault(s.value, key[s.value])
    dropped = {ox.NamedNode(iri) for iri, k in key.items() if k in skip}
    if not dropped:
        return triples
    held: dict = {}
    for t in triples:
        if isinstance(t.object, ox.BlankNode):
            held.setdefault(t.subject, []).append(t.object)
    todo = list(dropped)
    while todo:
        for b in held.get(todo.pop(), []):
            if b not in dropped:
                dropped.add(b)
                todo.append(b)
    return [t for t in triples if t.subject not in dropped]


def _check_literals(parsed: Parsed, name: str, triples: list, text: str) -> None:
    """Refuse number, date and yes/no literals their datatype does not fit, by line (where the literal
    is first written) and property."""
    for t in triples:
        o = t.object
        if not isinstance(o, ox.Literal) or o.language:
            continue
        reason = xsd_problem(o.value, o.datatype.value)
        if reason:
            at = text.find(f'"{o.value}"')
            at = at if at >= 0 else text.find(o.value)
            where = str(text.count("\n", 0, at) + 1) if at >= 0 else str(t.subject)
            parsed.error(name, where, t.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], reason)


class TurtleLoader(_OxigraphLoader):
    """Turtle (.ttl), the ontology's own format."""

    suffixes = (".ttl", ".turtle")
    rdf_format = ox.RdfFormat.TURTLE


class NTriplesLoader(_OxigraphLoader):
    """N-Triples (.nt) and N-Quads (.nq): the bulk format."""

    suffixes = (".nt", ".ntriples", ".nq")
    rdf_format = ox.RdfFormat.N_TRIPLES
    bulk_capable = True

    def format_for(self, path: Path) -> ox.RdfFormat:
        return ox.RdfFormat.N_QUADS if path.suffix.lower() == ".nq" else ox.RdfFormat.N_TRIPLES


class TriGLoader(_OxigraphLoader):
    """TriG (.trig); graph names inside are dropped: the source is one graph."""

    suffixes = (".trig",)
    rdf_format = ox.RdfFormat.TRIG


class JsonLdLoader(_OxigraphLoader):
    """JSON-LD (.jsonld); remote contexts cannot be fetched here, so inline them."""

    suffixes = (".jsonld",)
    rdf_format = ox.RdfFormat.JSON_LD

    def sniff_document(self, path: Path, doc: object) -> bool:
        first = doc[0] if isinstance(doc, list) and doc else doc
        return isinstance(first, dict) and bool({"@context", "@graph", "@id"} & set(first))
