"""`--backend`: run a command's engines from the embedded store or from a shared Neo4j graph."""
from __future__ import annotations

import click

__all__ = ["backend_option"]


def _set_backend(ctx: click.Context, _param, value: str) -> str:
    if hasattr(ctx.obj, "backend"):
        ctx.obj.backend = value
    return value


def backend_option(f):
    """Add ``--backend embedded|neo4j`` (env ``LINKWORK_BACKEND``); Neo4j is reached through ``NEO4J_*``."""
    return click.option(
        "--backend", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True,
        envvar="LINKWORK_BACKEND", show_envvar=True, expose_value=False, is_eager=True, callback=_set_backend,
        help="Where the graph is read from: the embedded store, or the Neo4j database named by NEO4J_URI, "
             "NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE (see `linkwork neo4j`).")(f)
