"""The Neo4j backend: the same graph as a labelled property graph in a shared Neo4j 5 database.

- :mod:`.connection` opens a session from options or ``NEO4J_*`` variables and turns driver errors
  into clear messages;
- :mod:`.records` is the lossless layer (every statement kept, keyed by its subject's IRI);
- :mod:`.projection` is the readable graph analysts query (labels, relationship types, properties);
- :mod:`.push` and :mod:`.pull` move the dataset each way, under generations switched atomically;
- :mod:`.backend` gives the engines a model compiled from Neo4j, refreshed when the graph changes;
- :mod:`.local_server` starts a local Bolt server (ArcadeDB) for the tests and benchmarks.

See docs/neo4j.md for the mapping and the Cypher.
"""
