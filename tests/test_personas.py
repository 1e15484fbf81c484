"""The six personas of shared/domain/personas.md against the illustrative graph: every "must" holds,
asserted on the navigator's structured output (the same data `linkwork route --json` prints)."""
from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from conftest import PROFILES
from linkwork.graph.navigator import navigate
from linkwork.graph.profile import read_profile

from linkwork.cli import cli

L = "https://w3id.org/linkwork/demo/lancashire/"


def plan(model, name, **override):
    person = read_profile(PROFILES / f"{name}.yaml")
    if override:
        person = person.model_copy(update=override)
    return navigate(model, person, on=person.as_of or date(2026, 11, 24))


def need(p, domain):
    return next(n for n in p["needs"] if n["domain"] == domain)


def pathway_targets(n):
    return [p["steps"][-1]["to_id"] for p in n["pathways"]]


def offered_meetings(p):
    return {m["id"]: m for m in p["mutual_aid"]["offered"]}


def refused_meetings(p):
    return {m["id"]: m for m in p["mutual_aid"]["not_for_you"]}


# ---------------------------------------------------------------- P1 Dean
def test_dean_stays_eligible_for_his_drug_team(lancashire):
    p = plan(lancashire, "p1-dean")
    [current] = p["current_services"]
    assert current["id"] == L + "cdt-central" and current["outcome"] == "pass"


def test_dean_is_offered_smart_meetings_that_welcome_people_on_a_script(lancashire):
    offered = offered_meetings(plan(lancashire, "p1-dean"))
    smart = [m for m in offered.values() if m["fellowship"] == "smart" and "script-welcome" in m["audiences"]]
    assert smart


def test_dean_is_never_offered_the_meeting_that_refuses_scripts_without_the_reason(lancashire):
    p = plan(lancashire, "p1-dean")
    assert L + "meeting-na-preston-fri" not in offered_meetings(p)
    refused = refused_meetings(p)[L + "meeting-na-preston-fri"]
    assert any("substitute medication" in b for b in refused["blocking"])


def test_dean_has_a_route_to_work_through_bric(lancashire):
    employment = need(plan(lancashire, "p1-dean"), "employment")
    assert L + "bric-central" in pathway_targets(employment)
    first = employment["pathways"][0]["steps"][0]
    assert first["from_id"] == L + "cdt-central" and first["handover"] == "warm"


def test_dean_sees_forum_and_red_rose_matched_to_what_he_values(lancashire):
    assets = {a["id"]: a for a in plan(lancashire, "p1-dean")["community_assets"]}
    assert L + "red-rose-recovery" in assets
    assert any(i.startswith(L + "luf") for i in assets)
    assert {"excellence-in-work", "community", "knowledge"} <= set(assets[L + "red-rose-recovery"]["matched_goods"])


def test_dean_should_see_shared_care(lancashire):
    drugs = need(plan(lancashire, "p1-dean"), "drugs")
    assert L + "shared-care" in pathway_targets(drugs)


# ---------------------------------------------------------------- P2 Kelly
def test_kelly_has_no_statutory_supervision_as_a_threshold_gap_with_the_criterion(lancashire):
    offending = need(plan(lancashire, "p2-kelly"), "offending")
    probation = next(x for x in offending["shut"] if x["id"] == L + "probation")
    assert "threshold" in probation["gap_types"]
    assert any("12 months or more" in b for b in probation["blocking"])


def test_kelly_would_be_supervised_after_the_2015_change(lancashire):
    person = read_profile(PROFILES / "p2-kelly.yaml")
    later = navigate(lancashire, person, on=date(2016, 1, 4))
    offending = need(later, "offending")
    assert L + "probation" in {e["id"] for e in offending["eligible"]}


def test_kelly_housing_gap_is_blocked_by_local_connection(lancashire):
    housing = need(plan(lancashire, "p2-kelly"), "housing")
    assert housing["gap"] is not None and "documents" in housing["gap"]["types"]
    options = next(x for x in housing["shut"] if x["id"] == L + "housing-options-bwd")
    assert any("local connection" in b for b in options["blocking"])


