"""The navigator on a small hand-built graph: pathways, gaps, release windows, the route command."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from linkwork.graph.eligibility import Assessor, Outcome
from linkwork.graph.navigator import navigate
from linkwork.graph.profile import Profile, parse_profile
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources

from linkwork.cli import cli
from linkwork.core import Core
from linkwork.errors import ProfileError

EX = "https://example.org/mini/"


@pytest.fixture(scope="module")
def mini():
    store = Store()
    load_sources(store, [FIXTURES / "mini.ttl"])
    return Core(store).model


def plan_for(model, **person):
    return navigate(model, Profile.model_validate(person), on=date(2026, 11, 24))


def test_pathway_steps_are_explained(mini):
    plan = plan_for(mini, area="NT1", needs={"mental-health": "moderate"}, substance_use={"status": "not-using"})
    [need] = plan["needs"]
    assert need["gap"] is None
    [p] = need["pathways"]
    [step] = p["steps"]
    assert step["from"] == "self-referral" and step["to"] == "Mini talking therapies"
    assert step["method"] == "self-referral" and step["waiting_days"] == 14 and step["handover"] == "cold"


def test_a_shut_door_is_a_gap_with_blocking_criteria(mini):
    plan = plan_for(mini, area="NT1", needs={"mental-health": "moderate", "housing": "moderate"},
                    substance_use={"status": "active"}, local_connection=False, intentionally_homeless=False)
    mh = next(n for n in plan["needs"] if n["domain"] == "mental-health")
    assert mh["pathways"] == []
    assert {"threshold", "exclusion", "cumulative-need"} <= set(mh["gap"]["types"])
    blocked = {b["label"]: b["blocking"] for b in mh["gap"]["blocked_by"]}
    assert blocked["Mini talking therapies"] == ["excluded: substance dependence must be treated first"]
    housing = next(n for n in plan["needs"] if n["domain"] == "housing")
    assert "documents" in housing["gap"]["types"]
    assert any("local connection" in b for b in housing["gap"]["blocked_by"][0]["blocking"])


def test_unknown_facts_become_questions(mini):
    plan = plan_for(mini, area="NT1", needs={"housing": "severe"})
    housing = plan["needs"][0]
    assert housing["pathways"] == [] and housing["unknown"]
    asked = " ".join(q["question"] for q in plan["questions"])
    assert "local connection" in asked and "intentionally homeless" in asked


def test_release_window_flags_what_is_closed(mini):
    person = Profile.model_validate({
        "area": "NT1", "needs": {"mental-health": "severe"}, "substance_use": {"status": "not-using"},
        "criminal_justice": {"status": "released", "release": "2013-06-14T15:30:00"}})  # a Friday
    plan = navigate(mini, person, on=date(2013, 6, 14))
    cmht = next(r for r in plan["release"]["services"] if r["label"] == "Mini CMHT")
    assert cmht["open_at_release"] is False
    assert cmht["next_open"] == "2013-06-17T09:00"  # Monday morning
    assert cmht in plan["release"]["closed_at_release"]


def test_profiles_are_checked_against_the_lists(mini):
    with pytest.raises(ProfileError, match=r"substance_use.status: 'on methadone' is not one of"):
        plan_for(mini, substance_use={"status": "on methadone"})
    with pytest.raises(ProfileError, match="field age"):
        parse_profile({"age": "forty"})


def test_route_command_readable_and_json(tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "s")
    assert runner.invoke(cli, ["--store", store, "load", str(FIXTURES / "mini.ttl")]).exit_code == 0
    profile = tmp_path / "person.yaml"
    profile.write_text("area: NT1\nneeds: {mental-health: moderate}\nsubstance_use: {status: not-using}\n")
    text = runner.invoke(cli, ["--store", store, "route", str(profile)])
    assert text.exit_code == 0, text.output
    assert "self-referral -> Mini talking therapies" in text.output
    data = runner.invoke(cli, ["--store", store, "route", "--json", str(profile)])
    assert json.loads(data.output)["needs"][0]["pathways"][0]["length"] == 1


# ---------------------------------------------------------------- properties of pathways
SEV = st.sampled_from(["mild", "moderate", "severe"])
people = st.fixed_dictionaries({"area": st.sampled_from(["NT1", "ST1"])}, optional={
    "needs": st.dictionaries(st.sampled_from(["mental-health", "housing", "offending"]), SEV, min_size=1),
    "substance_use": st.fixed_dictionaries({"status": st.sampled_from(["not-using", "active", "on-script", "abstinent"])}),
    "local_connection": st.booleans(), "intentionally_homeless": st.booleans(),
    "criminal_justice": st.fixed_dictionaries({"status": st.sampled_from(["none", "licence", "released"])}),
})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=people)
def test_every_pathway_step_is_a_real_usable_route(mini, person):
    profile = Profile.model_validate(person)
    plan = navigate(mini, profile, on=date(2026, 11, 24))
    again = navigate(mini, profile, on=date(2026, 11, 24))
    assert plan == again  # deterministic
    routes = {r.iri: r for r in mini.routes}
    for need in plan["needs"]:
        for p in need["pathways"]:
            for s in p["steps"]:
                r = routes[s["route"]]
                assert r.target == s["to_id"]
                assert r.origin == s["from_id"] or r.origin_type in mini.entries[s["from_id"]].types
                v = Assessor(mini, profile, date(2026, 11, 24), mini.postcode_areas[person["area"]]).assess(mini.entries[s["to_id"]])
                assert v.outcome is Outcome.PASS
                for c in r.requirements:
                    assert Assessor(mini, profile, date(2026, 11, 24)).criterion(c).outcome is Outcome.PASS



def test_route_without_a_store_says_what_to_do(tmp_path):
    profile = tmp_path / "person.yaml"
    profile.write_text("area: NT1\n")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "missing"), "route", str(profile)])
    assert result.exit_code == 2
    assert "no store at" in result.output and "linkwork init --demo" in result.output


def test_a_bad_profile_is_reported_with_its_field(tmp_path):
    profile = tmp_path / "person.yaml"
    profile.write_text("age: forty\n")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "route", str(profile)])
    assert result.exit_code == 2
    assert "person.yaml: field age" in result.output
