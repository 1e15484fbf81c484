"""Read the live dataset back from Neo4j: into the embedded store (``linkwork neo4j pull``) or
into memory for the engines (:mod:`.backend`)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from linkwork.graph.neo4j.connection import Connection, Neo4jError
from linkwork.graph.neo4j.records import generation_of, triples_of
from linkwork.graph.store import Store

__all__ = ["PullResult", "pull", "live_dataset", "read_sources"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class PullResult:
    """What one pull did to the embedded store."""

    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    triples: int

    def summary(self) -> str:
        if not self.changed and not self.removed:
            return f"nothing to pull: all {len(self.unchanged)} sources already match Neo4j ({self.triples} triples)"
        return (f"pulled {len(self.changed)} changed source{'s' if len(self.changed) != 1 else ''}, "
                f"{len(self.unchanged)} unchanged, {len(self.removed)} removed; {self.triples} triples in the store")


def read_sources(conn: Connection, *, progress: Progress | None = None) -> Iterator[tuple[str, str, list[ox.Triple]]]:
    """Each live source in Neo4j with its generation and statements, as the catalogue points at them."""
    tell = progress or (lambda stage, done, total: None)
    sources = conn.run("MATCH (s:LwSource) RETURN s.iri AS iri, s.gen AS gen, s.triples AS n ORDER BY s.iri")
    if not sources:
        raise Neo4jError(f"{conn.settings.where()} holds no linkwork graph: run `linkwork neo4j push` first")
    for i, s in enumerate(sources, 1):
        rows = conn.run("MATCH (k:LwRecord) WHERE k.gen = $gen RETURN k.statements AS statements", gen=s["gen"])
        triples = list(triples_of(rows))
        if len(triples) != s["n"]:  # a generation is complete before it is switched; anything else is damage
            raise Neo4jError(f"{conn.settings.where()}: source {s['iri']} has {len(triples)} of its {s['n']} "
                             f"statements; push again to repair it")
        tell("reading sources", i, len(sources))
        yield s["iri"], s["gen"], triples


def live_dataset(conn: Connection, store: Store | None = None) -> Store:
    """The live dataset in ``store`` (default: a fresh in-memory store)."""
    store = Store() if store is None else store
    for source, _, triples in read_sources(conn):
        store.replace_source(source, triples)
    return store


def pull(conn: Connection, store: Store, *, progress: Progress | None = None) -> PullResult:
    """Make the embedded store's sources equal to Neo4j's: changed ones replaced, missing ones removed.

    Every source is read in full before the store is touched, so a failed read changes nothing.
    """
    incoming = {source: (gen, triples) for source, gen, triples in read_sources(conn, progress=progress)}
    changed, unchanged = [], []
    for source, (gen, triples) in sorted(incoming.items()):
        if store.source(source) is not None and generation_of(source, store.quads(source)) == gen:
            unchanged.append(source)  # the same content, however it was loaded: leave it be
        elif store.replace_source(source, triples).changed:
            changed.append(source)
        else:
            unchanged.append(source)
    removed = [e.source for e in store.sources() if e.source not in incoming]
    for source in removed:
        store.remove_source(source)
    store.flush()
    return PullResult(tuple(changed), tuple(unchanged), tuple(removed), store.count())
