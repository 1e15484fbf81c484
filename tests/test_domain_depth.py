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
