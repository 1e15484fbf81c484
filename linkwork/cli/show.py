"""`linkwork show`: one record whole, with its rules, routes and provenance."""
from __future__ import annotations

import json

import click


@click.command()
@click.argument("ident", metavar="ID")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Say what is in force on this day (default: today).")
@click.option("--staff", is_flag=True, help="Include staff-only contacts (referral lines), as a navigator's key sees them.")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON (the API's GET /records/{id} body).")
@click.pass_obj
def show(obj, ident: str, on, staff: bool, as_json: bool) -> None:
    """Show the record ID whole: a service, meeting, asset, organisation,
    location or touchpoint, by its IRI or the last part of it (cdt-central).

    A service comes with its eligibility rules and exclusions (each criterion
    with its dates, source and last-verified day), the referral routes in and
    out, where it is (a confidential address as its area only) and where every
    fact came from.

    \b
    Examples:
      linkwork show cdt-central
      linkwork show https://w3id.org/linkwork/demo/lancashire/recovery-housing --json
    """
    from linkwork.api.schemas import RecordPublic, dump
    from linkwork.graph.record import find_record, record

    core = obj.core(read_only=True)
    model = core.model
    _, iri = find_record(model, ident)
    loaded = {iri: [{"source": e.source, "loaded_at": e.loaded_at} for e in core.store.sources_about(iri)]}
    rec = RecordPublic.model_validate(record(model, iri, on=on.date() if on else None, sources=loaded, staff=staff))
    if as_json:
        click.echo(json.dumps(dump(rec, drop_none=True), indent=2, ensure_ascii=False))
    else:
        click.echo(render_record(rec))


def _dates(x) -> str:
    if x.valid_from and x.valid_to:
        span = f"{x.valid_from} to {x.valid_to}"
    elif x.valid_from:
        span = f"from {x.valid_from}"
    elif x.valid_to:
        span = f"until {x.valid_to}"
    else:
        return "" if x.in_force else " (not in force)"
    return f" ({span}{'' if x.in_force else ', not in force'})"


def _cites(x) -> str:
    bits = [b for b in (x.source.rsplit("/", 1)[-1] if x.source else None, x.lines,
                        f"verified {x.last_verified}" if getattr(x, "last_verified", None) else None) if b]
    return f" [{', '.join(bits)}]" if bits else ""


def render_record(r) -> str:
    """The record as text a navigator or editor can read."""
    out = [f"{r.label or '(a place)'}  ({r.kind})", f"  id: {r.id}"]
    w = out.append
    if r.description:
        w(f"  {r.description}")
    if r.in_force is not None and not r.in_force:
        w(f"  NOT IN FORCE{_dates(r)}")
    for name, value in (("types", r.types), ("needs", r.domains), ("meeting types", r.meeting_types),
                        ("audiences", r.audiences), ("goods", r.goods), ("hours", r.hours)):
        if value:
            w(f"  {name}: {', '.join(value)}")
    for name, ref in (("provided by", r.provider), ("parent", r.parent), ("hosted by", r.hosted_by)):
        if ref:
            w(f"  {name}: {ref.label}")
    if r.areas:
        w(f"  serves: {', '.join(a.label for a in r.areas)}")
    if r.fellowship or r.attendance_mode:
        w(f"  {', '.join(filter(None, [r.fellowship, r.attendance_mode]))}")
    for c in r.contacts or []:
        w("  contact: " + ", ".join(filter(None, [c.title, c.telephone, c.email]))
          + (" (staff only: for professionals referring)" if c.staff_only else ""))
    if r.url:
        w(f"  web: {r.url}")
    if r.location:
        loc = r.location
        area = loc.area.label if loc.area else "area not known"
        w(f"  at: {area} (address confidential: shown by area only)" if loc.confidential else f"  at: {loc.label or area}")
    if r.services:
        w(f"  runs or holds: {', '.join(s.label for s in r.services)}")
    if r.rules is not None:
        w("  eligibility (any one rule; every criterion of it):" if r.rules else "  eligibility: open to all")
        for rule in r.rules:
            w(f"    rule {rule.label or rule.id}{_dates(rule)}")
            for c in rule.criteria:
                w(f"      - {c.words or c.dimension}{_dates(c)}{_cites(c)}")
    for x in r.exclusions or []:
        w(f"  excluded: {x.reason}{_dates(x)}")
        for c in x.criteria:
            w(f"      - {c.words or c.dimension}{_dates(c)}{_cites(c)}")
    for title, routes in (("routes in", r.routes_in), ("routes out", r.routes_out)):
        if routes:
            w(f"  {title}:")
            for rt in routes:
                origin = rt.from_ or (f"any {rt.from_type}" if rt.from_type else "?")
                extra = ", ".join(filter(None, [rt.method, f"~{rt.waiting_days:g} days" if rt.waiting_days else None,
                                                f"{rt.handover} handover" if rt.handover else None]))
                w(f"    {origin} -> {rt.to}" + (f" ({extra})" if extra else "") + _dates(rt) + _cites(rt))
    p = r.provenance
    w("  provenance: " + ", ".join(filter(None, [p.source.label if p.source else None, p.lines,
                                                  f"last verified {p.last_verified}" if p.last_verified else "last verified: not recorded"])))
    for s in p.loaded_from:
        w(f"    loaded from {s.source} at {s.loaded_at}")
    return "\n".join(out)
