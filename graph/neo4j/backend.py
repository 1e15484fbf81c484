"""The engines from Neo4j: a model compiled from the shared graph, rebuilt when the graph changes.

Every push bumps the ``:LwVersion`` node's counter in the transaction that switches the graph,
so each process (a CLI run, or an API worker on any machine) reads one small node to learn
whether another process has pushed, and re-reads the graph only then. The model is compiled
from exactly the statements the embedded store would hold (the lossless records), so answers
are identical from either backend.
"""
from __future__ import annotations

import time

from linkwork.graph.neo4j.connection import Connection, Settings, connect
from linkwork.graph.neo4j.pull import live_dataset
from linkwork.graph.neo4j.push import VERSION_KEY, graph_version
from linkwork.graph.store import Store

from linkwork.core import Core

__all__ = ["Neo4jCore", "GraphCopy", "graph_status", "SERVE_CHECK_EVERY"]

#: Seconds between an API server's reads of the graph's version node: a push shows within this time.
SERVE_CHECK_EVERY = 5.0


class GraphCopy(Store):
    """An in-memory copy of the Neo4j graph as of one graph version; its ``version`` is that version,
    so whatever caches by store version (the core, the API's model state) rebuilds when Neo4j moves on."""

    def __init__(self, graph_version: int) -> None:
        super().__init__()
        self.graph_version = graph_version

    @property
    def version(self) -> int:
        return self.graph_version


class Neo4jCore(Core):
    """A :class:`~linkwork.core.Core` over the Neo4j graph, kept current through its version node.

    ``check_every`` seconds bounds how often the version node is read (0: on every access of
    ``store`` or ``model``); an API server uses a few seconds so requests do not each ask Neo4j.
    """

    def __init__(self, conn: Connection, *, check_every: float = 0.0) -> None:
        self.conn = conn
        self.check_every = check_every
        self._checked = time.monotonic()
        self.reloads = 0
        super().__init__(self._read())

    @classmethod
    def connect(cls, settings: Settings, *, check_every: float = 0.0) -> Neo4jCore:
        """Connect (failing at once with a clear message) and read the graph."""
        return cls(connect(settings), check_every=check_every)

    @property
    def store(self) -> GraphCopy:
        """The copy of the graph, re-read first if a push has bumped the graph's version."""
        self.refresh()
        return self._copy

    @store.setter
    def store(self, copy: GraphCopy) -> None:
        self._copy = copy

    def refresh(self) -> bool:
        """Re-read the graph if its version moved on; whether it did."""
        now = time.monotonic()
        if "_copy" not in self.__dict__ or (self.check_every and now - self._checked < self.check_every):
            return False
        self._checked = now
        if graph_version(self.conn) == self._copy.version:
            return False
        self._copy = self._read()
        return True

    def _read(self) -> GraphCopy:
        version = graph_version(self.conn)
        copy = live_dataset(self.conn, GraphCopy(version))
        if graph_version(self.conn) != version:  # a push switched while we read: read the new graph instead
            return self._read()
        self.reloads += 1
        return copy

    def close(self) -> None:
        self._copy.close()
        self.conn.close()


def graph_status(conn: Connection) -> dict:
    """What the graph in Neo4j holds, for `linkwork neo4j status`."""
    v = conn.run("MATCH (v:LwVersion {key: $key}) RETURN v.n AS n, v.pushed_at AS at, v.nodes AS nodes, "
                 "v.relationships AS rels", key=VERSION_KEY)
    sources = conn.run("MATCH (s:LwSource) RETURN s.iri AS iri, s.gen AS gen, s.triples AS triples ORDER BY s.iri")
    gens = [s["gen"] for s in sources]
    stale = conn.run("MATCH (k:LwRecord) WHERE NOT k.gen IN $gens RETURN count(k) AS n", gens=gens)[0]["n"]
    head = v[0] if v else {"n": 0, "at": None, "nodes": 0, "rels": 0}
    return {"where": conn.settings.where(), "version": head["n"], "pushed_at": head["at"], "nodes": head["nodes"],
            "relationships": head["rels"], "sources": sources, "stale_records": stale}
