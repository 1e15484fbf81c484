"""The lossless layer: every statement of every source, kept so that pull gives back what was pushed.

A source version is one *generation*: one ``:LwRecord`` node per subject, holding that subject's
statements as N-Triples lines (literals keep their datatype and language; blank nodes keep their
labels). ``:LwSource`` nodes are the catalogue: each names the generation that is live for its
source, so a push writes a new generation beside the old one and switches the pointer last.

>>> import pyoxigraph as ox
>>> q = [ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:p"), ox.Literal("1", language="en"))]
>>> rows = record_rows(q, "g1")
>>> rows[0]["key"], rows[0]["statements"]
('g1 <urn:x:a>', ['<urn:x:a> <urn:x:p> "1"@en .'])
>>> [str(t) for t in triples_of(rows)]
['<urn:x:a> <urn:x:p> "1"@en']
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from linkwork.graph.store import _SetHash

__all__ = ["generation_of", "record_rows", "triples_of", "SCHEMA"]

#: Constraints and indexes the lossless layer needs; named, as Neo4j 5 and ArcadeDB both require.
SCHEMA = (
    "CREATE CONSTRAINT lw_record_key IF NOT EXISTS FOR (n:LwRecord) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT lw_source_iri IF NOT EXISTS FOR (n:LwSource) REQUIRE n.iri IS UNIQUE",
    "CREATE CONSTRAINT lw_version_key IF NOT EXISTS FOR (n:LwVersion) REQUIRE n.key IS UNIQUE",
    "CREATE INDEX lw_record_gen IF NOT EXISTS FOR (n:LwRecord) ON (n.gen)",
)


def generation_of(source: str, quads: Iterable[ox.Quad]) -> str:
    """A name for this content of ``source``: equal content, equal name, however it was loaded.

    >>> q = [ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:p"), ox.Literal("1"))]
    >>> generation_of("urn:s", q) == generation_of("urn:s", list(q)), generation_of("urn:s", q) == generation_of("urn:t", q)
    (True, False)
    """
    h = _SetHash()
    for q in quads:
        h.add(q)
    return "g" + hashlib.sha256(f"{source}\n{h.hexdigest()}".encode()).hexdigest()[:20]


def record_rows(quads: Iterable[ox.Quad | ox.Triple], gen: str) -> list[dict]:
    """One row per subject for ``UNWIND $rows ... MERGE``: its key, generation and statements."""
    by_subject: dict[str, list[str]] = defaultdict(list)
    for q in quads:
        s = str(q.subject)
        by_subject[s].append(f"{s} {q.predicate} {q.object} .")
    return [{"key": f"{gen} {s}", "gen": gen, "subject": s, "statements": sorted(lines)}
            for s, lines in sorted(by_subject.items())]


def triples_of(rows: Iterable[dict]) -> Iterator[ox.Triple]:
    """The statements of record rows (as read back from Neo4j), as triples."""
    for row in rows:
        data = "\n".join(row["statements"]).encode()
        for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            yield ox.Triple(q.subject, q.predicate, q.object)
