"""Load sources into the store: parse all, validate all, then swap each in.

Nothing is stored unless every source given parses and validates: a failed
load changes nothing, and a repeated load of the same content changes nothing.
"""
from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import chain
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from linkwork.graph.checkpoints import checkpoint
from linkwork.graph.namespaces import LW, ONTOLOGY_SOURCE
from linkwork.graph.store import Origin, Store
from linkwork.graph.terms import graph_to_ox, ox_to_graph, rdf_bytes
from linkwork.loaders import FormatNotDetected, Loader, detect, get_loader
from linkwork.loaders.base import Parsed, SourceInfo
from linkwork.loaders.harvest import Harvest, HarvestError, harvest, is_url
from linkwork.loaders.identity import check_identity, input_digest, origin_of
from linkwork.loaders.readable import why_unreadable
from linkwork.loaders.records import LoadContext
from linkwork.loaders.values import shown
from linkwork.ontology import ontology_files, ontology_graph
from linkwork.ontology.validation import subject_lines, turtle_prefixes, validate_graph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from linkwork.errors import Problem, SourceErrors, StoreError

__all__ = ["LoadReport", "Refused", "load_sources", "ensure_ontology", "Progress", "refusals", "dependants"]

#: Called with a short description of each stage, and (done, total) where known.
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class Refused:
    """A record ``--skip-invalid`` left out of its source: where it begins and every reason."""

    record: str
    problems: tuple[Problem, ...]


@dataclass
class LoadReport:
    """What one source load did, for the closing summary."""

    source: str
    path: Path | str  # a file, or the URL of a harvested feed
    format: str
    changed: bool = False
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    #: The version and dialect the source was read as, where its format has several.
    dialect: str | None = None
    #: How many records the source holds (built or refused), where the format has records.
    records: int = 0
    #: The records ``--skip-invalid`` refused, in the order the source gives them.
    refused: list[Refused] = field(default_factory=list)


@dataclass
class _Plan:
    loader: Loader
    info: SourceInfo
    parsed: Parsed
    graph: Graph | None
    report: LoadReport
    origin: Origin | None = None


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
    refused = refusals(plan.info.iri, plan.report.refused)
    if plan.graph is not None:
        return plan.info.iri, graph_to_ox(plan.graph + refused), None
    if len(plan.parsed.graph):  # parsed, then checked in bulk: stored from its statements, so that the
        # content hash ignores statement order and blank node labels and a repeated load is seen as unchanged
        return plan.info.iri, chain(graph_to_ox(plan.parsed.graph), graph_to_ox(plan.info.describe() + refused)), None
    assert plan.parsed.raw is not None  # a plan without a graph took the bulk path
    # the provenance lines sorted: the same source gives the same bytes, so a repeated load is seen as unchanged
    described = sorted(rdf_bytes(graph_to_ox(plan.info.describe() + refused), ox.RdfFormat.N_TRIPLES).splitlines())
    raw = plan.parsed.raw + b"\n" + b"\n".join(described) + b"\n"
    return plan.info.iri, raw, plan.parsed.raw_format


def load_sources(
    store: Store,
    paths: Sequence[Path | str],
    *,
    fmt: str | None = None,
    dry_run: bool = False,
    source_iri: str | None = None,
    replace: bool = False,
    progress: Progress = _quiet,
    skip_invalid: bool = False,
    http: Mapping[str, Any] | None = None,
) -> list[LoadReport]:
    """Parse and validate every path, then store each as its own source.

    A source is identified by ``source_iri`` (one path only) or its resolved path; one that
    would replace a source loaded from elsewhere, or copies one already loaded, needs
    ``replace`` (see :mod:`linkwork.loaders.identity`).

    With ``skip_invalid``, a record with an error (and every record that refers to
    one) is refused and the source parsed again without it, until what is left is
    valid; the refusals are in each report and in the source's provenance. A
    problem with a whole source (bad syntax, a missing table) still refuses it all.

    Raises
    ------
    SourceErrors
        listing every error in every source; nothing is stored.
    A source may be the URL of a feed (see :mod:`linkwork.loaders.harvest`): it is
    read whole first (``http`` holds ``timeout``, ``retries``, ``backoff`` and
    ``max_pages``), its URL is its identity, and a harvest that fails stores nothing.
    """
    with tempfile.TemporaryDirectory(prefix="linkwork-harvest-") as tmp:
        harvests, failed = _harvest_all(paths, fmt, Path(tmp), progress, http or {})
        return _load(store, paths, harvests, failed, fmt=fmt, dry_run=dry_run, source_iri=source_iri,
                     may_replace=replace, progress=progress, skip_invalid=skip_invalid)


