"""`linkwork search`: find organisations, services, locations, meetings and community assets."""
from __future__ import annotations

import json

import click

from linkwork.cli.options import day_time, keys_help

_KINDS = ("organisation", "service", "location", "meeting", "asset")


@click.command()
@click.argument("text", required=False)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(_KINDS), help="Only these kinds of record; repeatable.")
@click.option("--domain", "domains", multiple=True, metavar="NEED", help=keys_help("need", "Need domain"))
@click.option("--type", "types", multiple=True, metavar="TYPE", help=keys_help("service-type", "Service type"))
@click.option("--area", metavar="AREA", help="Serving or in this area: a name (Preston), IRI or postcode district (PR1).")
@click.option("--near", metavar="PLACE", help="Measure distance from a postcode, postcode district or area; nearest first.")
@click.option("--within", "within_km", type=float, metavar="KM", help="Only within this many km of --near.")
@click.option("--open-now", is_flag=True, help="Open at this moment (records whose hours are not known are left out).")
@click.option("--open-at", type=click.DateTime(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]), help="Open at this date and time.")
@click.option("--day", type=click.Choice(["sun", "mon", "tue", "wed", "thu", "fri", "sat"], case_sensitive=False),
              help="Open on this day of the week (with --time: at that time).")
@click.option("--time", "at", metavar="HH:MM", help="With --day: open at this time.")
@click.option("--attendance", multiple=True, type=click.Choice(["in-person", "online", "hybrid"]), help="How it is attended; repeatable.")
@click.option("--fellowship", "fellowships", multiple=True, metavar="KEY", help=keys_help("fellowship", "Meetings of this fellowship"))
@click.option("--meeting-type", "meeting_types", multiple=True, metavar="CODE",
              help="Meetings with every type given: a Meeting Guide code (W, SEC) or a key of the meeting-type list; repeatable.")
@click.option("--welcomes", multiple=True, type=click.Choice(["on-script", "still-using"]),
              help="Only records that say they welcome people on a script, or still using; repeatable.")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Records in force on this day (default: today).")
@click.option("--page", type=int, default=1, show_default=True, help="Which page of results.")
@click.option("--per-page", type=int, default=20, show_default=True, help="Results per page (at most 200).")
@click.option("--staff", is_flag=True, help="Include staff-only contacts (referral lines), as a navigator's key sees them.")
@click.option("--json", "as_json", is_flag=True, help="Print the page as JSON (the API's GET /search body).")
@click.pass_obj
def search(obj, text, kinds, domains, types, area, near, within_km, open_now, open_at, day, at, attendance, fellowships,
           meeting_types, welcomes, on, page, per_page, staff, as_json) -> None:
    """Find records matching TEXT (every word, any case) and the filters given.

    Every filter narrows; one that does not apply to a kind of record (a
    fellowship for an organisation) leaves that kind out. Confidential places
    are found and measured by their area only. The API's GET /search takes the
    same filters and gives the same records.

    \b
    Examples:
      linkwork search "drug team" --area Preston
      linkwork search --kind meeting --fellowship aa --day mon
      linkwork search --near PR1 --within 5 --welcomes on-script
      linkwork search --domain mental-health --json
    """
    from datetime import UTC, datetime

    from linkwork.api.schemas import SearchPagePublic, dump
    from linkwork.graph.search import SearchQuery
    from linkwork.graph.search import search as run

    when = datetime.now(UTC) if open_now else open_at  # read as UK time, as opening hours are
    day_n, at_t = day_time(day, at)
    query = SearchQuery(
        kinds=frozenset(kinds), text=text, domains=frozenset(domains), types=frozenset(types), area=area, near=near,
        within_km=within_km, open_at=when, day=day_n, at=at_t, attendance=frozenset(attendance),
        fellowships=frozenset(fellowships), meeting_types=frozenset(meeting_types), welcomes=frozenset(welcomes),
        on=on.date() if on else None, page=page, per_page=per_page)
    result = SearchPagePublic.model_validate(run(obj.core(read_only=True).model, query, staff=staff).as_dict())
    if as_json:
        click.echo(json.dumps(dump(result, drop_none=True), indent=2, ensure_ascii=False))
        return
    click.echo(render_page(result))


def render_page(result) -> str:
    """One line per record: kind, name, distance, where and when."""
    if not result.total:
        return "No records match."
    first = (result.page - 1) * result.per_page + 1
    out = [f"{result.total} record{'s' if result.total != 1 else ''}; showing {first}-{first + len(result.hits) - 1}"
           f" (page {result.page} of {result.pages})"]
    for h in result.hits:
        where = ", ".join(a.label for a in h.areas or []) or (h.location.area.label if h.location and h.location.area else "")
        if h.location and h.location.confidential:
            where = f"{where} (address confidential)".strip()
        bits = [b for b in (f"{h.distance_km:g} km" if h.distance_km is not None else None, where or None,
                            h.attendance_mode if h.kind == "meeting" else None, "; ".join(h.hours or []) or None) if b]
        name = h.label or "(a place)"
        out.append(f"  {h.kind:<12} {name}" + (f"  [{' | '.join(bits)}]" if bits else ""))
        if h.id:
            out.append(f"  {'':<12} {h.id}")
    if result.page < result.pages:
        out.append(f"more: --page {result.page + 1}")
    return "\n".join(out)