def test_kelly_mental_health_need_has_no_service_a_cumulative_need_gap(lancashire):
    mh = need(plan(lancashire, "p2-kelly"), "mental-health")
    assert mh["pathways"] == [] and mh["eligible"] == []
    assert {"cumulative-need", "threshold", "exclusion"} <= set(mh["gap"]["types"])
    shut = {x["id"]: x for x in mh["shut"]}
    assert any("severe and enduring" in b for b in shut[L + "cmht-bwd"]["blocking"])
    assert any(b.startswith("excluded:") for b in shut[L + "iapt-bwd"]["blocking"])


def test_kelly_is_offered_link_worker_womens_centre_and_the_drug_team(lancashire):
    p = plan(lancashire, "p2-kelly")
    assert L + "link-worker" in {b["id"] for b in p["brokers"]}
    reachable = {t for n in p["needs"] for t in pathway_targets(n)}
    assert L + "womens-centre" in reachable
    drugs = need(p, "drugs")
    assert drugs["pathways"][0]["steps"] == [s for s in drugs["pathways"][0]["steps"] if s["from_id"] == "self"]
    assert pathway_targets(drugs)[0] == L + "cdt-bwd"


def test_kelly_sees_what_is_closed_from_friday_afternoon_to_monday(lancashire):
    rel = plan(lancashire, "p2-kelly")["release"]
    rows = {r["id"]: r for r in rel["services"]}
    cdt = rows[L + "cdt-bwd"]
    assert cdt["open_at_release"] is True
    assert ["2013-06-14T17:00", "2013-06-17T09:00"] in [list(s) for s in cdt["closed_spans"]]
    centre = rows[L + "womens-centre"]
    assert centre["open_at_release"] is False and centre["next_open"] == "2013-06-17T10:00"


def test_kelly_is_asked_for_id_where_id_blocks(lancashire):
    housing = need(plan(lancashire, "p2-kelly"), "housing")
    hostel = next(x for x in housing["shut"] if x["id"] == L + "hostel-blackburn")
    assert any("photo ID" in b for b in hostel["blocking"])


# ---------------------------------------------------------------- P3 Sam
def test_sam_is_not_routed_to_twelve_step_or_abstinence_groups(lancashire):
    p = plan(lancashire, "p3-sam")
    offered = offered_meetings(p)
    assert not [m for m in offered.values() if m["fellowship"] in ("aa", "na") or "abstinence-based" in m["audiences"]]
    assert any(m["fellowship"] == "na" for m in refused_meetings(p).values())


def test_sam_is_offered_advice_and_low_level_counselling(lancashire):
    drugs = need(plan(lancashire, "p3-sam"), "drugs")
    assert L + "advice-east" in pathway_targets(drugs)
    assert L + "cdt-east" not in {e["id"] for e in drugs["eligible"]}  # the treatment offer is built for opiate users


def test_sam_sees_the_coverage_gap_at_the_burnley_custody_suite(lancashire):
    [tp] = plan(lancashire, "p3-sam")["touchpoint"]["touchpoints"]
    assert tp["id"] == L + "custody-burnley"
    assert tp["gaps"][0]["types"] == ["coverage"]


# ---------------------------------------------------------------- P4 Joan
def test_joan_sees_the_womens_group_gap_in_her_town_as_critical_mass(lancashire):
    ma = plan(lancashire, "p4-joan")["mutual_aid"]
    assert any("critical-mass" in g["types"] and "Carnforth" in g["statement"] for g in ma["gaps"])


