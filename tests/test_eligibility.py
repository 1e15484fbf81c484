"""The one eligibility evaluator: three-valued, dated, explainable; and the sweep agrees with it."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from linkwork.graph.eligibility import Assessor, Outcome
from linkwork.graph.gaps.threshold_gaps import (
    build_axes,
    domain_entries,
    merge_cells,
    naive_uncovered_cells,
    sweep,
    threshold_gaps,
)
from linkwork.graph.profile import Profile
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources

from linkwork.core import Core

EX = "https://example.org/mini/"
TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def mini():
    store = Store()
    load_sources(store, [FIXTURES / "mini.ttl"])
    return Core(store).model


def verdict(model, iri, profile: dict, on=TODAY, area=None):
    p = Profile.model_validate(profile)
    return Assessor(model, p, on, area).assess(model.entries[EX + iri])


def test_unknown_fact_gives_unknown_with_the_question(mini):
    v = verdict(mini, "cmht", {}, area=EX + "d1")
    assert v.outcome is Outcome.UNKNOWN
    assert any("How severe" in q for q in v.questions())


def test_threshold_fails_with_the_criterion_and_its_source(mini):
    v = verdict(mini, "cmht", {"needs": {"mental-health": "moderate"}, "substance_use": {"status": "not-using"}},
                area=EX + "d1")
    assert v.outcome is Outcome.FAIL
    [blocked] = v.blocking_criteria()
    assert blocked.criterion.iri == EX + "cmht-severe"
    assert blocked.criterion.source.endswith("/s003") and blocked.criterion.lines == "L1824-1828"
    assert "severe and enduring" in v.blocking()[0] and "moderate" in v.blocking()[0]


def test_exclusion_turns_away_with_its_reason(mini):
    v = verdict(mini, "iapt", {"needs": {"mental-health": "moderate"}, "substance_use": {"status": "active"}},
                area=EX + "d1")
    assert v.outcome is Outcome.FAIL
    assert v.blocking() == ["excluded: substance dependence must be treated first"]


def test_rules_apply_as_dated(mini):
    kelly = {"criminal_justice": {"status": "released", "sentence_months": 2}}
    before = verdict(mini, "probation", kelly, on=date(2013, 6, 14), area=EX + "d1")
    after = verdict(mini, "probation", kelly, on=date(2016, 1, 4), area=EX + "d1")
    assert before.outcome is Outcome.FAIL
    assert any("12 months" in b for b in before.blocking())
    assert after.outcome is Outcome.PASS


def test_area_containment(mini):
    person = {"local_connection": True, "intentionally_homeless": False}
    assert verdict(mini, "housing", person, area=EX + "d1").outcome is Outcome.PASS
    assert verdict(mini, "housing", person, area=EX + "d2").outcome is Outcome.FAIL
    assert verdict(mini, "housing", person, area=EX + "county").outcome is Outcome.UNKNOWN
    assert verdict(mini, "housing", person, area=None).outcome is Outcome.UNKNOWN


# ---------------------------------------------------------------- properties
SEVERITIES = st.sampled_from(["none", "mild", "moderate", "severe"])
profiles = st.fixed_dictionaries({}, optional={
    "age": st.integers(16, 90),
    "needs": st.dictionaries(st.sampled_from(["mental-health", "housing", "offending", "drugs"]), SEVERITIES),
    "substance_use": st.fixed_dictionaries({}, optional={"status": st.sampled_from(
        ["not-using", "recreational", "active", "on-script", "on-script-using-on-top", "abstinent"])}),
    "criminal_justice": st.fixed_dictionaries({}, optional={
        "status": st.sampled_from(["none", "released", "licence", "community-order"]),
        "sentence_months": st.integers(0, 60)}),
    "local_connection": st.booleans(),
    "intentionally_homeless": st.booleans(),
})
FIELDS = ["age", "needs", "substance_use", "criminal_justice", "local_connection", "intentionally_homeless"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=profiles, forget=st.sampled_from(FIELDS), day=st.sampled_from([date(2013, 6, 14), TODAY]))
def test_an_unknown_field_never_makes_a_service_pass(mini, person, forget, day):
    known = Profile.model_validate(person)
    unknown = Profile.model_validate({k: v for k, v in person.items() if k != forget})
    for iri, e in mini.entries.items():
        a = Assessor(mini, known, day, EX + "d1").assess(e).outcome
        b = Assessor(mini, unknown, day, EX + "d1").assess(e).outcome
        if b is Outcome.PASS:
            assert a is Outcome.PASS, (iri, forget)
        if a is Outcome.FAIL:
            assert b is not Outcome.PASS, (iri, forget)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=profiles)
def test_results_are_deterministic(mini, person):
    p = Profile.model_validate(person)
    first = [Assessor(mini, p, TODAY, EX + "d1").assess(e).as_dict() for e in mini.entries.values()]
    again = [Assessor(mini, p, TODAY, EX + "d1").assess(e).as_dict() for e in mini.entries.values()]
    assert first == again


# ---------------------------------------------------------------- the sweep agrees with the evaluator
@pytest.mark.parametrize("domain", ["mental-health", "offending", "housing"])
@pytest.mark.parametrize("day", [date(2013, 6, 14), TODAY])
def test_sweep_equals_the_naive_loop(mini, domain, day):
    entries = domain_entries(mini, domain, day)
    axes = build_axes(mini, entries, domain, day)
    for s in sweep(mini, domain, on=day, entries=entries, axes=axes):
        fast = {tuple(int(i) for i in idx) for idx in np.argwhere(s.uncovered)}
        slow = naive_uncovered_cells(mini, domain, on=day, area=s.area, axes=axes, entries=entries)
        assert fast == slow


def test_merged_boxes_cover_exactly_the_uncovered_cells(mini):
    [s] = sweep(mini, "mental-health", on=TODAY, areas=[EX + "d1"])
    rebuilt = np.zeros_like(s.uncovered)
    for box in merge_cells(s.uncovered):
        rebuilt[np.ix_(*box)] = True
    assert (rebuilt == s.uncovered).all()


def test_moderate_mental_health_with_active_dependence_is_a_gap(mini):
    gaps = threshold_gaps(mini, domain="mental-health", on=TODAY, areas=[EX + "d1"])
    statements = [g.statement for g in gaps]
    assert any("moderate" in s and "active" in s and "Northtown" in s for s in statements), statements
    g = next(g for g in gaps if "moderate" in g.statement and "active" in g.statement)
    assert {"threshold", "exclusion"} <= {g.type, *g.also}
    assert any("Mini talking therapies" in b and "excluded" in b for b in g.blocking)
