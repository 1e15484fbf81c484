"""Domain depth (issue 16) on the illustrative Lancashire graph: coercion carried into pathway steps,
order requirements that shape a plan, and the rest of the issue's items, each asserting the substance."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import PROFILES
from linkwork.graph.navigator import navigate
from linkwork.graph.profile import check_profile, parse_profile, read_profile

from linkwork.errors import ProfileError

L = "https://w3id.org/linkwork/demo/lancashire/"
DAY = date(2026, 11, 24)

ON_ORDER = {
    "label": "fixture (fictional)", "age": 30, "gender": "male", "area": "Preston",
    "needs": {"drugs": "moderate", "offending": "moderate"},
    "substance_use": {"substances": ["opiates"], "status": "active"},
    "criminal_justice": {"status": "community-order", "requirements": ["drug-rehabilitation"], "risk_tier": "medium"},
    "current_services": [L + "probation"],
}


def need(plan, domain):
    return next(n for n in plan["needs"] if n["domain"] == domain)


def steps(plan):
    return [s for n in plan["needs"] for p in n["pathways"] for s in p["steps"]]


# ---------------------------------------------------------------- 3. coercion carried into pathways
def test_a_drug_rehabilitation_requirement_puts_the_mandated_step_first(lancashire):
    plan = navigate(lancashire, parse_profile(ON_ORDER), on=DAY)
    drugs = need(plan, "drugs")
    assert drugs["order_requirements"] == ["drug-rehabilitation"]
    first = drugs["pathways"][0]
    step = first["steps"][0]
    assert (step["from_id"], step["to_id"]) == (L + "probation", L + "cdt-central")
    assert step["coercion"] == "coercive" and step["mandated"] and step["choice"] == "mandated"
    assert step["order_requirements"] == ["drug-rehabilitation"]
    assert first["fulfils_order"] == ["drug-rehabilitation"] and first["mandated_steps"] == 1
    [req] = plan["order"]["requirements"]
    assert req["requirement"] == "drug-rehabilitation" and req["domain"] == "drugs" and req["delivered"]
    assert req["pathways"][0]["steps"][0]["route"] == L + "route-probation-drr-cdt-central"


def test_without_the_requirement_the_order_route_is_shut(lancashire):
    person = dict(ON_ORDER, criminal_justice={"status": "community-order", "risk_tier": "medium"})
    plan = navigate(lancashire, parse_profile(person), on=DAY)
    assert not any("route-probation-drr" in s["route"] for s in steps(plan))
    assert plan["order"] is None and need(plan, "drugs")["order_requirements"] == []


def test_a_requirement_with_no_stated_need_says_what_to_ask(lancashire):
    person = dict(ON_ORDER, criminal_justice={"status": "community-order",
                                              "requirements": ["alcohol-treatment", "unpaid-work"]})
    rows = {r["requirement"]: r for r in navigate(lancashire, parse_profile(person), on=DAY)["order"]["requirements"]}
    assert not rows["alcohol-treatment"]["need_stated"] and "ask how severe" in rows["alcohol-treatment"]["statement"]
    assert rows["unpaid-work"]["domain"] is None


@pytest.mark.parametrize("name", ["p1-dean", "p2-kelly", "p3-sam", "p4-joan", "p5-marcus", "p6-lee"])
def test_every_step_says_its_coercion_and_only_coercive_steps_are_mandated(lancashire, name):
    person = read_profile(PROFILES / f"{name}.yaml")
    for s in steps(navigate(lancashire, person, on=person.as_of or DAY)):
        assert s["coercion"] in ("voluntary", "quasi-coercive", "coercive")
        assert s["mandated"] == (s["coercion"] == "coercive")


def test_peer_mentoring_is_offered_never_mandated(lancashire):
    """004 para 55: coercing or mandating people into mentoring is antithetical to mentoring."""
    person = read_profile(PROFILES / "p6-lee.yaml")
    into_mentoring = [s for s in steps(navigate(lancashire, person, on=person.as_of or DAY))
                      if s["to_id"] == L + "peer-mentoring"]
    assert into_mentoring
    for s in into_mentoring:
        assert s["coercion"] == "voluntary" and not s["mandated"] and s["method"] != "probation-instruction"


def test_an_unknown_requirement_is_refused_without_repeating_it(lancashire):
    person = parse_profile(dict(ON_ORDER, criminal_justice={"requirements": ["weekly-tagging-xyz"]}))
    with pytest.raises(ProfileError) as err:
        check_profile(person, lancashire.schemes)
    assert "criminal_justice.requirements" in str(err.value) and "drug-rehabilitation" in str(err.value)
    assert "weekly-tagging-xyz" not in str(err.value)


# ---------------------------------------------------------------- 1. offence categories
HOUSED_BY_OFFENCE = {"label": "fixture (fictional)", "age": 40, "gender": "male", "area": "Lancaster",
                     "needs": {"housing": "severe"}, "documents": {"photo_id": True},
                     "local_connection": False, "intentionally_homeless": False,
                     "criminal_justice": {"status": "none", "previous_offences": ["arson"]}}


def test_an_offence_category_shuts_accommodation_with_the_criterion_and_an_offence_gap(lancashire):
    housing = need(navigate(lancashire, parse_profile(HOUSED_BY_OFFENCE), on=DAY), "housing")
    shut = {x["id"]: x for x in housing["shut"]}
    supported = shut[L + "supported-housing"]
    assert supported["gap_types"] == ["exclusion", "offence"]
    [x] = [x for x in supported["exclusions"] if x["applies"] == "pass"]
    assert x["criteria"][0]["criterion"] == L + "crit-offence-arson-sexual" and x["criteria"][0]["lines"] == "L850-856"
    gap = housing["gap"]
    assert "offence" in gap["types"] and "Lancashire supported housing" in gap["statement"]
    assert "arson" not in gap["statement"]  # the kind of offence is the person's: the statement does not repeat it


def test_an_unrelated_offence_category_passes_and_an_unstated_one_is_asked(lancashire):
    person = dict(HOUSED_BY_OFFENCE, criminal_justice={"status": "none", "index_offences": ["acquisitive"]})
    plan = navigate(lancashire, parse_profile(person), on=DAY)
    outcomes = {row["id"]: row["outcome"] for row in plan["eligibility"]}
    assert outcomes[L + "supported-housing"] == "pass" and outcomes[L + "hostel-lancaster"] == "pass"
    assert L + "supported-housing" not in {x["id"] for x in need(plan, "housing")["shut"]}
    unstated = dict(HOUSED_BY_OFFENCE, criminal_justice={"status": "none"})
    plan = navigate(lancashire, parse_profile(unstated), on=DAY)
    assert any("kinds of offence" in q["question"] for q in plan["questions"])


def test_the_commissioner_sweep_finds_the_offence_cells(lancashire):
    from linkwork.graph.gaps.threshold_gaps import threshold_gaps

    found = threshold_gaps(lancashire, domain="housing", on=DAY, areas=[L + "lancaster"])
    offence = [g for g in found if "offence" in (g.type, *g.also)]
    assert offence and all("offence category arson or sexual" in g.statement for g in offence)


def test_an_unknown_offence_category_is_refused_without_repeating_it(lancashire):
    person = parse_profile(dict(HOUSED_BY_OFFENCE, criminal_justice={"index_offences": ["burglary-of-mrs-x"]}))
    with pytest.raises(ProfileError) as err:
        check_profile(person, lancashire.schemes)
    assert "criminal_justice.index_offences" in str(err.value) and "arson" in str(err.value)
    assert "mrs-x" not in str(err.value)


# ---------------------------------------------------------------- 2. age that moves with the date
YOUNG = {"label": "fixture (fictional)", "as_of": "2026-11-24", "age": 17, "gender": "female", "area": "Preston",
         "needs": {"mental-health": "moderate"}, "substance_use": {"substances": ["cannabis"], "status": "active"},
         "registered_gp": True}


def test_a_plan_dated_later_ages_the_person(lancashire):
    person = parse_profile(YOUNG)
    now = {r["id"]: r for r in navigate(lancashire, person, on=DAY)["eligibility"]}
    later = {r["id"]: r for r in navigate(lancashire, person, on=date(2028, 1, 10))["eligibility"]}
    assert now[L + "camhs"]["outcome"] == "pass" and later[L + "camhs"]["outcome"] == "fail"
    assert any("under 18" in b for b in later[L + "camhs"]["blocking"])
    born = parse_profile({k: v for k, v in YOUNG.items() if k != "age"} | {"date_of_birth": "2009-03-01"})
    assert born.age_on(date(2027, 2, 28)) == 17 and born.age_on(date(2027, 3, 1)) == 18


def test_the_navigator_shows_the_youth_to_adult_gap_with_its_date(lancashire):
    person = parse_profile({k: v for k, v in YOUNG.items() if k != "age"} | {"date_of_birth": "2009-03-01"})
    plan = navigate(lancashire, person, on=DAY)
    [t] = need(plan, "mental-health")["age_transitions"]
    assert t["until_age"] == 17 and t["ends"] == "2027-03-01" and t["exact"]
    assert [s["id"] for s in t["services"]] == [L + "camhs"] and t["then"] == []
    assert t["gap"]["types"] == ["transition"] and t["gap"]["starts"] == "2027-03-01"
    assert "2009-03-01" not in str(plan)  # the date of birth is never shown


def test_no_transition_gap_where_an_adult_service_takes_the_person_on(lancashire):
    sober = YOUNG | {"substance_use": {"substances": ["cannabis"], "status": "abstinent"}}
    [t] = need(navigate(lancashire, parse_profile(sober), on=DAY), "mental-health")["age_transitions"]
    assert t["gap"] is None and L + "iapt-central" in [s["id"] for s in t["then"]]
    assert t["ends"] == "2027-11-24" and not t["exact"]  # from an age on a date: the last day it can be


def test_the_commissioner_sees_the_transition_by_area_and_need(lancashire):
    from linkwork.graph.gaps.transition import age_transition_gaps

    found = age_transition_gaps(lancashire, on=DAY, areas=[L + "preston"], domains=["mental-health"])
    assert found and all(g.type == "transition" and g.domain == "mental-health" for g in found)
    cells = [dict(g.detail) for g in found]
    assert all(c["age_limit"] == 17 and c["services"] == [L + "camhs"] for c in cells)
    assert any("active" in c["use status"] for c in cells)
    assert not any("abstinent" in c["use status"] for c in cells)


def test_a_birth_date_after_the_profile_date_is_refused_without_repeating_it():
    with pytest.raises(ProfileError) as err:
        parse_profile({"as_of": "2026-11-24", "date_of_birth": "2031-07-19"})
    assert "date_of_birth" in str(err.value) and "2031" not in str(err.value)


# ---------------------------------------------------------------- 7. the first 72 hours count waiting times
RELEASED = {"label": "fixture (fictional)", "as_of": "2026-11-20", "age": 35, "gender": "male", "area": "Preston",
            "needs": {"drugs": "severe"}, "substance_use": {"substances": ["opiates"], "status": "active"},
            "registered_gp": True,
            "criminal_justice": {"status": "released", "sentence_months": 18, "release": "2026-11-20T15:30:00"}}


def test_an_open_door_with_a_long_wait_is_not_reachable_in_72_hours(lancashire):
    rel = navigate(lancashire, parse_profile(RELEASED))["release"]
    rows = {r["id"]: r for r in rel["services"]}
    detox = rows[L + "detox"]
    assert detox["open_within_72h"] and detox["waiting_days"] == 33 and not detox["within_72h"]
    assert detox not in rel["reachable_in_72h"]
    exchange = rows[L + "nx-central"]
    assert exchange["waiting_days"] == 0 and exchange["within_72h"]
    [drugs] = rel["needs"]
    assert L + "nx-central" in [x["id"] for x in drugs["reachable"]]
    why = {x["id"]: x["reason"] for x in drugs["not_reachable"]}
    assert why[L + "detox"] == "about 33 days' wait on the best way in"
    assert why[L + "cdt-central"] == "about 5 days' wait on the best way in"
    assert "wait" in why[L + "rehab"]  # a long wait counts before unknown opening hours


def test_a_short_wait_counts_from_release_and_meets_the_opening_hours(lancashire):
    person = read_profile(PROFILES / "p2-kelly.yaml")
    rows = {r["id"]: r for r in navigate(lancashire, person)["release"]["services"]}
    cdt = rows[L + "cdt-bwd"]  # 3 days' wait from Friday 15:30: Monday 15:30, open
    assert cdt["waiting_days"] == 3 and cdt["reachable_at"] == "2013-06-17T15:30" and cdt["within_72h"]
    link = rows[L + "link-worker"]  # 5 days: after the window
    assert link["open_at_release"] and not link["within_72h"]


# ---------------------------------------------------------------- 14. asset matches and "no referral route"
def test_no_values_no_matches_and_never_an_unknown_or_failed_asset(lancashire):
    plan = navigate(lancashire, parse_profile(ON_ORDER), on=DAY)
    assert plan["community_assets"] == [] and "ask what matters" in plan["community_assets_note"]
    person = read_profile(PROFILES / "p1-dean.yaml")
    plan = navigate(lancashire, person, on=person.as_of or DAY)
    outcomes = {r["id"]: r["outcome"] for r in plan["community_assets"]}
    assert outcomes and set(outcomes.values()) == {"pass"}
    assert all(r["matched_goods"] for r in plan["community_assets"])
    assert plan["community_assets_note"] is None


def test_on_an_order_probation_already_holds_the_person(lancashire):
    person = dict(ON_ORDER, current_services=[])
    plan = navigate(lancashire, parse_profile(person), on=DAY)
    [held] = plan["current_services"]
    assert held["id"] == L + "probation" and held["held_by_status"] == "community-order"
    offending = need(plan, "offending")
    assert offending["gap"] is None and [c["id"] for c in offending["current"]] == [L + "probation"]
    assert L + "iom" in [p["steps"][-1]["to_id"] for p in offending["pathways"]]


def test_the_only_way_in_through_a_service_the_person_has_left_is_said_so(lancashire):
    person = {"label": "fixture (fictional)", "as_of": "2013-06-14", "age": 30, "gender": "male", "area": "Preston",
              "needs": {"offending": "moderate"}, "criminal_justice": {"status": "released", "sentence_months": 2}}
    gap = need(navigate(lancashire, parse_profile(person)), "offending")["gap"]
    assert "no referral route the person can use" not in gap["statement"]
    assert "only referral routes in come from Probation supervision, Lancashire" in gap["statement"]
    assert "transition" in gap["types"] and "status" in gap["types"]


# ---------------------------------------------------------------- 9-11. funding, combined what-ifs, gaps by service type
def test_ending_a_funding_stream_reports_the_cells_it_opens(lancashire):
    from linkwork.graph.gaps.whatif import parse_change, what_if

    result = what_if(lancashire, parse_change("funding:pcc-cj", lancashire), on=DAY, domains=["drugs"],
                     areas=[L + "blackpool"])
    assert {x["id"] for x in result["services_removed"]} == {L + "iom", L + "liaison-diversion"}
    assert result["cells_opened"] > 0 and result["cells_closed"] == 0
    assert all(c["area_id"] == L + "blackpool" and c["domain"] == "drugs" for c in result["opened"])
    assert any("cj status" in c["statement"] for c in result["opened"])  # people under supervision lose IOM
    assert result["what_if"] == ["funding:pcc-cj"] and not result["together"]
    with pytest.raises(ValueError, match="the streams are: bric-fund, pcc-cj, ph-grant"):
        parse_change("funding:nhs-england", lancashire)


def test_several_changes_apply_together_and_say_so(lancashire):
    from linkwork.graph.gaps.whatif import parse_change, what_if

    both = [parse_change("funding:pcc-cj", lancashire), parse_change("funding:ph-grant", lancashire)]
    together = what_if(lancashire, both, on=DAY, domains=["drugs"], areas=[L + "preston"])
    assert together["together"] and together["change"].endswith("(applied together)")
    # the drug teams are funded by both streams: only ending both together closes them
    assert L + "cdt-central" in {x["id"] for x in together["services_removed"]}
    alone = [what_if(lancashire, c, on=DAY, domains=["drugs"], areas=[L + "preston"]) for c in both]
    assert all(L + "cdt-central" not in {x["id"] for x in r["services_removed"]} for r in alone)
    assert together["cells_opened"] > max(r["cells_opened"] for r in alone)


def test_a_report_dated_after_a_ring_fence_ended_says_it_ended(lancashire):
    from linkwork.graph.gaps.funding import funding_gaps

    def grant(day):
        [g] = [g for g in funding_gaps(lancashire, on=day) if L + "ph-grant" in g.concerns]
        return g

    before, after = grant(date(2014, 6, 1)), grant(date(2016, 6, 1))
    assert dict(before.detail)["state"] == "in-force" and "ring-fenced until 2015-03-31" in before.statement
    assert dict(after.detail)["state"] == "unprotected" and "ended on 2015-03-31" in after.statement
    assert set(before.concerns) == set(after.concerns)  # the same services depend on it
    assert not [g for g in funding_gaps(lancashire, on=date(2010, 1, 1)) if L + "ph-grant" in g.concerns]  # not yet begun


def test_gaps_in_supervision_itself_show_by_service_type(lancashire):
    from linkwork.graph.gaps.threshold_gaps import all_threshold_gaps

    def short_sentences(day, types):
        return [g for g in all_threshold_gaps(lancashire, on=day, areas=[L + "burnley"], domains=["offending"], types=types)
                if "released" in g.statement and "sentence months 0 to 11" in g.statement]

    [g] = short_sentences(date(2013, 6, 14), ["probation"])
    assert g.statement.startswith("Probation supervision: ") and dict(g.detail)["service_types"] == ["probation"]
    assert any("12 months or more" in b for b in g.blocking)
    assert not short_sentences(date(2013, 6, 14), None)  # by need, another service covers them
    assert not short_sentences(date(2016, 1, 4), ["probation"])  # after the 2015 change


# ---------------------------------------------------------------- 4. critical mass for every kind of group
def test_the_kinds_of_group_come_from_the_vocabulary(lancashire):
    from linkwork.graph.gaps.critical_mass import checked_kinds, critical_mass_gaps

    assert checked_kinds(lancashire) == ["abstinent", "family", "men", "women"]  # the kinds 001 L859 names
    assert {"lgbtq", "young-people", "polish"} <= set(lancashire.group_kinds)
    found = {dict(g.detail)["group kind"] for g in critical_mass_gaps(lancashire, on=DAY)}
    assert found == {"family", "men", "women"}  # Carnforth's AA is abstinence-based
    asked = critical_mass_gaps(lancashire, on=DAY, group_kinds=["lgbtq"])
    assert [g.statement for g in asked] == ["Carnforth (population 5500): no LGBTQ+ group"]


def test_the_navigator_raises_the_gap_for_the_kind_of_group_asked_for(lancashire):
    man = {"label": "fixture (fictional)", "age": 50, "gender": "male", "area": "Carnforth",
           "needs": {"alcohol": "moderate"}, "substance_use": {"substances": ["alcohol"], "status": "active"},
           "preferences": {"men_only": True, "group_kinds": ["lgbtq"]}}
    gaps = {g["group_kind"]: g for g in navigate(lancashire, parse_profile(man), on=DAY)["mutual_aid"]["gaps"]}
    assert set(gaps) == {"men", "lgbtq"}
    assert gaps["men"]["types"] == ["critical-mass"] and "men's group" in gaps["men"]["statement"]
    woman = read_profile(PROFILES / "p4-joan.yaml")
    [g] = navigate(lancashire, woman, on=woman.as_of or DAY)["mutual_aid"]["gaps"]
    assert g["group_kind"] == "women" and g["online"] and g["nearest"]
    assert g["nearest"][0]["id"] == L + "meeting-aa-lancaster-women" and 5 < g["nearest"][0]["distance_km"] < 20
    city = dict(man, area="Preston", preferences={"group_kinds": ["lgbtq"]})
    [g] = navigate(lancashire, parse_profile(city), on=DAY)["mutual_aid"]["gaps"]
    assert g["types"] == ["coverage"]  # not a small town: a gap in coverage, not critical mass


def test_an_unknown_group_kind_is_refused_without_repeating_it(lancashire):
    person = parse_profile({"preferences": {"group_kinds": ["knitting-circle-xyz"]}})
    with pytest.raises(ProfileError) as err:
        check_profile(person, lancashire.schemes)
    assert "preferences.group_kinds" in str(err.value) and "knitting" not in str(err.value)


# ---------------------------------------------------------------- 5. liaison and diversion target groups
def groups(plan):
    return {g["group"]: g for g in plan["target_groups"]}


def test_the_person_is_shown_the_target_group_they_fall_in_and_what_it_opens(lancashire):
    sam = read_profile(PROFILES / "p3-sam.yaml")
    found = groups(navigate(lancashire, sam, on=sam.as_of or DAY))
    multiple = found["multiple-problems"]
    assert multiple["outcome"] == "pass" and multiple["because"] == ["mental health with drug use"]
    [ld] = multiple["opens"]
    assert ld["id"] == L + "liaison-diversion" and ld["outcome"] == "pass"
    assert not ld["reachable"]  # Burnley's custody suite has no liaison and diversion (003 L2141-2145)
    assert "severe-mental-illness" not in found  # moderate: not this group
    preston = sam.model_copy(update={"area": "Preston"})
    [ld] = groups(navigate(lancashire, preston, on=sam.as_of or DAY))["multiple-problems"]["opens"]
    assert ld["reachable"] and ld["way_in"] == [L + "custody-preston", L + "liaison-diversion"]


def test_severe_mental_illness_is_its_own_group_and_unknowns_are_asked(lancashire):
    person = parse_profile({"area": "Preston", "needs": {"mental-health": "severe"}})
    found = groups(navigate(lancashire, person, on=DAY))
    assert found["severe-mental-illness"]["outcome"] == "pass"
    assert found["learning-disability"]["outcome"] == "unknown"
    assert any("learning disability" in q for q in found["learning-disability"]["questions"])
    none = parse_profile({"area": "Preston", "needs": {"mental-health": "none", "learning-disability": "none",
                                                        "drugs": "none", "alcohol": "none"}})
    assert navigate(lancashire, none, on=DAY)["target_groups"] == []


# ---------------------------------------------------------------- 6. other profile facts people need
WANTS = {"label": "fixture (fictional)", "age": 30, "gender": "female", "area": "Preston",
         "needs": {"mental-health": "moderate", "alcohol": "moderate"},
         "substance_use": {"substances": ["alcohol"], "status": "active"},
         "wanted_services": ["primary-mental-health"], "care_leaver": True,
         "preferences": {"mutual_aid_help": ["self-management"]}}


def test_each_new_fact_is_a_dimension_with_its_question(lancashire):
    for key in ("care-leaver", "wanted-service-type", "mutual-aid-help", "offence-category", "order-requirement"):
        assert "?" in lancashire.dimensions[key].question, key
    person = parse_profile(WANTS)
    assert person.fact("care-leaver") is True
    assert person.fact("wanted-service-type") == frozenset({"primary-mental-health"})


def test_a_wanted_kind_of_service_is_found_or_shown_as_a_gap(lancashire):
    [want] = navigate(lancashire, parse_profile(WANTS), on=DAY)["wanted_services"]
    assert want["service_type"] == "primary-mental-health"
    assert [r["id"] for r in want["services"]] == [L + "iapt-central"] and want["services"][0]["outcome"] == "fail"
    assert want["gap"]["types"] == ["exclusion"]  # talking therapy excludes active dependence (003 L277-279)
    sober = WANTS | {"substance_use": {"substances": ["alcohol"], "status": "abstinent"}}
    [want] = navigate(lancashire, parse_profile(sober), on=DAY)["wanted_services"]
    assert want["gap"] is None and want["services"][0]["reachable"]


def test_the_help_wanted_from_mutual_aid_puts_those_meetings_first(lancashire):
    offered = navigate(lancashire, parse_profile(WANTS), on=DAY)["mutual_aid"]["offered"]
    assert offered[0]["fellowship"] == "smart" and offered[0]["gives_help"] == ["self-management"]
    steps = WANTS | {"preferences": {"mutual_aid_help": ["step-work"]}}
    offered = navigate(lancashire, parse_profile(steps), on=DAY)["mutual_aid"]["offered"]
    assert offered[0]["fellowship"] in ("aa", "na") and offered[0]["gives_help"] == ["step-work"]


# ---------------------------------------------------------------- 8. release what-if for commissioners
def test_a_friday_afternoon_release_leaves_cells_with_nothing_until_monday(lancashire):
    from datetime import datetime

    from linkwork.graph.gaps.release import release_gaps

    friday = release_gaps(lancashire, release=datetime(2013, 6, 14, 15, 30), until=datetime(2013, 6, 17, 9, 0),
                          prison=L + "prison-preston", areas=[L + "blackburn-with-darwen"], domains=["drugs"])
    assert friday and all(g.type == "transition" and g.area == L + "blackburn-with-darwen" for g in friday)
    detail = dict(friday[0].detail)
    assert detail["prison"] == L + "prison-preston" and detail["until"] == "2013-06-17T09:00"
    why = {r["id"]: r["reason"] for r in detail["not_reachable"]}
    assert why[L + "cdt-bwd"] == "about 3 days' wait"
    assert "cj status" not in friday[0].statement  # everyone in the cells has just been released
    tuesday = release_gaps(lancashire, release=datetime(2013, 6, 11, 10, 0), until=datetime(2013, 6, 17, 9, 0),
                           prison=L + "prison-preston", areas=[L + "blackburn-with-darwen"], domains=["drugs"])
    assert sum(dict(g.detail)["cells"] for g in tuesday) < sum(dict(g.detail)["cells"] for g in friday)
