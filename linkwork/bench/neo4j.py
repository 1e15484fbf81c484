"""Neo4j backend speed: push throughput beside single-row MERGE, the model compiled from Neo4j
beside the embedded store, and one pathway question in Cypher beside the embedded engine.

The server is the one ``NEO4J_URI`` (with ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``,
``NEO4J_DATABASE``) names, else a local ArcadeDB started for the run (see
:mod:`linkwork.graph.neo4j.local_server`), each case on a fresh database. A named database
must be empty (the benchmark writes its graphs there and deletes them afterwards).
"""
from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import networkx as nx

from linkwork.bench import BenchRow
from linkwork.core import Core
from linkwork.data import lancashire_files
from linkwork.errors import LinkworkError
from linkwork.graph.neo4j.backend import Neo4jCore
from linkwork.graph.neo4j.connection import Connection, Settings, connect, settings_from_env
from linkwork.graph.neo4j.projection import project
from linkwork.graph.neo4j.pull import live_dataset
from linkwork.graph.neo4j.push import push
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources

__all__ = ["run"]

#: The pathway question, asked both ways: how many services can a person reach by self-referral
#: in at most two referrals (routes from a named origin)?
CYPHER = "MATCH (:EntryPoint)-[:REFERS_TO*1..2]->(s) RETURN count(DISTINCT s) AS n"
SELF = "self"


def _stores(workdir: Path, quick: bool):
    """(case, store) pairs: the illustrative graph, then (unless ``quick``) synthetic directories."""
    lanc = Store()
    load_sources(lanc, lancashire_files(), fmt="turtle")
    yield "illustrative Lancashire", lanc
    from linkwork.loaders.synth import write_synth

    for n in (() if quick else (2_000, 10_000)):
        out = workdir / f"synth-{n}-1"
        if not (out / "synth.nt").exists():
            write_synth(out, services=n, seed=1)
        store = Store()
        load_sources(store, [out / "synth.nt"])
        yield f"synthetic, {n:,} services", store


def _single_vs_batched(conn: Connection, rows: list[dict], single_n: int) -> tuple[float, float]:
    """Rows per second written one MERGE per statement, and in UNWIND batches, on the same rows."""
    for lab in ("BenchSingle", "BenchBatch"):
        conn.run(f"CREATE CONSTRAINT lw_{lab.lower()}_iri IF NOT EXISTS FOR (n:{lab}) REQUIRE n.iri IS UNIQUE")
    sample = rows[:single_n]
    t = time.perf_counter()
    for r in sample:
        conn.run("MERGE (n:BenchSingle {iri: $iri}) SET n = $props", iri=r["iri"], props=r["props"])
    single = len(sample) / (time.perf_counter() - t)
    t = time.perf_counter()
    for i in range(0, len(rows), 2000):
        conn.run("UNWIND $rows AS r MERGE (n:BenchBatch {iri: r.iri}) SET n = r.props", rows=rows[i:i + 2000])
    batched = len(rows) / (time.perf_counter() - t)
    for lab in ("BenchSingle", "BenchBatch"):
        while conn.run(f"MATCH (n:{lab}) WITH n LIMIT 5000 DELETE n RETURN count(*) AS n")[0]["n"]:
            pass
    return single, batched


def _median_time(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def _settings(workdir: Path):
    if os.environ.get("NEO4J_URI"):
        return settings_from_env(), None
    from linkwork.graph.neo4j.local_server import start_local_server

    server = start_local_server(workdir / "arcadedb", heap="2g")
    return Settings(server.bolt_uri, server.username, server.password, "linkwork"), server


def run(workdir: Path, *, quick: bool = False) -> list[BenchRow]:
    rows: list[BenchRow] = []
    base, server = _settings(workdir)
    try:
        for i, (case, store) in enumerate(_stores(workdir, quick)):
            settings = base
            if server is not None:
                settings = Settings(base.uri, base.username, base.password, server.create_database(f"bench{i}"))
            with connect(settings) as conn:
                if server is None and conn.run("MATCH (n) RETURN count(n) AS n")[0]["n"]:
                    raise LinkworkError(f"{settings.where()} is not empty: `linkwork bench neo4j` writes its own "
                                        f"graphs there and deletes them; give an empty database with NEO4J_DATABASE")
                try:
                    rows.extend(_case(case, store, conn, quick))
                finally:
                    if server is None:
                        while conn.run("MATCH (n) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n")[0]["n"]:
                            pass
    finally:
        if server is not None:
            server.stop()
    return rows


def _case(case: str, store: Store, conn: Connection, quick: bool) -> list[BenchRow]:
    out: list[BenchRow] = []
    t = time.perf_counter()
    result = push(store, conn)
    push_s = time.perf_counter() - t
    items = result.records + result.nodes + result.relationships
    node_rows = [r for rs in project(store.quads()).nodes.values() for r in rs]
    single, batched = _single_vs_batched(conn, node_rows[:20_000], 50 if quick else 300)
    out.append(BenchRow("neo4j", case, f"push, {items:,} records + nodes + relationships ({push_s:.1f} s)",
                        items / push_s, "items/s", "single-row MERGE, same run", single, higher_is_better=True))
    out.append(BenchRow("neo4j", case, f"UNWIND batches of 2,000 vs single-row MERGE ({min(len(node_rows), 20_000):,} nodes)",
                        batched, "rows/s", "single-row MERGE, same run", single, higher_is_better=True))
    t = time.perf_counter()
    again = push(store, conn)
    assert not again.changed
    out.append(BenchRow("neo4j", case, "push again, nothing changed", time.perf_counter() - t, "s"))

    t = time.perf_counter()
    copy = live_dataset(conn)
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    shared = Neo4jCore(conn)
    model_n = shared.model
    from_neo4j = time.perf_counter() - t
    t = time.perf_counter()
    model_e = Core(copy).model
    embedded = time.perf_counter() - t
    out.append(BenchRow("neo4j", case, f"model from Neo4j (read {read_s:.1f} s + compile)", from_neo4j, "s",
                        "compile from the embedded store", embedded))

    G: nx.DiGraph = nx.DiGraph()
    G.add_edges_from((r.origin, r.target) for r in model_e.routes if r.origin)
    services = {e.iri for e in model_e.entries.values()}

    def engine() -> int:
        reach = nx.single_source_shortest_path_length(G, SELF, cutoff=2) if SELF in G else {}
        return sum(1 for k, d in reach.items() if d >= 1 and k in services)

    repeats = 3 if quick else 7
    cy_s, cy_n = _median_time(lambda: conn.run(CYPHER)[0]["n"], repeats)
    en_s, en_n = _median_time(engine, repeats)
    same = "same answer" if cy_n == en_n else f"answers differ: {cy_n} vs {en_n}"
    out.append(BenchRow("neo4j", case, f"services reachable by self-referral in 2 steps, Cypher ({cy_n}; {same})",
                        cy_s * 1000, "ms", "embedded engine (networkx)", en_s * 1000))
    assert model_n.routes == model_e.routes
    return out
