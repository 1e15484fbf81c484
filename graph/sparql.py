"""Read-only SPARQL for analysts: ``linkwork sparql`` and the API's ``/sparql``.

The query is the analyst's own text, run as given over the live sources (never
built by pasting anything into it), in a separate process that is stopped when
the time limit passes, so a runaway join cannot hold the server. It sees the
data as every export does: a confidential place only as its opaque id, its
kind, its area and its provenance (:mod:`linkwork.graph.confidential`), and
nothing but the live sources (no catalogue, no older versions). For a store on
disk that view is a checkpoint of the store (hard links: milliseconds, whatever
its size) with the confidential places cut down, made once per set of live
sources and kept beside the store (``STORE.sparql/``) for later queries; an
in-memory store is copied for each query. Updates are
refused, and so is ``SERVICE`` (the server makes no requests elsewhere on a
caller's behalf). At most ``max_rows`` results are returned; :attr:`SparqlResult.truncated`
says when there were more. Results are SPARQL 1.1 JSON or CSV (``CONSTRUCT`` and
``DESCRIBE``: N-Triples).

>>> from linkwork.graph.store import Store
>>> r = run_query(Store(), "ASK { }")
>>> r.kind, r.body("json")
('boolean', '{"head": {}, "boolean": true}')
>>> check_query("SELECT ?service WHERE { ?service a lw:Service }")  # a variable and a class, not SERVICE
>>> try:
...     check_query("DELETE WHERE { ?s ?p ?o }")
... except SparqlError as exc:
...     print(exc)
read-only: updates (INSERT, DELETE, LOAD, CLEAR, DROP...) are refused
"""
from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from linkwork.errors import LinkworkError

__all__ = ["SparqlError", "SparqlTimeout", "SparqlResult", "run_query", "check_query", "FORMATS",
           "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS", "MAX_QUERY_CHARS", "PREFIXES"]

#: seconds a query may run; rows (or triples) it may return; characters it may have
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
MAX_QUERY_CHARS = 20_000
#: prefixes every query may use without declaring them (given to the parser, not pasted into the text)
PREFIXES = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "xsd": "http://www.w3.org/2001/XMLSchema#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "dcterms": "http://purl.org/dc/terms/", "lw": "https://w3id.org/linkwork/ns#"}
#: format name -> media type
FORMATS = {"json": "application/sparql-results+json", "csv": "text/csv", "ntriples": "application/n-triples"}

#: a keyword, not part of a prefixed name (lw:Service) or a variable (?service)
_KEYWORD = r"(?<![\w:?$-])({})(?![\w:-])"
_UPDATE = re.compile(_KEYWORD.format("INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH"), re.I)
_QUERY = re.compile(_KEYWORD.format("SELECT|ASK|CONSTRUCT|DESCRIBE"), re.I)
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.I)
#: what may hide a keyword: strings, IRIs, comments (removed before looking for SERVICE or updates)
_OPAQUE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')


class SparqlError(LinkworkError):
    """A query that is refused or not valid SPARQL; the API answers 422."""


class SparqlTimeout(SparqlError):
    """A query stopped at the time limit."""


def check_query(text: str) -> None:
    """Refuse what may not run: empty or over-long text, updates, SERVICE.

    Raises
    ------
    SparqlError
    """
    if not text or not text.strip():
        raise SparqlError("no query given")
    if len(text) > MAX_QUERY_CHARS:
        raise SparqlError(f"the query is over {MAX_QUERY_CHARS:,} characters")
    bare = _OPAQUE.sub(" ", text)
    if _SERVICE.search(bare):
        raise SparqlError("SERVICE is refused: the server queries no other endpoint on a caller's behalf")
    if _UPDATE.search(bare) and not _QUERY.search(bare):
        raise SparqlError("read-only: updates (INSERT, DELETE, LOAD, CLEAR, DROP...) are refused")


