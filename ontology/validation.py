"""SHACL validation with messages a commissioner can act on.

Each violation is reported with the file and line of the record (for Turtle),
the record's label, the property, what was expected and what was found:

    lancashire.ttl:42: service 'Preston detox' (demo:detox-preston): lw:providedBy:
    a service must say which organisation provides it (lw:providedBy an lw:Organisation); found nothing
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from linkwork.graph.namespaces import PREFIXES
from linkwork.ontology import ontology_graph, shapes_graph
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from linkwork.errors import Problem

__all__ = ["validate_graph", "subject_lines", "describe_node"]

_COMPONENT_EXPECTATION = {
    SH.MinCountConstraintComponent: "a value",
    SH.MaxCountConstraintComponent: "fewer values",
    SH.ClassConstraintComponent: "a link to the right kind of record",
    SH.DatatypeConstraintComponent: "a value of the right type",
    SH.PatternConstraintComponent: "a value in the right format",
    SH.InConstraintComponent: "one of the allowed values",
    SH.MinInclusiveConstraintComponent: "a larger number",
    SH.MaxInclusiveConstraintComponent: "a smaller number",
}


def validate_graph(
    data: Graph,
    *,
    source: str = "<data>",
    context: Graph | None = None,
    lines: dict[str, int] | None = None,
    include_ontology: bool = True,
    prefixes: dict[str, str] | None = None,
    locate=None,
) -> list[Problem]:
    """Check ``data`` against the linkwork shapes and return located problems.

    ``context`` holds statements the data refers to but does not contain (types
    and labels of areas or organisations already in the store), so references
    across sources are checked without validating the whole store again.
    ``lines`` maps subject IRIs to line numbers for located messages.
    ``locate``, when given, maps a record to ``(source name, line or None)``
    instead, so that several sources can be checked in one run.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''
    ... @prefix lw: <https://w3id.org/linkwork/ns#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <urn:x:s> a lw:Service ; rdfs:label "Detox" .''', format="turtle")
    >>> problems = validate_graph(g, source="x.ttl")
    >>> any("lw:providedBy" in str(p) and "'Detox'" in str(p) for p in problems)
    True
    """
    combined = Graph()
    for prefix, ns in {**PREFIXES, **(prefixes or {})}.items():
        combined.bind(prefix, ns, replace=True)
    combined += data
    if context is not None:
        combined += context
    if include_ontology:
        combined += ontology_graph()  # types and labels of concepts and classes referred to
    conforms, results, _ = shacl_validate(
        combined,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if conforms:
        return []
    full = combined
    problems: list[Problem] = []
    data_subjects = set(data.subjects())
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        if focus not in data_subjects:
            continue  # a problem in context or ontology, not in this source
        if results.value(r, SH.sourceConstraintComponent) == SH.NodeConstraintComponent:
            continue  # the nested shape's own results say what is wrong
        problems.append(_problem(results, r, focus, full, source, lines or {}, locate))
    problems.sort(key=lambda p: (p.source, _line_of(p), str(p)))
    return problems


def _line_of(p: Problem) -> int:
    return int(p.where) if p.where and p.where.isdigit() else 0


def _problem(results: Graph, r, focus, g: Graph, source: str, lines: dict[str, int], locate=None) -> Problem:
    path = results.value(r, SH.resultPath)
    value = results.value(r, SH.value)
    message = results.value(r, SH.resultMessage)
    component = results.value(r, SH.sourceConstraintComponent)
    severity = "warning" if results.value(r, SH.resultSeverity) in (SH.Warning, SH.Info) else "error"
    owner = _named_owner(g, focus)
    if locate is not None:
        source, line = locate(owner if owner is not None else focus)
        where = str(line) if line else None
    else:
        where = str(lines[str(owner)]) if owner is not None and str(owner) in lines else None
    expected = str(message) if message else _COMPONENT_EXPECTATION.get(component, "a valid value")
    if value is not None and value != focus:
        found = _short(g, value)
    elif component == SH.MinCountConstraintComponent:
        found = "nothing"
    elif component == SH.MaxCountConstraintComponent and path is not None:
        found = ", ".join(sorted(_short(g, v) for v in g.objects(focus, path)))
    else:
        found = None
    prop = _short(g, path) if isinstance(path, URIRef) else ("(record)" if path is None else "(path)")
    text = f"{describe_node(g, focus)}: {prop}: {expected}"
    if found is not None:
        text += f"; found {found}"
    return Problem(source, where, None, text, severity)


_NUMERIC = {"integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger", "positiveInteger"}


def describe_node(g: Graph, node) -> str:
    """A readable name for a record: its kind, label and short IRI.

    Blank nodes are described through the named record that holds them.
    """
    if isinstance(node, BNode):
        owner = _named_owner(g, node)
        prop = next((p for s, p in g.subject_predicates(node)), None)
        inner = f"a {_short(g, prop)} value" if prop is not None else "an unnamed part"
        return f"{inner} of {describe_node(g, owner)}" if owner is not None else inner
    label = g.value(node, RDFS.label) or g.value(node, SKOS.prefLabel)
    kind = g.value(node, RDF.type)
    kind_text = (str(g.value(kind, RDFS.label) or _short(g, kind)).lower() + " ") if kind is not None else ""
    name = f"'{label}' " if label else ""
    return f"{kind_text}{name}({_short(g, node)})"


def _named_owner(g: Graph, node, depth: int = 0):
    if not isinstance(node, BNode):
        return node
    if depth > 5:
        return None
    for s, _ in g.subject_predicates(node):
        return _named_owner(g, s, depth + 1)
    return None


def _short(g: Graph, term) -> str:
    if isinstance(term, Literal):
        if term.datatype is not None and str(term.datatype).rsplit("#", 1)[-1] in _NUMERIC:
            return str(term)
        return repr(str(term))
    if isinstance(term, URIRef):
        try:
            return g.namespace_manager.normalizeUri(term)
        except Exception:
            return f"<{term}>"
    return str(term)


_PREFIX_RE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_BASE_RE = re.compile(r"^\s*(?:@base|BASE)\s+<([^>]*)>", re.IGNORECASE)
_TOKEN_RE = re.compile(r"^(<[^>]*>|[A-Za-z][\w.-]*?:[^\s;,.]*(?:\.[^\s;,.]+)*|:[^\s;,.]*)")


def turtle_prefixes(text: str) -> dict[str, str]:
    """The prefixes a Turtle document declares, so messages use the author's own short names.

    >>> turtle_prefixes("@prefix ex: <http://e/> .\\nPREFIX s: <http://s/>")
    {'ex': 'http://e/', 's': 'http://s/'}
    """
    out = {}
    for line in text.splitlines():
        m = _PREFIX_RE.match(line)
        if m and m.group(1):
            out[m.group(1)] = m.group(2)
    return out


def subject_lines(text: str) -> dict[str, int]:
    """Map each subject IRI of a Turtle document to the line where its statements start.

    >>> subject_lines('@prefix ex: <http://e/> .\\n\\nex:a ex:p 1 ;\\n   ex:q 2 .\\n<http://e/b> ex:p 3 .\\n')
    {'http://e/a': 3, 'http://e/b': 5}
    """
    prefixes: dict[str, str] = {}
    base = ""
    out: dict[str, int] = {}
    statement_start = True
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #")[0].rstrip() if "#" in raw and "<" not in raw else raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _PREFIX_RE.match(line)
        if m:
            prefixes[m.group(1) or ""] = m.group(2)
            statement_start = True
            continue
        m = _BASE_RE.match(line)
        if m:
            base = m.group(1)
            statement_start = True
            continue
        if statement_start:
            t = _TOKEN_RE.match(stripped)
            if t:
                iri = _expand(t.group(1), prefixes, base)
                if iri is not None:
                    out.setdefault(iri, n)
        statement_start = stripped.endswith(".") and not stripped.endswith("..")
    return out


def _expand(token: str, prefixes: dict[str, str], base: str) -> str | None:
    if token.startswith("<"):
        iri = token[1:-1]
        return iri if ":" in iri else base + iri
    prefix, _, local = token.partition(":")
    if prefix in prefixes:
        return prefixes[prefix] + local
    return None


def lines_for_files(paths: Iterable[Path]) -> dict[str, tuple[str, int]]:
    """Subject -> (file name, line) over several Turtle files."""
    out: dict[str, tuple[str, int]] = {}
    for p in paths:
        for iri, n in subject_lines(Path(p).read_text(encoding="utf-8", errors="replace")).items():
            out.setdefault(iri, (Path(p).name, n))
    return out
