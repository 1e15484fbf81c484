"""The API's response models describe exactly what the engines return, so `--json` and the API agree.

A field an engine returns that no model describes would pass through unchecked and
undocumented: each test below fails on one, naming its path.
"""
from __future__ import annotations

from datetime import date

import pytest
from conftest import PROFILES
from linkwork.api.schemas import (
    GapPublic,
    LadderRow,
    Plan,
    RankedChange,
    RecordPublic,
    SearchPagePublic,
    WhatIfPublic,
    dump,
    undescribed,
)
from linkwork.graph.gaps.report import all_gaps
from linkwork.graph.gaps.threshold_gaps import severity_ladder, sweep_areas
from linkwork.graph.gaps.whatif import ThresholdChange, rank_threshold_changes, what_if
from linkwork.graph.navigator import navigate
from linkwork.graph.profile import read_profile
from linkwork.graph.record import record
from linkwork.graph.search import SearchQuery, search

L = "https://w3id.org/linkwork/demo/lancashire/"
TODAY = date(2026, 11, 24)


def described(schema, data):
    """``data`` validated by ``schema``, asserting every field is described and the round trip is exact."""
    model = schema.model_validate(data)
    assert list(undescribed(model)) == []
    return model


@pytest.mark.parametrize("name", sorted(p.stem for p in PROFILES.glob("*.yaml")))
def test_every_persona_plan_is_described_exactly(lancashire, name):
    person = read_profile(PROFILES / f"{name}.yaml")
    plan = navigate(lancashire, person, on=person.as_of or TODAY)
    model = described(Plan, plan)
    assert _same(dump(model), plan)


def test_a_plan_on_an_order_is_described_exactly(lancashire):
    from linkwork.graph.profile import Profile

    person = Profile.model_validate({
        "label": "fixture (fictional)", "age": 30, "gender": "male", "area": "Preston", "needs": {"drugs": "moderate"},
        "substance_use": {"substances": ["opiates"], "status": "active"},
        "criminal_justice": {"status": "community-order", "requirements": ["drug-rehabilitation", "unpaid-work"]},
        "current_services": [L + "probation"]})
    plan = navigate(lancashire, person, on=TODAY)
    assert plan["order"]["requirements"]
    assert _same(dump(described(Plan, plan)), plan)


def test_a_young_persons_plan_with_an_age_transition_is_described_exactly(lancashire):
    from linkwork.graph.profile import Profile

    person = Profile.model_validate({"label": "fixture (fictional)", "date_of_birth": "2009-03-01", "area": "Preston",
                                     "needs": {"mental-health": "moderate"}})
    plan = navigate(lancashire, person, on=TODAY)
    assert any(n["age_transitions"] for n in plan["needs"])
    assert _same(dump(described(Plan, plan)), plan)


def test_a_plan_asking_for_everything_is_described_exactly(lancashire):
    """A profile using every optional part of a plan: wanted services, kinds of help and of group,
    values, an order, a release; whatever the navigator adds to a plan must be described."""
    from linkwork.graph.profile import Profile

    person = Profile.model_validate({
        "label": "fixture (fictional)", "age": 30, "gender": "female", "area": "Lancaster", "as_of": "2026-11-24",
        "needs": {"drugs": "moderate", "mental-health": "moderate", "housing": "moderate"},
        "substance_use": {"substances": ["opiates"], "status": "on-script"},
        "criminal_justice": {"status": "licence", "requirements": ["drug-rehabilitation"], "risk_tier": "medium",
                             "release": "2026-11-20T15:30:00", "touchpoint": "police-custody"},
        "wanted_services": sorted(lancashire.by_type)[:3], "values": {"community": 2, "knowledge": 1},
        "preferences": {"women_only": True, "secular": True, "online": True,
                        "mutual_aid_help": sorted(lancashire.help_kinds)[:2], "group_kinds": sorted(lancashire.group_kinds)[:2]},
        "current_services": [L + "probation"]})
    plan = navigate(lancashire, person, on=TODAY)
    assert plan["wanted_services"] and plan["release"] and plan["order"]
    assert _same(dump(described(Plan, plan)), plan)


def test_every_verdict_carries_its_criterion_source_and_dates(lancashire):
    person = read_profile(PROFILES / "p2-kelly.yaml")
    plan = Plan.model_validate(navigate(lancashire, person, on=person.as_of))
    verdicts = [c for need in plan.needs for row in need.shut for r in row.rules for c in r.criteria]
    assert verdicts
    for c in verdicts:
        assert c.criterion and c.source and c.lines
    assert any(c.valid_from or c.valid_to for c in verdicts)  # 2013: the dated supervision rules
    assert all(c.last_verified for c in verdicts)


def test_gap_findings_what_if_rankings_and_ladders_are_described(lancashire):
    for g in all_gaps(lancashire, on=TODAY):
        described(GapPublic, g.as_dict())
    result = what_if(lancashire, ThresholdChange(L + "crit-mh-severe", minimum="moderate"), on=TODAY, domains=["mental-health"])
    assert _same(dump(described(WhatIfPublic, result)), result)
    for r in rank_threshold_changes(lancashire, on=TODAY, domain="mental-health", top=3):
        described(RankedChange, r)
    for area in sweep_areas(lancashire)[:3]:
        described(LadderRow, severity_ladder(lancashire, domain="mental-health", on=TODAY, area=area))


def test_search_pages_and_records_are_described(lancashire):
    page = search(lancashire, SearchQuery(per_page=200, on=TODAY))
    assert page.total == len(page.hits) > 100
    described(SearchPagePublic, page.as_dict())
    for iri in [*lancashire.entries, *lancashire.organisations]:
        described(RecordPublic, record(lancashire, iri, on=TODAY))


def _same(a, b) -> bool:
    """Equal as JSON (tuples are lists)."""
    import json

    return json.loads(json.dumps(a)) == json.loads(json.dumps(b, default=str))
