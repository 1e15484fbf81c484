"""`linkwork bench`: measured speed, against baselines run in the same process."""
from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("names", nargs=-1)
@click.option("--quick", is_flag=True, help="Small inputs: a smoke run in seconds rather than the full measurement.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=Path("bench-data"), show_default=True,
              help="Where generated inputs and scratch stores go (reused between runs).")
@click.option("--record/--no-record", default=True, show_default=True, help="Append the results to docs/benchmarks.md.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("docs/benchmarks.md"), show_default=True,
              help="The Markdown file results are appended to.")
def bench(names: tuple[str, ...], quick: bool, workdir: Path, record: bool, output: Path) -> None:
    """Run benchmarks NAMES (default: all of load, navigator, gaps, postcodes, api) and print a table.

    Each figure is printed beside a baseline measured in the same run (rdflib's
    own parser for loading; assessing every entry for the navigator; the naive
    loop over every cell and service for the gap sweep; a plain dict of the
    postcode directory for postcode lookups; the same answer by a direct call into
    the core for the HTTP API, driven from a second process) with the speed-up.
    Tests never time anything; this command is for people.

    `neo4j` runs only when named: push throughput beside single-row MERGE, the
    model compiled from Neo4j beside the embedded store, and a pathway question
    in Cypher beside the engine, against the empty database NEO4J_* names or,
    without NEO4J_URI, a local ArcadeDB it starts for the run.

    \b
    Examples:
      linkwork bench --quick --no-record
      linkwork bench navigator gaps
      linkwork bench neo4j --quick
    """
    from linkwork.bench import BENCHMARKS, OPT_IN, get_benchmark
    from linkwork.bench.report import append_markdown, table

    chosen = names or tuple(n for n in BENCHMARKS if n not in OPT_IN)
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        raise click.BadParameter(f"unknown benchmark {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in chosen:
        click.echo(f"running {name}{' (quick)' if quick else ''}...", err=True)
        rows.extend(get_benchmark(name)(workdir, quick=quick))
    click.echo(table(rows))
    if record:
        append_markdown(output, f"linkwork bench {' '.join(chosen)}{' --quick' if quick else ''}", rows)
        click.echo(f"recorded in {output}", err=True)
