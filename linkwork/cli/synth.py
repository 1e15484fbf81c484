"""`linkwork synth`: a deterministic national-size directory for benchmarks."""
from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--services", type=click.IntRange(1, 500_000), default=10_000, show_default=True, help="How many services.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed; the same seed gives byte-identical output.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to write synth.nt into.")
def synth(services: int, seed: int, output: Path) -> None:
    """Write a synthetic directory (N-Triples) that `linkwork load` reads.

    Areas nest as regions, counties and districts; services, eligibility
    rules, exclusions and referral routes follow the shapes of the
    illustrative Lancashire graph; touchpoints, meetings, community assets and
    funding streams are included. The data is generated, not real.

    \b
    Example:
      linkwork synth --services 200000 --seed 1 --output bench-data/national
      linkwork --store /tmp/national load bench-data/national/synth.nt
    """
    from linkwork.loaders.synth import write_synth

    summary = write_synth(output, services=services, seed=seed)
    click.echo(f"wrote {summary['path']}: {summary['services']} services, {summary['districts']} districts, "
               f"{summary['routes']} routes, {summary['meetings']} meetings, {summary['triples']} statements "
               f"(sha256 {summary['sha256'][:16]})")