@dataclass
class SparqlResult:
    """A query's answer: ``kind`` is ``bindings``, ``boolean`` or ``graph``."""

    kind: str
    variables: list[str] = field(default_factory=list)
    #: for bindings: one dict per row, var -> SPARQL JSON term; for a graph: N-Triples lines
    rows: list[Any] = field(default_factory=list)
    boolean: bool | None = None
    truncated: bool = False

    def body(self, fmt: str = "json") -> str:
        """The answer as SPARQL 1.1 JSON results, CSV results, or (graphs) N-Triples."""
        if self.kind == "graph":
            return "".join(self.rows)
        if fmt == "csv":
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180, as SPARQL 1.1 CSV results say
            if self.kind == "boolean":
                w.writerow(["boolean"])
                w.writerow(["true" if self.boolean else "false"])
            else:
                w.writerow(self.variables)
                for row in self.rows:
                    w.writerow([row[v]["value"] if v in row else "" for v in self.variables])
            return buf.getvalue()
        if self.kind == "boolean":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)})
        return json.dumps({"head": {"vars": self.variables}, "results": {"bindings": self.rows}}, ensure_ascii=False)

    def media_type(self, fmt: str = "json") -> str:
        return FORMATS["ntriples"] if self.kind == "graph" else FORMATS[fmt]


def run_query(store, text: str, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS) -> SparqlResult:
    """Run ``text`` read-only over ``store``'s live sources in a worker process stopped after ``timeout`` s.

    A store on disk is opened read-only by the worker; an in-memory one is copied to it.

    Raises
    ------
    SparqlError
        refused or not valid SPARQL (the parser's message, with its line and column).
    SparqlTimeout
        still running at ``timeout``.
    """
    check_query(text)
    graphs = [g.value for g in store.live_graphs()]
    with tempfile.TemporaryDirectory(prefix="linkwork-sparql-") as tmp:
        if store.path is not None:
            where: dict[str, Any] = {"path": str(store.path), "cache": str(_cache_root(Path(store.path)))}
        else:  # an in-memory store: the worker loads a copy
            dump = Path(tmp) / "store.nq"
            dump.write_bytes(store._ox.dump(format=ox.RdfFormat.N_QUADS))  # every graph; live ones are chosen below
            where = {"dump": str(dump)}
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_worker, args=(child, where, graphs, text, max_rows, store.place_key), daemon=True)
        proc.start()
        child.close()
        try:
            if not parent.poll(timeout):
                raise SparqlTimeout(f"the query ran longer than the limit of {timeout:g} s and was stopped")
            status, payload = parent.recv()
        except EOFError:
            raise SparqlError("the query worker stopped without an answer") from None
        finally:
            if proc.is_alive():
                proc.kill()
            proc.join(5)
            parent.close()
    if status == "error":
        raise SparqlError(payload)
    return SparqlResult(**payload)


def _worker(conn, where: dict[str, Any], graphs: list[str], text: str, max_rows: int, key: bytes) -> None:
    """In the worker process: open the store, run the query, send back at most ``max_rows`` results."""
    try:
        if "path" in where:
            db = ox.Store.read_only(str(_public_checkpoint(Path(where["path"]), Path(where["cache"]), graphs, key)))
        else:
            source = ox.Store()
            source.bulk_load(path=where["dump"], format=ox.RdfFormat.N_QUADS)
            db = _public_copy(source, [ox.NamedNode(g) for g in graphs], key)
        default: list[Any] = [ox.NamedNode(g) for g in graphs] or [ox.NamedNode("urn:linkwork:graph:empty")]
        result = db.query(text, default_graph=default, named_graphs=[ox.NamedNode(g) for g in graphs] or None,
                          prefixes=PREFIXES)
        conn.send(("ok", _collect(result, max_rows)))
    except SyntaxError as exc:
        conn.send(("error", f"not valid SPARQL: {exc}"))
    except (OSError, ValueError, TypeError) as exc:
        conn.send(("error", f"the query failed: {exc}"))
    finally:
        conn.close()


def _cache_root(path: Path) -> Path:
    """Where the public checkpoints of the store at ``path`` are kept: beside it, else in the temp folder."""
    beside = path.with_name(path.name + ".sparql")
    if os.access(path.parent, os.W_OK):
        return beside
    return Path(tempfile.gettempdir()) / "linkwork-sparql" / hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]


