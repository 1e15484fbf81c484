"""`linkwork gaps`: who falls between services, where, and what would close it."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

import click

from linkwork.cli.backend import backend_option

#: the analyses `--type` chooses from, as graph/gaps/report.py registers them (kept here so --help needs no import)
_KINDS = ("threshold", "cumulative-need", "coverage", "transition", "critical-mass", "funding", "fragility", "mutual-aid")


@click.command()
@click.option("--area", "areas", multiple=True, metavar="NAME", help="Only these areas (name, IRI or postcode district); repeatable. Default: every district and unitary authority.")
@click.option("--type", "kinds", multiple=True, type=click.Choice(_KINDS), metavar="KIND",
              help="Only these analyses: " + ", ".join(_KINDS) + "; repeatable.")
@click.option("--domain", "domains", multiple=True, metavar="NEED", help="Threshold sweep only for these need domains; repeatable.")
@click.option("--service-type", "service_types", multiple=True, metavar="TYPE",
              help="Threshold gaps in these kinds of service themselves (probation, say), even where another kind "
                   "covers the need; repeatable.")
@click.option("--release", type=click.DateTime(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]), metavar="WHEN",
              help="Release what-if: who, released at WHEN (2013-06-14T15:30), can reach nothing for a need before --until; "
                   "a transition finding per area, need and population cell (003 L1289-1291).")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]), metavar="WHEN",
              help="The deadline for --release (default: 72 hours after it).")
@click.option("--prison", metavar="NAME", help="For --release: the prison released from (name or IRI), whose routes count.")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Apply rules as dated on this day (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print findings as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print findings as CSV.")
@click.option("--limit", type=int, default=0, help="Show at most this many findings per kind in the readable report (0: all).")
@click.option("--what-if", "changes", multiple=True, metavar="SPEC",
              help="Report cells a change would close and open instead of the gaps: threshold:CRITERION:minimum=LEVEL, "
                   "threshold:CRITERION:values=A,B, remove:SERVICE, route:ORIGIN->TARGET, funding:STREAM (the stream ends); "
                   "repeated, every change is applied together.")
@click.option("--rank-changes", "rank_domain", metavar="NEED", help="Rank one-step threshold relaxations for this need by cells closed.")
@click.option("--ladder", "ladder_domain", metavar="NEED", help="Show which severity bands each service for this need covers in each area.")
@click.option("--write", is_flag=True, help="Store the findings in the graph as lw:Gap resources (source urn:linkwork:source:gaps).")
@backend_option
@click.pass_obj
def gaps(obj, areas, kinds, domains, service_types, release, until, prison, on, as_json, as_csv, limit, changes, rank_domain, ladder_domain, write) -> None:
    """Find threshold, cumulative-need, coverage, transition, critical-mass and
    funding gaps in the loaded graph, for commissioners.

    \b
    Examples:
      linkwork gaps
      linkwork gaps --area Burnley --type threshold --domain mental-health
      linkwork gaps --type threshold --service-type probation --date 2013-06-14
      linkwork gaps --what-if threshold:crit-mh-severe:minimum=moderate
      linkwork gaps --rank-changes mental-health --json
      linkwork gaps --backend neo4j --limit 5
      linkwork gaps --what-if funding:pcc-cj --what-if remove:link-worker
      linkwork gaps --release 2013-06-14T15:30 --until 2013-06-17T09:00 --prison "HMP Preston" --area "Blackburn with Darwen"
    """
    from datetime import date

    from linkwork.api.schemas import GapPublic, LadderRow, RankedChange, WhatIfPublic
    from linkwork.graph.gaps.report import all_gaps
    from linkwork.graph.places import resolve_area

    if write and obj.backend == "neo4j":
        raise click.UsageError("--write stores findings in the embedded store: run without --backend neo4j, "
                               "then `linkwork neo4j push`")
    core = obj.core(read_only=not write)
    model = core.model
    day = on.date() if on else date.today()
    needs = sorted({d for e in model.services() for d in e.domains})
    for hint, asked in (("--domain", domains), ("--rank-changes", (rank_domain,) if rank_domain else ()),
                        ("--ladder", (ladder_domain,) if ladder_domain else ())):
        for d in asked:
            if d not in needs:
                raise click.BadParameter(f"no service in the store meets a need called {d!r}; the needs are: "
                                         f"{', '.join(needs)}", param_hint=hint)
    area_ids = None
    if areas:
        area_ids = []
        for a in areas:
            iri = resolve_area(model, a)
            if iri is None:
                raise click.BadParameter(f"no area called {a!r}", param_hint="--area")
            area_ids.append(iri)
    if until and not release:
        raise click.BadParameter("--until is the deadline for --release; give --release too", param_hint="--until")
    if prison and not release:
        raise click.BadParameter("--prison is where --release releases from; give --release too", param_hint="--prison")
    if release:
        from linkwork.graph.gaps.release import release_gaps

        prison_iri = None
        if prison:
            found = [t.iri for t in model.touchpoints.values() if t.type == "prison" and prison in (t.iri, t.label)]
            if not found:
                prisons = ", ".join(sorted(t.label for t in model.touchpoints.values() if t.type == "prison")) or "none"
                raise click.BadParameter(f"no prison called {prison!r}; the prisons are: {prisons}", param_hint="--prison")
            prison_iri = found[0]
        if until and until <= release:
            raise click.BadParameter("the deadline must come after the release", param_hint="--until")
        found_gaps = release_gaps(model, release=release, until=until, prison=prison_iri, areas=area_ids,
                                  domains=domains or None)
        if as_json:
            click.echo(json.dumps([g.as_dict() for g in found_gaps], indent=2))
        else:
            click.echo(render_gaps(found_gaps, limit, model))
        return
    if changes:
        from linkwork.graph.gaps.whatif import parse_change, what_if

        parsed = []
        for spec in changes:
            try:
                parsed.append(parse_change(spec, model))
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="--what-if") from None
        result = what_if(model, parsed, on=day, domains=domains or None, areas=area_ids)
        if as_json:
            click.echo(_as_json(WhatIfPublic, [result]))
            return
        head = "What if, all together" if result["together"] else "What if"
        click.echo(f"{head}: {'; '.join(result['changes'])}\n  closes {result['cells_closed']} cells, "
                   f"opens {result['cells_opened']}")
        if result["services_removed"]:
            click.echo("  services lost: " + ", ".join(x["label"] for x in result["services_removed"]))
        for c in result["closed"][: limit or None]:
            click.echo(f"  closed: {c['statement']}")
        for c in result["opened"][: limit or None]:
            click.echo(f"  opened: {c['statement']}")
        return
    if rank_domain:
        from linkwork.graph.gaps.whatif import rank_threshold_changes

        ranked = rank_threshold_changes(model, on=day, domain=rank_domain, areas=area_ids, top=limit or 10)
        if as_json:
            click.echo(_as_json(RankedChange, ranked))
            return
        click.echo(f"One-step threshold changes for {rank_domain}, by cells closed (try one with --what-if SPEC):")
        for r in ranked:
            names = [x["label"] for x in r["services"]]
            at = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
            click.echo(f"  {r['cells_closed']:5d} closed, {r['cells_opened']:3d} opened: {r['change']} ({at}; "
                       f"closes cells in {', '.join(r['areas_closed']) or 'no area'})")
            click.echo(f"        --what-if {r['what_if']}")
        if not ranked:
            click.echo("  none: no service for this need has a threshold or exclusion that a one-step change relaxes")
        return
    if ladder_domain:
        from linkwork.graph.gaps.threshold_gaps import severity_ladder, sweep_areas

        rows = [severity_ladder(model, domain=ladder_domain, on=day, area=a) for a in (area_ids or sweep_areas(model))]
        if as_json:
            click.echo(_as_json(LadderRow, rows))
            return
        for row in rows:
            click.echo(f"{row['area']}: holes {', '.join(row['holes']) or 'none'}; partly covered {', '.join(row['partly_covered']) or 'none'}")
            for s in row["services"]:
                click.echo(f"  {s['label']}: {', '.join(s['bands']) or 'no band'}")
        return
    if service_types:
        unknown = sorted(set(service_types) - set(model.by_type))
        if unknown:
            raise click.BadParameter(f"no service in the store is of type {unknown[0]!r}; the types are: "
                                     f"{', '.join(sorted(model.by_type))}", param_hint="--service-type")
    found = all_gaps(model, on=day, areas=area_ids, kinds=kinds or None, domains=domains or None,
                     service_types=service_types or None)
    if write:
        from linkwork.graph.gaps.to_rdf import write_gaps

        n = write_gaps(core.store, found, on=day)
        click.echo(f"stored {n} gaps in urn:linkwork:source:gaps", err=True)
    if as_json:
        click.echo(_as_json(GapPublic, [g.as_dict() for g in found]))
    elif as_csv:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["id", "type", "also", "area", "domain", "statement", "blocking", "concerns"])
        for g in found:
            w.writerow([g.id, g.type, ";".join(g.also), model.label(g.area) if g.area else "", g.domain or "",
                        g.statement, " | ".join(g.blocking), " ".join(g.concerns)])
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(render_gaps(found, limit, model))


def _as_json(schema, rows: list[dict]) -> str:
    """Rows through the API's model of them, so `gaps --json` and GET /gaps agree."""
    from linkwork.api.schemas import dump

    return json.dumps([dump(schema.model_validate(r)) for r in rows], indent=2, ensure_ascii=False)


