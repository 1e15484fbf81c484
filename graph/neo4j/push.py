"""Push the embedded store to Neo4j: batched, idempotent, and switched only when complete.

1. Each source whose content is not already live in Neo4j is written as a new generation of
   ``:LwRecord`` nodes (``UNWIND $rows ... MERGE``, so a retried batch duplicates nothing).
   Nothing reads a generation until the catalogue points at it.
2. One transaction then rewrites the readable projection, points each ``:LwSource`` at its new
   generation and bumps the ``:LwVersion`` node. If the push stops before that commits, the
   previous graph is untouched: the half-written generation is invisible and is swept next time.
3. Generations no source points at are deleted.

Pushing unchanged content writes nothing; after a reload of one source only that source's
records are written, and the projection changes only where the data did.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from linkwork.graph.confidential import confidential_places, public_quads
from linkwork.graph.neo4j.connection import Connection, Neo4jError
from linkwork.graph.neo4j.projection import ALL_LABELS, project, schema_for
from linkwork.graph.neo4j.records import SCHEMA, generation_of, record_rows
from linkwork.graph.store import Store

__all__ = ["PushResult", "push", "ensure_schema", "live_generations", "graph_version", "sweep", "VERSION_KEY"]

Progress = Callable[[str, int, int], None]
VERSION_KEY = "linkwork"


@dataclass(frozen=True)
class PushResult:
    """What one push did."""

    written: tuple[str, ...]    # sources whose new content was written
    unchanged: tuple[str, ...]  # sources already live with this content
    removed: tuple[str, ...]    # sources live in Neo4j but no longer in the store
    records: int                # record nodes written
    nodes: int                  # projected nodes (whole graph)
    relationships: int          # projected relationships (whole graph)
    swept: int                  # record nodes of stale generations deleted
    version: int                # the graph version after the push
    seconds: float

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed)

    def summary(self) -> str:
        if not self.changed:
            return (f"nothing to push: all {len(self.unchanged)} sources already live (graph version {self.version}); "
                    f"{self.nodes} nodes, {self.relationships} relationships")
        parts = [f"pushed {len(self.written)} source{'s' if len(self.written) != 1 else ''} "
                 f"({self.records} records)"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} unchanged")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        return (", ".join(parts) + f"; projection {self.nodes} nodes, {self.relationships} relationships; "
                f"swept {self.swept} stale records; graph version {self.version}; {self.seconds:.1f} s")


def ensure_schema(conn: Connection, labels=ALL_LABELS) -> None:
    """Create the constraints and indexes that are missing (``IF NOT EXISTS``: a no-op when present)."""
    wanted = (*SCHEMA, *schema_for(labels))
    have = {r["name"] for r in conn.run("SHOW CONSTRAINTS")} | {r["name"] for r in conn.run("SHOW INDEXES")}
    for stmt in wanted:
        if stmt.split()[2] not in have:  # "CREATE CONSTRAINT <name> IF NOT EXISTS ..."
            conn.run(stmt)


def live_generations(conn: Connection) -> dict[str, str]:
    """source IRI -> its live generation in Neo4j."""
    return {r["iri"]: r["gen"] for r in conn.run("MATCH (s:LwSource) RETURN s.iri AS iri, s.gen AS gen")}


def graph_version(conn: Connection) -> int:
    rows = conn.run("MATCH (v:LwVersion {key: $key}) RETURN v.n AS n", key=VERSION_KEY)
    return int(rows[0]["n"]) if rows else 0


def push(store: Store, conn: Connection, *, batch_size: int = 2000, progress: Progress | None = None,
         area_label: Callable[[str], str | None] | None = None) -> PushResult:
    """Make the Neo4j graph equal to the store's live sources.

    Raises
    ------
    Neo4jError
        if the server fails or the connection drops; the previous graph stays live.
    """
    started = time.perf_counter()
    tell = progress or (lambda stage, done, total: None)
    ensure_schema(conn)
    live = live_generations(conn)
    local = {e.source: list(store.quads(e.source)) for e in store.sources()}
    gens = {src: generation_of(src, quads) for src, quads in local.items()}
    written = tuple(sorted(s for s in gens if live.get(s) != gens[s]))
    unchanged = tuple(sorted(s for s in gens if live.get(s) == gens[s]))
    removed = tuple(sorted(set(live) - set(gens)))
    meta = conn.run("MATCH (v:LwVersion {key: $key}) RETURN v.n AS n, v.nodes AS nodes, v.relationships AS rels",
                    key=VERSION_KEY)
    if not written and not removed and meta:
        swept = sweep(conn, batch_size=batch_size)
        return PushResult((), unchanged, (), 0, meta[0]["nodes"] or 0, meta[0]["rels"] or 0, swept,
                          int(meta[0]["n"]), time.perf_counter() - started)

    try:
        rows, n_nodes, n_rels, version = _write_and_switch(conn, local, gens, written, removed, meta, batch_size,
                                                           tell, area_label, confidential_places(store))
    except (KeyboardInterrupt, Neo4jError) as exc:
        why = "interrupted" if isinstance(exc, KeyboardInterrupt) else str(exc)
        raise Neo4jError(f"push stopped before the switch ({why}); the previous graph "
                         f"(version {meta[0]['n'] if meta else 0}) is still live, and what was half-written "
                         f"is swept by the next push") from None

    # 3. stale generations
    swept = sweep(conn, batch_size=batch_size)
    return PushResult(written, unchanged, removed, len(rows), n_nodes, n_rels, swept, int(version),
                      time.perf_counter() - started)


def _write_and_switch(conn, local, gens, written, removed, meta, batch_size, tell, area_label, places):
    """Steps 1 and 2: the new generations, then the projection and the switch in one transaction.
    The lossless records keep every statement (pull gives the store back); the readable projection,
    which people browse, shows a confidential place as its area under its opaque IRI only."""
    # 1. new generations, invisible until switched
    rows = [r for src in written for r in record_rows(local[src], gens[src])]
    for i in range(0, len(rows), batch_size):
        conn.run("UNWIND $rows AS r MERGE (k:LwRecord {key: r.key}) "
                 "SET k.gen = r.gen, k.subject = r.subject, k.statements = r.statements", rows=rows[i:i + batch_size])
        tell("writing records", min(i + batch_size, len(rows)), len(rows))

    # 2. projection and switch in one transaction
    proj = project(public_quads((q for quads in local.values() for q in quads), places), area_label=area_label)
    n_nodes, n_rels = proj.counts()
    previous = _projected_keys(conn, meta)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    done, total = 0, n_nodes + n_rels
    with conn.transaction() as tx:
        for lab, node_rows in sorted(proj.nodes.items()):
            for i in range(0, len(node_rows), batch_size):
                tx.run(f"UNWIND $rows AS r MERGE (n:{lab} {{iri: r.iri}}) SET n = r.props",
                       rows=node_rows[i:i + batch_size]).consume()
                done += len(node_rows[i:i + batch_size])
                tell("writing the projection", done, total)
        for (typ, a, b), rel_rows in sorted(proj.relationships.items()):
            key = "{route: r.props.route}" if typ == "REFERS_TO" else ""
            for i in range(0, len(rel_rows), batch_size):
                tx.run(f"UNWIND $rows AS r MATCH (a:{a} {{iri: r.a}}) MATCH (b:{b} {{iri: r.b}}) "
                       f"MERGE (a)-[x:{typ} {key}]->(b) SET x = r.props", rows=rel_rows[i:i + batch_size]).consume()
                done += len(rel_rows[i:i + batch_size])
                tell("writing the projection", done, total)
        _delete_stale(tx, proj, previous, batch_size)
        tx.run("UNWIND $rows AS r MERGE (s:LwSource {iri: r.iri}) SET s.gen = r.gen, s.triples = r.triples, "
               "s.pushed_at = r.at", rows=[{"iri": s, "gen": gens[s], "triples": len(local[s]), "at": now}
                                           for s in written]).consume()
        if removed:
            tx.run("MATCH (s:LwSource) WHERE s.iri IN $gone DELETE s", gone=list(removed)).consume()
        version = tx.run(
            "MERGE (v:LwVersion {key: $key}) ON CREATE SET v.n = 1 ON MATCH SET v.n = v.n + 1 "
            "SET v.pushed_at = $now, v.nodes = $nodes, v.relationships = $rels, v.labels = $labels, "
            "v.groups = $groups RETURN v.n AS n", key=VERSION_KEY, now=now, nodes=n_nodes, rels=n_rels,
            labels=sorted(proj.nodes), groups=sorted("|".join(k) for k in proj.relationships)).single()["n"]
    return rows, n_nodes, n_rels, version


def _projected_keys(conn: Connection, meta) -> tuple[dict[str, set[str]], dict[tuple, set[tuple]]]:
    """What the previous push projected, so that what is gone now can be deleted."""
    if not meta:
        return {}, {}
    row = conn.run("MATCH (v:LwVersion {key: $key}) RETURN v.labels AS labels, v.groups AS groups", key=VERSION_KEY)[0]
    nodes = {lab: {r["iri"] for r in conn.run(f"MATCH (n:{lab}) RETURN n.iri AS iri")} for lab in row["labels"] or ()}
    rels: dict[tuple, set[tuple]] = {}
    for g in row["groups"] or ():
        typ, a, b = g.split("|")
        rels[(typ, a, b)] = {(r["a"], r["b"], r["route"]) for r in conn.run(
            f"MATCH (a:{a})-[x:{typ}]->(b:{b}) RETURN a.iri AS a, b.iri AS b, x.route AS route")}
    return nodes, rels


def _delete_stale(tx, proj, previous, batch_size: int) -> None:
    old_nodes, old_rels = previous
    for lab, iris in old_nodes.items():
        gone = sorted(iris - {r["iri"] for r in proj.nodes.get(lab, ())})
        for i in range(0, len(gone), batch_size):
            tx.run(f"UNWIND $iris AS iri MATCH (n:{lab} {{iri: iri}}) DETACH DELETE n", iris=gone[i:i + batch_size]).consume()
    for (typ, a, b), keys in old_rels.items():
        now = {(r["a"], r["b"], r["props"].get("route")) for r in proj.relationships.get((typ, a, b), ())}
        gone = [{"a": x, "b": y, "route": z} for x, y, z in sorted(keys - now, key=str)]
        for i in range(0, len(gone), batch_size):
            tx.run(f"UNWIND $rows AS r MATCH (a:{a} {{iri: r.a}})-[x:{typ}]->(b:{b} {{iri: r.b}}) "
                   f"WHERE r.route IS NULL OR x.route = r.route DELETE x", rows=gone[i:i + batch_size]).consume()


def sweep(conn: Connection, *, batch_size: int = 5000) -> int:
    """Delete records of generations no source points at (left by replaced or interrupted pushes)."""
    gens = [r["gen"] for r in conn.run("MATCH (s:LwSource) RETURN s.gen AS gen")]
    total = 0
    while True:
        n = conn.run("MATCH (k:LwRecord) WHERE NOT k.gen IN $gens WITH k LIMIT $n DELETE k RETURN count(*) AS n",
                     gens=gens, n=batch_size)[0]["n"]
        total += n
        if n < batch_size:
            return total