def _public_checkpoint(path: Path, root: Path, graphs: list[str], key: bytes) -> Path:
    """The store's live sources as SPARQL may see them, as a checkpoint made once per set of live graphs.

    Made under a lock, in a scratch folder renamed into place when done, so a query never
    opens a half-made one; checkpoints of earlier versions are removed once an hour old.
    """
    digest = hashlib.sha256("\n".join([str(path.resolve()), *sorted(graphs), key.hex()]).encode()).hexdigest()[:24]
    final = root / digest
    if final.is_dir():
        return final
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if final.is_dir():
            return final
        scratch = root / f".making-{digest}-{os.getpid()}"
        shutil.rmtree(scratch, ignore_errors=True)
        ox.Store.read_only(str(path)).backup(str(scratch))
        db = ox.Store(str(scratch))
        live = [ox.NamedNode(g) for g in graphs]
        for g in list(db.named_graphs()):
            if g not in live:
                db.remove_graph(g)  # the catalogue (with the place key) and older versions of sources
        db.clear_graph(ox.DefaultGraph())
        _cut_confidential(db, live, key)
        db.flush()
        del db
        os.rename(scratch, final)
        for old in root.iterdir():
            if old != final and old.is_dir() and time.time() - old.stat().st_mtime > 3600:
                shutil.rmtree(old, ignore_errors=True)
    return final


def _cut_confidential(db: ox.Store, graphs: list[ox.NamedNode], key: bytes) -> None:
    """In place: each confidential place cut to what an export may show, under its opaque id."""
    from linkwork.graph.confidential import KEPT, opaque_iri
    from linkwork.graph.namespaces import LW

    kept = {str(p) for p in KEPT}
    flag = ox.NamedNode(str(LW.confidential))
    for g in graphs:
        secret = {q.subject for q in db.quads_for_pattern(None, flag, ox.Literal(True), g)
                  if isinstance(q.subject, ox.NamedNode | ox.BlankNode)}
        for place in secret:
            new = ox.NamedNode(str(opaque_iri(place.value, key)))
            about = list(db.quads_for_pattern(place, None, None, g))
            mentions = list(db.quads_for_pattern(None, None, place, g))
            for q in about + mentions:
                db.remove(q)
            for q in about:
                if q.predicate.value in kept:
                    db.add(ox.Quad(new, q.predicate, q.object, g))
            for q in mentions:
                db.add(ox.Quad(new if q.subject == place else q.subject, q.predicate, new, g))


def _public_copy(source: ox.Store, graphs: list[ox.NamedNode], key: bytes) -> ox.Store:
    """The live graphs with each confidential place cut to what an export may show, under its opaque id."""
    from linkwork.graph.confidential import opaque_iri, public_quads
    from linkwork.graph.namespaces import LW

    flag = ox.NamedNode(str(LW.confidential))
    secret = {q.subject for g in graphs for q in source.quads_for_pattern(None, flag, ox.Literal(True), g)
              if isinstance(q.subject, ox.NamedNode | ox.BlankNode)}
    renamed: dict[Any, ox.NamedNode] = {s: ox.NamedNode(str(opaque_iri(s.value, key))) for s in secret}

    def public() -> Any:
        for g in graphs:
            yield from public_quads(source.quads_for_pattern(None, None, None, g), renamed)

    db = ox.Store()
    db.bulk_extend(public())
    return db


def _collect(result, max_rows: int) -> dict[str, Any]:
    if isinstance(result, ox.QueryBoolean):
        return {"kind": "boolean", "boolean": bool(result)}
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows: list[dict[str, Any]] = []
        truncated = False
        for solution in result:
            if len(rows) >= max_rows:
                truncated = True
                break
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = _term(term)
            rows.append(row)
        return {"kind": "bindings", "variables": names, "rows": rows, "truncated": truncated}
    lines: list[str] = []
    truncated = False
    for triple in result:
        if len(lines) >= max_rows:
            truncated = True
            break
        lines.append(f"{triple.subject} {triple.predicate} {triple.object} .\n")
    return {"kind": "graph", "rows": lines, "truncated": truncated}


def _term(term) -> dict[str, Any]:
    """One RDF term as SPARQL 1.1 JSON results write it."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _term(term.subject), "predicate": _term(term.predicate),
                                        "object": _term(term.object)}}