def render_gaps(found, limit: int = 0, model=None) -> str:
    """A readable report grouped by kind of gap; the same finding in several areas is one line."""
    merged = merge_areas(found, model)
    counts = Counter(g["type"] for g in merged)
    out = [f"{len(found)} findings ({len(merged)} after merging areas): "
           + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))]
    for kind in sorted(counts):
        out.append("")
        out.append(f"== {kind} ({counts[kind]})")
        shown = [g for g in merged if g["type"] == kind]
        for g in shown[: limit or None]:
            also = f" [also {', '.join(g['also'])}]" if g["also"] else ""
            out.append(f"- {g['statement']}{also}")
            for b in g["blocking"][:3]:
                out.append(f"    {b}")
        if limit and len(shown) > limit:
            out.append(f"  ... {len(shown) - limit} more (use --limit 0 or --json)")
    return "\n".join(out)


def merge_areas(found, model=None) -> list[dict]:
    """Findings that say the same about several areas, as one row naming all of them."""
    groups: dict[tuple, list] = {}
    for g in found:
        cell = dict(g.detail).get("cell")
        key = (g.type, g.domain, cell) if cell else (g.type, g.domain, g.statement)
        groups.setdefault(key, []).append(g)
    rows = []
    for (kind, _domain, cell), gs in groups.items():
        first = gs[0]
        if len(gs) > 1 and dict(first.detail).get("cell"):
            areas = sorted({model.label(g.area) if model else g.area for g in gs if g.area})
            tail = first.statement.rsplit(": ", 1)[-1]
            statement = f"{cell}, {', '.join(areas)}: {tail}"
        else:
            statement = first.statement
        blocking = list(first.blocking)
        if len(gs) > 1 and first.area and blocking:
            where = model.label(first.area) if model else first.area
            blocking = [f"in {where}: {b}" for b in blocking]
        rows.append({"type": kind, "also": list(first.also), "statement": statement, "blocking": blocking,
                     "areas": len(gs)})
    return rows