def test_joan_is_offered_online_and_the_nearest_womens_meeting_with_distance(lancashire):
    offered = plan(lancashire, "p4-joan")["mutual_aid"]["offered"]
    online = [m for m in offered if m["attendance_mode"] == "online" and "women" in m["meeting_types"]]
    in_person = [m for m in offered if m["attendance_mode"] == "in-person" and "women" in m["meeting_types"]]
    assert online and in_person
    assert in_person[0]["distance_km"] is not None and 5 < in_person[0]["distance_km"] < 20
    # private recovery and women-only: online and women's meetings come before mixed ones in her own town
    order = [m["id"] for m in offered]
    home = [i for i, m in enumerate(offered) if L + "carnforth" in m["area_ids"]]
    assert all(order.index(online[0]["id"]) < i for i in home)


def test_joan_should_be_offered_alcohol_support_through_her_gp(lancashire):
    alcohol = need(plan(lancashire, "p4-joan"), "alcohol")
    assert L + "gp-lancaster" in pathway_targets(alcohol)


# ---------------------------------------------------------------- P5 Marcus
def test_marcus_is_told_which_needle_exchanges_serve_steroid_injectors(lancashire):
    drugs = need(plan(lancashire, "p5-marcus"), "drugs")
    assert pathway_targets(drugs) == [L + "nx-central"]
    refused = next(x for x in drugs["shut"] if x["id"] == L + "nx-pharmacy-preston")
    assert any("steroid" in b for b in refused["blocking"])


def test_marcus_is_never_routed_to_opiate_treatment(lancashire):
    p = plan(lancashire, "p5-marcus")
    targets = {t for n in p["needs"] for t in pathway_targets(n)}
    assert not any("cdt" in t or "detox" in t or "shared-care" in t for t in targets)


# ---------------------------------------------------------------- P6 Lee
def test_lee_is_eligible_for_probation_and_peer_mentoring(lancashire):
    p = plan(lancashire, "p6-lee")
    eligible = {e["id"] for n in p["needs"] for e in n["eligible"]}
    assert {L + "probation", L + "peer-mentoring"} <= eligible


def test_lee_at_high_risk_has_mentoring_closed_by_the_risk_criterion(lancashire):
    person = read_profile(PROFILES / "p6-lee.yaml")
    high = person.model_copy(update={"criminal_justice": person.criminal_justice.model_copy(update={"risk_tier": "high"})})
    p = navigate(lancashire, high, on=date(2026, 11, 24))
    offending = need(p, "offending")
    mentoring = next(x for x in offending["shut"] if x["id"] == L + "peer-mentoring")
    assert any("low or medium risk" in b for b in mentoring["blocking"])


def test_lee_should_see_housing_with_and_without_abstinence(lancashire):
    housing = need(plan(lancashire, "p6-lee"), "housing")
    assert {L + "housing-options-lancaster", L + "supported-housing"} <= set(pathway_targets(housing))
    recovery = next(x for x in housing["shut"] if x["id"] == L + "recovery-housing")
    assert any("abstinent" in b for b in recovery["blocking"])


# ---------------------------------------------------------------- the command itself
@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("s")
    assert CliRunner().invoke(cli, ["--store", str(store), "init", "--demo"]).exit_code == 0
    return store


@pytest.mark.parametrize("name", ["p1-dean", "p2-kelly", "p3-sam", "p4-joan", "p5-marcus", "p6-lee"])
def test_route_prints_a_plan_for_every_persona(demo_store, name):
    store = demo_store
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", str(store), "route", str(PROFILES / f"{name}.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Plan for P")


def test_travel_distance_is_flagged_and_limits_meetings(lancashire):
    person = read_profile(PROFILES / "p6-lee.yaml")
    near = person.model_copy(update={"preferences": person.preferences.model_copy(update={"max_travel_km": 10})})
    p = navigate(lancashire, near, on=date(2026, 11, 24))
    alcohol = need(p, "alcohol")["pathways"]
    assert {pw["beyond_travel"] for pw in alcohol} == {True, False}
    assert all(pw["beyond_travel"] == (pw["distance_km"] > 10) for pw in alcohol)
    assert all(m["distance_km"] <= 10 for m in p["mutual_aid"]["offered"] if m["attendance_mode"] != "online")