def _harvest_all(paths: Sequence[Path | str], fmt: str | None, folder: Path, progress: Progress,
                 http: Mapping[str, Any]) -> tuple[dict[int, Harvest], list[Problem]]:
    """Read every URL among ``paths`` whole, before any source is parsed."""
    harvests: dict[int, Harvest] = {}
    failed: list[Problem] = []
    for i, p in enumerate(paths):
        if not is_url(p):
            continue
        (folder / str(i)).mkdir()
        try:
            harvests[i] = harvest(str(p), folder / str(i), fmt, progress=progress, **http)
        except HarvestError as exc:
            failed.append(Problem(exc.url, None, None, exc.reason))
    return harvests, failed


def _load(store: Store, paths: Sequence[Path | str], harvests: dict[int, Harvest], failed: list[Problem], *,
          fmt: str | None, dry_run: bool, source_iri: str | None, may_replace: bool, progress: Progress,
          skip_invalid: bool) -> list[LoadReport]:
    base = LoadContext.from_store(store)
    refused: list[dict[str, list[Problem]]] = [{} for _ in paths]
    first: dict[int, Parsed] = {}
    while True:
        plans, problems = _parse_all(store, paths, fmt, source_iri, base, refused, progress, harvests, may_replace=may_replace)
        _validate_all(store, list(plans.values()), progress)
        if not skip_invalid:
            break
        new = [_refuse(plan, refused[i], first.setdefault(i, plan.parsed)) for i, plan in plans.items()]
        if not any(new):  # every source is clean, or has a problem no refusal removes
            break
    hints = []
    for i, plan in plans.items():
        plan.report.records = len(plan.parsed.records)
        order = {k: n for n, k in enumerate(plan.parsed.records)}
        plan.report.refused = [Refused(k, tuple(refused[i][k])) for k in sorted(refused[i], key=lambda k: order.get(k, -1))]
        if plan.report.refused and len(refused[i]) >= len(plan.parsed.records):  # nothing left: say why each went
            plan.parsed.problems = [p for v in refused[i].values() for p in v] + [
                Problem(plan.info.path.name, None, None, f"every one of its {len(refused[i])} records was refused")]
        hint = None if skip_invalid else _skip_hint(plan)
        if i in harvests:
            hint = hint and hint.replace(plan.info.path.name, harvests[i].url, 1)
            _from_feed(plan, harvests[i])
        problems.extend(plan.parsed.errors)
        if hint:
            hints.append(hint)
    problems[:0] = failed
    if problems:
        raise SourceErrors(problems, hints)
    checkpoint("validated")
    reports = [plan.report for plan in plans.values()]
    if dry_run:
        for report in reports:
            report.dry_run = True
        return reports
    progress(f"storing {len(plans)} source{'s' if len(plans) != 1 else ''}", 0, 1)
    try:  # every source, and the ontology they are checked against, switched live in one transaction
        results = store.replace_sources([*(_write_item(plan) for plan in plans.values()), ontology_item()],
                                        origins={p.info.iri: p.origin for p in plans.values() if p.origin})
    except StoreError as exc:
        raise StoreError(f"{exc}\nnothing was stored: the store is as it was before this load") from exc
    for plan, result in zip(plans.values(), results, strict=False):
        plan.report.changed = result.changed
        plan.report.triples = result.triples
    return reports


def _from_feed(plan: _Plan, h: Harvest) -> None:
    """Say a harvested source's problems of the feed (its URL, and the page each record was on), not of the
    file it was written to, and add what the harvest itself noted."""
    name = plan.info.path.name

    def at(p: Problem) -> Problem:
        return Problem(h.url, h.locate(p.where), p.field, p.reason, p.severity) if p.source == name else p

    plan.parsed.problems = [at(p) for p in plan.parsed.problems] + [
        Problem(h.url, None, None, note, "warning") for note in h.warnings]
    plan.report.warnings = plan.parsed.warnings
    plan.report.refused = [Refused(h.locate(r.record) or r.record, tuple(map(at, r.problems))) for r in plan.report.refused]
    plan.report.path = h.url


