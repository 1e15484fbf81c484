"""The engines from Neo4j: a model compiled from the shared graph, rebuilt when the graph changes.

Every push bumps the ``:LwVersion`` node's counter in the transaction that switches the graph,
so each API process (on any machine) checks one small node and recompiles only when another
process has pushed. The model is compiled from exactly the statements that the embedded
store would hold (the lossless records), so answers are identical from either backend.
"""
from __future__ import annotations

import time

from linkwork.graph.neo4j.connection import Connection, Settings, connect
from linkwork.graph.neo4j.pull import live_dataset
from linkwork.graph.neo4j.push import VERSION_KEY, graph_version

from linkwork.core import Core

__all__ = ["Neo4jCore", "graph_status"]


class Neo4jCore(Core):
    """A :class:`~linkwork.core.Core` whose store is a copy of the Neo4j graph, kept current.

    ``check_every`` seconds bounds how often the version node is read (0: on every access).
    """

    def __init__(self, conn: Connection, *, check_every: float = 0.0) -> None:
        self.conn = conn
        self.check_every = check_every
        self._remote_version = graph_version(conn)
        self._checked = time.monotonic()
        super().__init__(live_dataset(conn))

    @classmethod
    def connect(cls, settings: Settings, **kw) -> Neo4jCore:
        return cls(connect(settings), **kw)

    @property
    def model(self):
        """The compiled model, re-read from Neo4j first if its graph version moved on."""
        self.refresh()
        return super().model

    def refresh(self) -> bool:
        """Re-read the graph if a push bumped its version; whether it did."""
        now = time.monotonic()
        if self.check_every and now - self._checked < self.check_every:
            return False
        self._checked = now
        v = graph_version(self.conn)
        if v == self._remote_version:
            return False
        self.store = live_dataset(self.conn)
        self._model, self._model_version, self._remote_version = None, -1, v
        return True

    def close(self) -> None:
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
