"""Load sources into the store: parse all, validate all, then swap each in.

Nothing is stored unless every source given parses and validates: a failed
load changes nothing, and a repeated load of the same content changes nothing.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from linkwork.graph.checkpoints import checkpoint
from linkwork.graph.namespaces import LW, ONTOLOGY_SOURCE
from linkwork.graph.store import Store
from linkwork.graph.terms import graph_to_ox, ox_to_graph, rdf_bytes
from linkwork.loaders import FormatNotDetected, Loader, detect, get_loader
from linkwork.loaders.base import Parsed, SourceInfo
from linkwork.loaders.readable import why_unreadable
from linkwork.loaders.records import LoadContext
from linkwork.ontology import ontology_files, ontology_graph
from linkwork.ontology.validation import subject_lines, turtle_prefixes, validate_graph
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from linkwork.errors import Problem, SourceErrors, StoreError

__all__ = ["LoadReport", "load_sources", "ensure_ontology", "Progress"]

#: Called with a short description of each stage, and (done, total) where known.
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class LoadReport:
    """What one source load did, for the closing summary."""

    source: str
    path: Path
    format: str
    changed: bool = False
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Plan:
    loader: Loader
    info: SourceInfo
    parsed: Parsed
    graph: Graph | None
    report: LoadReport


def ensure_ontology(store: Store) -> bool:
    """Load the ontology, its dimensions, sources and SKOS lists as a source; a no-op when unchanged."""
    return store.replace_sources([ontology_item()])[0].changed


def ontology_item() -> tuple[str, list[ox.Triple], None]:
    """The ontology as one ``(source, data, format)`` for :meth:`Store.replace_sources`."""
    quads: list[ox.Triple] = []
    for f in ontology_files():  # each file declares its own prefixes
        quads.extend(ox.parse(f.read_bytes(), format=ox.RdfFormat.TURTLE))
    return ONTOLOGY_SOURCE, quads, None


def _write_item(plan: _Plan) -> tuple[str, Iterable[ox.Quad | ox.Triple] | bytes, ox.RdfFormat | None]:
    """What :meth:`Store.replace_sources` writes for one checked source."""
    if plan.graph is not None:
        return plan.info.iri, graph_to_ox(plan.graph), None
    if len(plan.parsed.graph):  # parsed, then checked in bulk: stored from its statements, so that the
        # content hash ignores statement order and blank node labels and a repeated load is seen as unchanged
        return plan.info.iri, chain(graph_to_ox(plan.parsed.graph), graph_to_ox(plan.info.describe())), None
    assert plan.parsed.raw is not None  # a plan without a graph took the bulk path
    # the provenance lines sorted: the same source gives the same bytes, so a repeated load is seen as unchanged
    described = sorted(rdf_bytes(graph_to_ox(plan.info.describe()), ox.RdfFormat.N_TRIPLES).splitlines())
    raw = plan.parsed.raw + b"\n" + b"\n".join(described) + b"\n"
    return plan.info.iri, raw, plan.parsed.raw_format


def load_sources(
    store: Store,
    paths: Sequence[Path | str],
    *,
    fmt: str | None = None,
    dry_run: bool = False,
    source_iri: str | None = None,
    progress: Progress = _quiet,
) -> list[LoadReport]:
    """Parse and validate every path, then store each as its own source.

    Raises
    ------
    SourceErrors
        listing every error in every source; nothing is stored.
    """
    plans: list[_Plan] = []
    problems: list[Problem] = []
    context = LoadContext.from_store(store)
    for i, p in enumerate(paths):
        path = Path(p)
        progress(f"reading {path.name}", i, len(paths))
        unreadable = why_unreadable(path)
        if unreadable:  # a device or FIFO would be read without end: refused before reading a byte
            problems.append(Problem(str(p), None, None, unreadable))
            continue
        try:
            plan = _parse(path, fmt, source_iri if len(paths) == 1 else None, context)
        except FormatNotDetected as exc:  # reported with every other source's problems
            problems.append(Problem(path.name, exc.where, None, exc.reason))
            continue
        context.add_graph(plan.parsed.graph, plan.info.iri)  # later sources in the batch link to its areas
        plans.append(plan)
    _validate_all(store, plans, progress)
    for plan in plans:
        problems.extend(plan.parsed.errors)
    if problems:
        raise SourceErrors(problems)
    checkpoint("validated")
    reports = [plan.report for plan in plans]
    if dry_run:
        for report in reports:
            report.dry_run = True
        return reports
    progress(f"storing {len(plans)} source{'s' if len(plans) != 1 else ''}", 0, 1)
    try:  # every source, and the ontology they are checked against, switched live in one transaction
        results = store.replace_sources([*(_write_item(plan) for plan in plans), ontology_item()])
    except StoreError as exc:
        raise StoreError(f"{exc}\nnothing was stored: the store is as it was before this load") from exc
    for plan, result in zip(plans, results, strict=False):
        plan.report.changed = result.changed
        plan.report.triples = result.triples
    return reports


def _parse(path: Path, fmt: str | None, source_iri: str | None, context: LoadContext) -> _Plan:
    loader = get_loader(fmt) if fmt else detect(path)
    info = loader.source_info(path)
    if source_iri:
        info = SourceInfo(source_iri, info.path, info.label, info.kind, info.retrieved_at)
    parsed = loader.parse(path, info, context.for_source(info.iri))
    _warn_stale(parsed, path.name)
    report = LoadReport(info.iri, path, loader.name)
    graph = None
    if not parsed.errors and parsed.raw is None and len(parsed.graph) > BULK_STATEMENTS:
        # a large feed or directory: checked by the shapes compiled to SPARQL and stored by the bulk path
        parsed.raw = rdf_bytes(graph_to_ox(parsed.graph), ox.RdfFormat.N_TRIPLES)
        parsed.raw_format, parsed.count = ox.RdfFormat.N_TRIPLES, len(parsed.graph)
    if not parsed.errors and parsed.raw is None:
        graph = parsed.graph + info.describe()
    return _Plan(loader, info, parsed, graph, report)


#: Parsed sources with more statements than this take the bulk path, as large N-Triples files do.
#: Measured on an HSDS export of 2,000 services (22,812 statements): 49 s through pyshacl, 5.5 s
#: with the shapes compiled to SPARQL. The bulk checks leave out sh:or, sh:xone and SPARQL
#: constraints, which the format loaders satisfy by construction.
BULK_STATEMENTS = 10_000


#: Records last verified longer ago than this get a warning (they still load).
STALE_AFTER = timedelta(days=365)


def _warn_stale(parsed: Parsed, name: str, today: date | None = None) -> None:
    """One warning for records whose last-verified date is over a year old: worth a phone call."""
    cutoff = (today or date.today()) - STALE_AFTER
    stale = sorted({v.toPython() for v in parsed.graph.objects(None, LW.lastVerified)
                    if isinstance(v.toPython(), date) and v.toPython() < cutoff})
    if stale:
        n = sum(1 for _, v in parsed.graph.subject_objects(LW.lastVerified) if v.toPython() in set(stale))
        parsed.warn(name, None, "lastVerified", f"{n} record{'s' if n != 1 else ''} last verified more than a year ago "
                    f"(oldest {stale[0].isoformat()}): check them with the provider")


def _validate_all(store: Store, plans: list[_Plan], progress: Progress) -> None:
    """SHACL-check every parsed source in one run (against each other and the store), then hand
    each problem to the source its record came from."""
    # parsed clean and not bulk (exactly the plans _parse gave a graph): checked by pyshacl
    checked = [(p, p.graph) for p in plans if p.graph is not None]
    small = [p for p, _ in checked]
    for plan in plans:
        if not plan.parsed.errors and plan.parsed.raw is not None:
            progress(f"checking {plan.info.path.name} (bulk)", 0, 1)
            context = b""
            if len(plan.parsed.graph):  # a parsed feed: records it links to in the store count as present
                context = rdf_bytes(graph_to_ox(reference_context(store, plan.parsed.graph)), ox.RdfFormat.N_TRIPLES)
                plan.report.counts = count_by_class(plan.parsed.graph)
            plan.parsed.problems.extend(_bulk_checks(plan.parsed, plan.info.path.name, context))
            plan.report.triples = plan.parsed.count
    if small:
        progress("validating", 0, 1)
        union = Graph()
        owner: dict = {}
        lines: dict[str, tuple[str, int]] = {}
        prefixes: dict[str, str] = {}
        for plan, graph in checked:
            union += graph
            for s in graph.subjects():
                owner.setdefault(s, plan)
            if plan.parsed.text:
                prefixes.update(turtle_prefixes(plan.parsed.text))
                for iri, n in subject_lines(plan.parsed.text).items():
                    lines.setdefault(iri, (plan.info.path.name, n))

        def locate(node):
            plan = owner.get(node)
            name = plan.info.path.name if plan else small[0].info.path.name
            where = lines.get(str(node))
            if where and where[0] == name:
                return name, where[1]
            places = plan.parsed.places if plan else {}
            iri = str(node)  # where the source defines the record, or the record a criterion (record#name) is part of
            return name, places.get(iri) or places.get(iri.split("#", 1)[0]) or (f"<{iri}>" if plan else None)

        by_name = {p.info.path.name: p for p in small}
        for problem in validate_graph(union, context=reference_context(store, union), prefixes=prefixes, locate=locate):
            by_name.get(problem.source, small[0]).parsed.problems.append(problem)
        for plan, graph in checked:
            plan.report.counts = count_by_class(graph)
            plan.report.triples = len(graph)
    for plan in plans:
        plan.report.warnings = plan.parsed.warnings


def reference_context(store: Store, graph: Graph) -> Graph:
    """Types and labels of records ``graph`` refers to but does not define, read from the store."""
    ont = ontology_graph()
    subjects = set(graph.subjects())
    wanted = {o for o in graph.objects() if isinstance(o, URIRef) and o not in subjects and (o, None, None) not in ont}
    ctx = Graph()
    wanted_list = sorted(wanted)
    for start in range(0, len(wanted_list), 500):
        values = " ".join(f"<{w}>" for w in wanted_list[start:start + 500])
        rows = store.query(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o . "
            f"FILTER (?p IN (<{RDF.type}>, <{RDFS.label}>, <{SKOS.prefLabel}>)) }}"
        )
        ox_to_graph((ox.Triple(r["s"], r["p"], r["o"]) for r in rows), ctx)
    return ctx


def count_by_class(graph: Graph) -> dict[str, int]:
    """How many records of each linkwork class a graph holds (for the closing summary)."""
    counts: Counter[str] = Counter()
    for t in graph.objects(None, RDF.type):
        if isinstance(t, URIRef) and str(t).startswith(str(LW)):
            counts[str(t)[len(str(LW)):]] += 1
    return dict(sorted(counts.items()))


def _bulk_checks(parsed: Parsed, name: str, context: bytes = b"") -> Iterable[Problem]:
    """Checks for sources too large for pyshacl: the required-property shapes, run as SPARQL on Oxigraph."""
    from linkwork.loaders.bulk_checks import check_bulk

    return check_bulk(parsed.raw, parsed.raw_format, name, context=context)
