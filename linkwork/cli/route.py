"""`linkwork route`: a plan a navigator can read and hand over."""
from __future__ import annotations

import json
from pathlib import Path

import click

from linkwork.cli.backend import backend_option


@click.command()
@click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the full structure as JSON instead of the readable plan.")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Apply rules as dated on this day "
              "(default: the profile's as_of, else today).")
@click.option("-k", "k", default=5, show_default=True, help="Pathways (each to a different service) to show per need.")
@click.option("--max-steps", default=4, show_default=True, help="Longest chain of referrals to consider.")
@backend_option
@click.pass_obj
def route(obj, profile: Path, as_json: bool, on, k: int, max_steps: int) -> None:
    """Plan pathways for the person described in PROFILE (YAML or JSON).

    Shows, per need, the services that will take the person and the best
    referral pathways to them; where a need has no reachable service, the gap,
    what blocks each service, the nearest one missed and by what; brokers,
    mutual aid meetings and community assets that fit; and, after a release
    from prison, what is shut and what can be reached in the first 72 hours.

    Nothing about the person is stored or logged.

    \b
    Examples:
      linkwork route examples/profiles/p2-kelly.yaml
      linkwork route --json --date 2016-01-04 examples/profiles/p2-kelly.yaml
      linkwork route --backend neo4j examples/profiles/p2-kelly.yaml
    """
    from linkwork.graph.navigator import navigate
    from linkwork.graph.profile import read_profile

    person = read_profile(profile)
    core = obj.core(read_only=True)
    plan = navigate(core.model, person, on=on.date() if on else None, k=k, max_steps=max_steps)
    if as_json:  # through the API's model of a plan, so `route --json` and POST /pathways agree
        from linkwork.api.schemas import Plan, dump

        click.echo(json.dumps(dump(Plan.model_validate(plan)), indent=2, ensure_ascii=False))
    else:
        click.echo(render_plan(plan))


