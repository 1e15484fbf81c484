"""`linkwork summary`: what is in the store, source by source."""
from __future__ import annotations

from collections import Counter

import click


@click.command()
@click.pass_obj
def summary(obj) -> None:
    """Show the loaded sources and what the graph holds: services by type and
    need, areas, referral routes, touchpoints, meetings and community assets.

    \b
    Example:
      linkwork summary
    """
    core = obj.core(read_only=True)
    store, model = core.store, core.model
    click.echo(f"Store: {obj.store_path}")
    click.echo(f"{store.count()} statements in {len(store.sources())} sources:")
    for e in store.sources():
        click.echo(f"  {e.source}  {e.triples} statements, loaded {e.loaded_at}"
                   + (f"\n      from {e.origin}" if e.origin else ""))
    kinds = Counter(e.kind for e in model.entries.values())
    click.echo("")
    click.echo(f"{kinds['service']} services, {kinds['meeting']} mutual aid meetings, {kinds['asset']} community assets, "
               f"{len(model.routes)} referral routes, {len(model.touchpoints)} touchpoints, {len(model.areas)} areas, "
               f"{len(model.funding)} funding streams")
    types = Counter(t for e in model.services() for t in e.types)
    if types:
        click.echo("Services by type: " + ", ".join(f"{model.label(_vocab('service-type', t))} {n}" for t, n in sorted(types.items())))
    needs = Counter(d for e in model.services() for d in e.domains)
    if needs:
        click.echo("Services by need: " + ", ".join(f"{d.replace('-', ' ')} {n}" for d, n in sorted(needs.items())))
    rules = sum(len(e.rules) for e in model.entries.values())
    excl = sum(len(e.exclusions) for e in model.entries.values())
    crit = {c.iri for e in model.entries.values() for r in (*e.rules, *e.exclusions) for c in r.criteria}
    click.echo(f"{rules} eligibility rules, {excl} exclusions, {len(crit)} dated criteria")
    if bool(store.query("ASK { ?s <https://w3id.org/linkwork/ns#illustrative> true }")):
        click.echo("Note: this store holds illustrative data (marked lw:illustrative); it is not a real directory.")


def _vocab(scheme: str, key: str) -> str:
    return f"https://w3id.org/linkwork/vocab/{scheme}/{key}"