def _parse_all(store: Store, paths: Sequence[Path | str], fmt: str | None, source_iri: str | None, base: LoadContext,
               refused: list[dict[str, list[Problem]]], progress: Progress, harvests: Mapping[int, Harvest] | None = None,
               *, may_replace: bool = False) -> tuple[dict[int, _Plan], list[Problem]]:
    """Parse every source (leaving out the records refused so far); later sources link to earlier ones' areas.
    A source whose identity clashes with a loaded one (:func:`check_identity`) is a problem, not a plan."""
    context = LoadContext(dict(base.areas), {k: list(v) for k, v in base.by_source.items()}, base.place_key,
                          known=dict(base.known))
    plans: dict[int, _Plan] = {}
    problems: list[Problem] = []
    seen: dict[str, Path] = {}  # input digest -> the path in this load that has it
    for i, p in enumerate(paths):
        if is_url(p):
            if harvests and i in harvests:  # else it failed, and is reported as such
                h = harvests[i]
                given = source_iri if len(paths) == 1 else None
                plan = _parse(h.path, fmt or h.fmt, given, context, frozenset(refused[i]), harvested=h)
                origin = Origin(h.url, input_digest(h.path))  # the URL is where it was loaded from
                verdict = check_identity(store, plan.info.iri, origin, given=given is not None, replace=may_replace)
                if verdict.problem:
                    problems.append(Problem(h.url, None, None, verdict.problem))
                    continue
                if verdict.iri != plan.info.iri:
                    plan = _parse(h.path, fmt or h.fmt, verdict.iri, context, frozenset(refused[i]), harvested=h)
                plan.origin = origin
                context.add_graph(plan.parsed.graph, plan.info.iri)
                plans[i] = plan
            continue
        path = Path(p)
        progress(f"reading {path.name}", i, len(paths))
        unreadable = why_unreadable(path)
        if unreadable:  # a device or FIFO would be read without end: refused before reading a byte
            problems.append(Problem(str(p), None, None, unreadable))
            continue
        given = source_iri if len(paths) == 1 else None
        try:
            plan = _parse(path, fmt, given, context, frozenset(refused[i]))
        except FormatNotDetected as exc:  # reported with every other source's problems
            problems.append(Problem(path.name, exc.where, None, exc.reason))
            continue
        origin = origin_of(path)
        verdict = check_identity(store, plan.info.iri, origin, given=given is not None, replace=may_replace)
        twin = seen.setdefault(origin.input_hash, path)
        if verdict.problem or twin.resolve() != path.resolve():  # one file named twice is one source
            problems.append(Problem(path.name, None, None, verdict.problem or f"the same bytes as {twin} in this load"))
            continue
        if verdict.iri != plan.info.iri:  # a copy becoming the source it copies: read as that source
            plan = _parse(path, fmt, verdict.iri, context, frozenset(refused[i]))
        plan.origin = origin
        context.add_graph(plan.parsed.graph, plan.info.iri)  # later sources in the batch link to its areas
        plans[i] = plan
    return plans, problems


def _refuse(plan: _Plan, refused: dict[str, list[Problem]], first: Parsed) -> bool:
    """Refuse the records of ``plan`` that have errors or refer to a record refused before; whether any
    was new (then the source is parsed again without them). False also when an error is about the
    whole source: nothing can be skipped, and the load fails with it."""
    name = plan.info.path.name
    found: dict[str, list[Problem]] = {}
    for e in plan.parsed.errors:
        key = plan.loader.record_of(plan.parsed, e.where) if e.source == name else None
        if key is None:
            return False
        found.setdefault(key, []).append(e)
    for key, why in dependants(plan, first, refused).items():
        found[key] = why + found.get(key, [])
    new = {k: v for k, v in found.items() if k not in refused}
    refused.update(new)
    return bool(new)