def render_plan(plan: dict) -> str:
    """The plan as plain text for a navigator to read out or print."""
    out: list[str] = []
    w = out.append
    plan_labels = {r["id"]: r["label"] for r in plan.get("eligibility", [])} | {"self": "self-referral"}
    w(f"Plan for {plan['person']} in {plan['area'] or 'an unknown area'}, rules as on {plan['as_of']}")
    w("")
    for c in plan.get("current_services", []):
        still = {"pass": "still eligible", "fail": "NO LONGER ELIGIBLE", "unknown": "eligibility unknown"}[c["outcome"]]
        through = f" (through the person's {c['held_by_status'].replace('-', ' ')})" if c.get("held_by_status") else ""
        w(f"Now with {c['label']}{through}: {still}" + (f" ({'; '.join(c['blocking'])})" if c["blocking"] else ""))
    if plan.get("current_services"):
        w("")
    for need in plan["needs"]:
        w(f"== {need['domain'].replace('-', ' ').capitalize()} ({need['severity']})")
        for c in need.get("current", []):
            w(f"  already with {c['label']}")
        for i, p in enumerate(need["pathways"], 1):
            chain = " -> ".join([p["steps"][0]["from"]] + [s["to"] for s in p["steps"]])
            w(f"  {i}. {chain}  [{p['length']} step{'s' if p['length'] != 1 else ''}, ~{p['waiting_days']:g} days wait"
              + (f", {p['distance_km']} km" if p["distance_km"] is not None else "")
              + (", further than the person can travel" if p.get("beyond_travel") else "") + "]")
            for s in p["steps"]:
                extra = ", ".join(filter(None, [_CHOICE_WORDS[s["choice"]], s["method"],
                                                f"{s['handover']} handover" if s["handover"] else None,
                                                f"carried by {s['carried_by']}" if s["carried_by"] else None,
                                                ("needs " + ", ".join(s["requires"])) if s["requires"] else None]))
                w(f"       {s['from']} -> {s['to']}: {extra}")
        for u in need["unknown"]:
            w(f"  ? {u['label']}: " + "; ".join(u["questions"]))
        for x in need.get("shut", []):
            w(f"  shut ({', '.join(x['gap_types']) or 'not eligible'}): {x['label']}: " + "; ".join(x["blocking"]))
        for t in need.get("age_transitions", []):
            ending = ", ".join(x["label"] for x in t["services"])
            w(f"  turns {t['until_age'] + 1} {'on' if t['exact'] else 'by'} {t['ends']}: {ending} ends")
            if t["gap"]:
                w(f"  GAP (transition): {t['gap']['statement']}")
            else:
                w("    then: " + ", ".join(x["label"] for x in t["then"][:4]))
        gap = need["gap"]
        if gap:
            w(f"  GAP ({', '.join(gap['types'])}): {gap['statement']}")
            for n in gap["nearest_missed"][:2]:
                w(f"    nearest missed: {n['label']} (misses by {n['misses_by']})")
        w("")
    if plan["brokers"]:
        w("== Brokers who take people with several needs below other thresholds")
        for b in plan["brokers"]:
            w(f"  - {b['label']} ({b['outcome']})")
        w("")
    tp = plan.get("touchpoint")
    if tp:
        w("== Where the person is now")
        for t in tp["touchpoints"]:
            present = ", ".join(s["label"] for s in t["services"]) or "no services recorded"
            w(f"  {t['label']}: {present}")
            for g in t["gaps"]:
                w(f"  GAP ({', '.join(g['types'])}): {g['statement']}")
        w("")
    ma = plan["mutual_aid"]
    if ma["offered"] or ma["not_for_you"] or ma["gaps"]:
        w("== Mutual aid")
        for m in ma["offered"][:6]:
            where = "online" if m["attendance_mode"] == "online" else (f"{m['distance_km']} km" if m["distance_km"] is not None else m["area"])
            w(f"  - {m['label']} ({m['fellowship'] or 'group'}; {where}; {', '.join(m['hours'])})")
        for g in ma["gaps"]:
            w(f"  GAP ({', '.join(g['types'])}): {g['statement']}")
            for o in g.get("online", []):
                w(f"    online instead: {o['label']} ({', '.join(o['hours'])})")
            for n in g.get("nearest", []):
                w(f"    nearest in person: {n['label']} ({n['distance_km']} km)")
        for m in ma["not_for_you"][:6]:
            w(f"  not for this person: {m['label']}: " + "; ".join(m["blocking"]))
        w("")
    if plan.get("community_assets_note"):
        w(f"== Community assets: {plan['community_assets_note']}")
        w("")
    if plan["community_assets"]:
        w("== Community assets matched to what the person values")
        for a in plan["community_assets"][:6]:
            w(f"  - {a['label']} ({', '.join(a['matched_goods']) or 'open to all'})")
        w("")
    for want in plan.get("wanted_services") or []:
        w(f"== Asked for: {want['label']}")
        for r in want["services"]:
            how = " -> ".join(plan_labels.get(i, i) for i in r["way_in"]) if r["way_in"] else "no way in the person can use"
            why = "; ".join(r["blocking"]) if r["outcome"] == "fail" else how
            w(f"  {r['label']} ({r['outcome']}): {why}")
        if want["gap"]:
            w(f"  GAP ({', '.join(want['gap']['types'])}): {want['gap']['statement']}")
        w("")
    groups = plan.get("target_groups") or []
    if groups:
        w("== Target groups the person falls in")
        for g in groups:
            why = f" ({'; '.join(g['because'])})" if g["because"] else f" (ask: {'; '.join(g['questions'])})"
            w(f"  {g['label']}: {'yes' if g['outcome'] == 'pass' else 'maybe'}{why}")
            for o in g["opens"]:
                how = " -> ".join(plan_labels.get(i, i) for i in o["way_in"]) if o["way_in"] else "no way in the person can use"
                w(f"    opens {o['label']} ({o['outcome']}; {how})")
        w("")
    order = plan.get("order")
    if order:
        w(f"== Order ({(order['status'] or 'status not given').replace('-', ' ')}): what it requires")
        for r in order["requirements"]:
            w(f"  {'' if r['delivered'] or not r['domain'] else 'GAP: '}{r['statement']}")
        w("")
    rel = plan.get("release")
    if rel:
        w(f"== Released {rel['release']}: the first 72 hours (to {rel['window_end']})")
        for r in rel["services"]:
            if r.get("closed_spans"):
                spans = "; ".join(f"{a} to {b}" for a, b in r["closed_spans"])
                w(f"  {r['label']}: {'open' if r['open_at_release'] else 'CLOSED'} at release; closed {spans}")
            elif r.get("open_at_release") is None:
                w(f"  {r['label']}: opening hours not known")
        for n in rel.get("needs", []):
            can = ", ".join(x["label"] for x in n["reachable"]) or "nothing"
            w(f"  {n['need'].replace('-', ' ')}: reachable before {rel['window_end']}: {can}")
            for x in n["not_reachable"][:4]:
                w(f"    not in time: {x['label']} ({x['reason']})")
        w("")
    if plan["questions"]:
        w("== Ask next")
        for q in plan["questions"][:8]:
            w(f"  - {q['question']} (could open {q['services']} service{'s' if q['services'] != 1 else ''})")
    return "\n".join(out).rstrip() + "\n"


#: a step's choice -> how the plan says it: the person hears which steps are theirs to choose
_CHOICE_WORDS = {"mandated": "MANDATED (coercive)", "encouraged": "encouraged (quasi-coercive)",
                 "chosen": "the person's choice (voluntary)", "not recorded": "coercion not recorded"}
