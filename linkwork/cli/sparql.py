"""`linkwork sparql`: a read-only SPARQL query for analysts, with a time limit and a result cap."""
from __future__ import annotations

import click


@click.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="SPARQL 1.1 results as JSON or CSV (CONSTRUCT and DESCRIBE give N-Triples).")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True, help="Stop the query after this many seconds.")
@click.option("--limit", "max_rows", type=click.IntRange(1, 1_000_000), default=10_000, show_default=True,
              help="Return at most this many rows (or triples).")
@click.pass_obj
def sparql(obj, query: str, fmt: str, timeout: float, max_rows: int) -> None:
    """Run the SPARQL QUERY (its text, @FILE to read it from a file, or - for standard input)
    over the loaded sources, read-only.

    The prefixes rdf:, rdfs:, xsd:, skos:, dcterms: and lw: need no PREFIX
    line. Updates and SERVICE are refused. Confidential places appear as every
    export shows them: an opaque id, their area and provenance. The query runs
    in a separate process, stopped at --timeout; more rows than --limit are
    cut, with a note on standard error.

    \b
    Examples:
      linkwork sparql 'SELECT ?s ?label WHERE { ?s a <https://w3id.org/linkwork/ns#Service> ; rdfs:label ?label } LIMIT 5'
      linkwork sparql --format csv @queries/thresholds.rq
    """
    import sys
    from pathlib import Path

    from linkwork.graph.sparql import SparqlError, run_query

    if query == "-":
        query = sys.stdin.read()
    elif query.startswith("@"):
        try:
            query = Path(query[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SparqlError(f"{query[1:]}: cannot read the query ({getattr(exc, 'strerror', None) or type(exc).__name__})") from None
    result = run_query(obj.core(read_only=True).store, query, timeout=timeout, max_rows=max_rows)
    click.echo(result.body(fmt), nl=not result.body(fmt).endswith("\n"))
    if result.truncated:
        click.echo(f"note: more than {max_rows:,} results; only the first {max_rows:,} are shown (--limit)", err=True)