def dependants(plan: _Plan, first: Parsed, refused: Mapping[str, object]) -> dict[str, list[Problem]]:
    """Records of ``plan`` that refer to a refused record (one its first parse placed in the source but this
    parse left out): a service whose organisation was refused goes with it, saying so."""
    parsed, name = plan.parsed, plan.info.path.name
    gone = {URIRef(iri): at for iri, at in first.places.items()
            if plan.loader.record_of(first, at) in refused and (URIRef(iri), RDF.type, None) not in parsed.graph}
    out: dict[str, list[Problem]] = {}
    if not gone:
        return out
    for s, _, o in parsed.graph:
        if o not in gone or s in gone or not isinstance(s, URIRef):
            continue
        where = parsed.places.get(str(s)) or parsed.places.get(str(s).split("#", 1)[0])
        key = plan.loader.record_of(parsed, where)
        if key is None or key in out:
            continue
        kind = first.graph.value(o, RDF.type)
        kind_name = str(kind).rsplit("#", 1)[-1].lower() if kind else (
            str(o).split("/id/", 1)[1].split("/", 1)[0] if "/id/" in str(o) else "record")
        label = first.graph.value(o, RDFS.label)
        out[key] = [Problem(name, where, None, f"refers to the {kind_name}{' ' + shown(str(label)) if label else ''}"
                            f" at {gone[o]}, which was refused")]
    return out


def refusals(source: str, refused: Sequence[Refused]) -> Graph:
    """What a source's provenance says of the records refused from it: how many, and each one's place and reasons."""
    g = Graph()
    if not refused:
        return g
    s = URIRef(source)
    g.add((s, LW.refusedRecords, Literal(len(refused))))
    for j, r in enumerate(refused, 1):
        node = URIRef(f"{source}#refused-{j}")
        g.add((s, LW.refusal, node))
        g.add((node, RDF.type, LW.Refusal))
        g.add((node, LW.recordAt, Literal(r.record)))
        for p in r.problems:
            g.add((node, LW.refusalReason, Literal(": ".join(x for x in (p.where, p.field, p.reason) if x))))
    return g


def _skip_hint(plan: _Plan) -> str | None:
    """When most of a failed source's records are valid, say that ``--skip-invalid`` would load them."""
    keys = {plan.loader.record_of(plan.parsed, e.where) for e in plan.parsed.errors}
    total = len(plan.parsed.records)
    if not keys or None in keys or not total or len(keys) * 2 >= total:
        return None
    return (f"{plan.info.path.name}: {total - len(keys)} of its {total} records have no errors; "
            f"--skip-invalid loads them and lists the {len(keys)} refused (--report FILE to keep the list)")


def _parse(path: Path, fmt: str | None, source_iri: str | None, context: LoadContext,
           skip: frozenset[str] = frozenset(), *, harvested: Harvest | None = None) -> _Plan:
    loader = get_loader(fmt) if fmt else detect(path)
    info = loader.source_info(path)
    if harvested is not None:  # the feed's URL is its identity; the time it was read, its retrieval time
        info = SourceInfo(source_iri or harvested.url, path, harvested.url, loader.kind, harvested.retrieved_at)
    elif source_iri:
        info = SourceInfo(source_iri, info.path, info.label, info.kind, info.retrieved_at)
    parsed = loader.parse(path, info, replace(context.for_source(info.iri), skip=skip))
    _warn_stale(parsed, path.name)
    report = LoadReport(info.iri, path, loader.name, dialect=parsed.dialect)
    graph = None
    if not parsed.errors and parsed.raw is None and len(parsed.graph) > BULK_STATEMENTS:
        # a large feed or directory: checked by the shapes compiled to SPARQL and stored by the bulk path
        parsed.raw = rdf_bytes(graph_to_ox(parsed.graph), ox.RdfFormat.N_TRIPLES)
        parsed.raw_format, parsed.count = ox.RdfFormat.N_TRIPLES, len(parsed.graph)
    if not parsed.errors and parsed.raw is None:
        graph = parsed.graph + info.describe()  # the refusals are added when it is stored
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
            found = _bulk_checks(plan.parsed, plan.info.path.name, context)
            plan.parsed.problems.extend(_placed(p, plan.parsed.places) for p in found)
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


def _placed(p: Problem, places: Mapping[str, str]) -> Problem:
    """A problem the bulk checks locate by IRI (``<https://...>``), located instead where the feed defines
    that record (``/3``), so it reads as the feed's and ``--skip-invalid`` can refuse the record."""
    where = p.where or ""
    iri = where[1:-1] if where.startswith("<") and where.endswith(">") else ""
    at = (places.get(iri) or places.get(iri.split("#", 1)[0])) if iri else None
    return Problem(p.source, at, p.field, p.reason, p.severity) if at else p


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
