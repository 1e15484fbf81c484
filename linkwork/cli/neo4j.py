"""`linkwork neo4j`: push the graph to a shared Neo4j database, pull it back, see what is there."""
from __future__ import annotations

import click

from linkwork.cli.progress import progress_bar


def _connection_options(f):
    for opt in reversed([
        click.option("--uri", envvar="NEO4J_URI", show_envvar=True, help="Bolt address. Default: bolt://localhost:7687."),
        click.option("--username", "-u", envvar="NEO4J_USERNAME", show_envvar=True, help="User name. Default: neo4j."),
        click.option("--password", "-p", envvar="NEO4J_PASSWORD", show_envvar=True,
                     help="Password (prefer the environment variable: options show in process lists)."),
        click.option("--database", "-d", envvar="NEO4J_DATABASE", show_envvar=True,
                     help="Database name. Default: the server's default database."),
    ]):
        f = opt(f)
    return f


def _connect(uri, username, password, database):
    from linkwork.graph.neo4j.connection import connect, settings_from_env

    return connect(settings_from_env(uri=uri, username=username, password=password, database=database))


@click.group()
def neo4j() -> None:
    """Share the graph through Neo4j 5 (single server, cluster or Aura).

    `push` writes the embedded store to Neo4j; `pull` writes Neo4j's graph into the
    embedded store; `status` says what Neo4j holds. Connection settings come from
    the options or from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE.
    See docs/neo4j.md for the mapping and queries to paste into Neo4j Browser.

    \b
    Examples:
      export NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=secret
      linkwork neo4j push
      linkwork neo4j status
      linkwork --store other-store neo4j pull
    """


@neo4j.command()
@_connection_options
@click.option("--batch-size", default=2000, show_default=True, help="Rows per UNWIND ... MERGE statement.")
@click.pass_obj
def push(obj, uri, username, password, database, batch_size: int) -> None:
    """Write the embedded store to Neo4j.

    Only sources whose content changed are written; the new content becomes
    visible in one transaction at the end, so an interrupted push leaves the
    previous graph in place. Pushing twice changes nothing.
    """
    from linkwork.graph.neo4j.push import push as do_push

    core = obj.core(read_only=True)
    with _connect(uri, username, password, database) as conn, progress_bar() as update:
        result = do_push(core.store, conn, batch_size=batch_size, progress=update, area_label=_area_label(core))
    click.echo(f"{conn.settings.where()}: {result.summary()}")


@neo4j.command()
@_connection_options
@click.pass_obj
def pull(obj, uri, username, password, database) -> None:
    """Write Neo4j's graph into the embedded store (changed sources replaced, missing ones removed)."""
    from linkwork.graph.neo4j.pull import pull as do_pull

    core = obj.core()
    with _connect(uri, username, password, database) as conn, progress_bar() as update:
        result = do_pull(conn, core.store, progress=update)
    click.echo(f"{conn.settings.where()}: {result.summary()}")


@neo4j.command()
@_connection_options
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(uri, username, password, database, as_json: bool) -> None:
    """What the Neo4j graph holds: its version, sources, nodes and relationships."""
    import json

    from linkwork.graph.neo4j.backend import graph_status

    with _connect(uri, username, password, database) as conn:
        st = graph_status(conn)
    if as_json:
        click.echo(json.dumps(st, indent=2))
        return
    if not st["sources"]:
        click.echo(f"{st['where']}: no linkwork graph yet (run `linkwork neo4j push`)")
        return
    click.echo(f"{st['where']}: graph version {st['version']}, pushed {st['pushed_at']}; "
               f"{st['nodes']} nodes, {st['relationships']} relationships; {len(st['sources'])} sources")
    for s in st["sources"]:
        click.echo(f"  {s['iri']}: {s['triples']} statements (generation {s['gen']})")
    if st["stale_records"]:
        click.echo(f"  {st['stale_records']} records of stale generations (swept by the next push)")


def _area_label(core):
    """A function naming an area by its label, for confidential places."""
    model = core.model
    return lambda iri: model.label(iri) if iri in model.areas else None
