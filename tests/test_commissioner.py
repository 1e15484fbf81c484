"""Gap analysis for commissioners against the illustrative graph, and no false positives on a complete one."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import load_turtle
from linkwork.graph.gaps.coverage import coverage_gaps
from linkwork.graph.gaps.critical_mass import critical_mass_gaps
from linkwork.graph.gaps.cumulative import cumulative_gaps
from linkwork.graph.gaps.funding import funding_gaps
from linkwork.graph.gaps.network import network_gaps, referral_network, removal_impact
from linkwork.graph.gaps.report import all_gaps
from linkwork.graph.gaps.threshold_gaps import (
    build_axes,
    domain_entries,
    naive_uncovered_cells,
    sweep,
    threshold_gaps,
)
from linkwork.graph.gaps.transition import transition_gaps
from linkwork.graph.gaps.whatif import RemoveService, ThresholdChange, apply_change, rank_threshold_changes, what_if
from linkwork.graph.store import Store

from linkwork.cli import cli
from linkwork.core import Core

L = "https://w3id.org/linkwork/demo/lancashire/"
TODAY = date(2026, 11, 24)
COUNTY_AND_BWD = [L + d for d in ("lancaster", "wyre", "fylde", "preston", "chorley", "south-ribble", "west-lancashire",
                                  "burnley", "pendle", "rossendale", "hyndburn", "ribble-valley", "blackburn-with-darwen")]


def cell_uncovered(s, **values) -> bool:
    """Whether any uncovered cell of a sweep has the given band labels (axis name -> label)."""
    index = [(i, a.labels.index(values[a.dimension])) for i, a in enumerate(s.axes) if a.dimension in values]
    sub = s.uncovered
    for i, j in sorted(index, reverse=True):
        sub = np.take(sub, j, axis=i)
    return bool(sub.any())


def test_a_moderate_mental_health_with_active_dependence_is_uncovered_in_every_locality(lancashire):
    for s in sweep(lancashire, "mental-health", on=TODAY, areas=COUNTY_AND_BWD):
        assert cell_uncovered(s, severity="moderate", **{"use-status": "active"}), s.area
    gaps = threshold_gaps(lancashire, domain="mental-health", on=TODAY, areas=[L + "preston"])
    g = next(g for g in gaps if "moderate" in g.statement and "active" in g.statement)
    assert g.type == "threshold" and "exclusion" in g.also
    assert any("severe and enduring mental illness only" in b for b in g.blocking)
    assert any("excluded: drug use may lead to exclusion" in b for b in g.blocking)


def test_b_no_supervision_after_a_short_sentence_in_2013_but_from_2015(lancashire):
    before = threshold_gaps(lancashire, domain="offending", types=["probation"], on=date(2013, 6, 14), areas=[L + "preston"])
    released = [g for g in before if "released" in g.statement and "sentence months" in g.statement]
    assert released and released[0].type == "threshold" and "status" in released[0].also
    assert any("12 months or more" in b for b in released[0].blocking)
    after = threshold_gaps(lancashire, domain="offending", types=["probation"], on=date(2016, 1, 4), areas=[L + "preston"])
    assert not [g for g in after if "sentence months" in g.statement]


def test_d_e_i_f_thresholds_are_found_with_their_criteria(lancashire):
    recovery = threshold_gaps(lancashire, domain="housing", types=["recovery-housing"], on=TODAY, areas=[L + "preston"])
    assert any("abstinent" in b for g in recovery for b in g.blocking)
    shared = threshold_gaps(lancashire, domain="drugs", types=["shared-care"], on=TODAY, areas=[L + "preston"])
    assert any("no complex needs" in b for g in shared for b in g.blocking)
    work = threshold_gaps(lancashire, domain="employment", on=TODAY, areas=[L + "lancaster"])
    assert any("risk tier high" in g.statement and any("low or medium risk" in b for b in g.blocking) for g in work)
    housing = threshold_gaps(lancashire, domain="housing", on=TODAY, areas=[L + "blackburn-with-darwen"])
    local = [g for g in housing if "local connection no" in g.statement]
    assert local and local[0].type == "documents"


def test_c_the_small_towns_twelve_step_groups_turn_drug_users_away(lancashire):
    from linkwork.graph.gaps.mutual_aid import mutual_aid_gaps

    gaps = [g for g in mutual_aid_gaps(lancashire, on=TODAY) if g.area == L + "carnforth"]
    [g] = [g for g in gaps if g.domain == "drugs"]
    assert g.type == "exclusion"
    assert all("redirected to Narcotics Anonymous" in b for b in g.blocking)


def test_g_the_steroid_gap_opens_if_the_exchange_that_serves_them_goes(lancashire):
    args = {"domain": "drugs", "types": ["needle-exchange"], "on": TODAY, "areas": [L + "preston"]}
    assert not [g for g in threshold_gaps(lancashire, **args) if "steroids" in g.statement]
    without = apply_change(lancashire, RemoveService(L + "nx-central"))
    [g] = [g for g in threshold_gaps(without, **args) if "steroids" in g.statement]
    assert g.type == "exclusion"
    assert any("does not serve steroid" in b for b in g.blocking)


def test_j_custody_suites_without_liaison_and_diversion(lancashire):
    gaps = coverage_gaps(lancashire, on=TODAY)
    assert [g.concerns[0] for g in gaps if "custody" in g.statement] == [L + "custody-burnley"]
    assert all(g.type == "coverage" for g in gaps)


def test_removing_the_only_liaison_and_diversion_service_opens_every_suite_it_served(lancashire):
    before = {g.concerns[0] for g in coverage_gaps(lancashire, on=TODAY)}
    after = {g.concerns[0] for g in coverage_gaps(apply_change(lancashire, RemoveService(L + "liaison-diversion")), on=TODAY)}
    served = set(lancashire.entries[L + "liaison-diversion"].touchpoints)
    assert after - before == served


def test_k_detox_discharge_is_a_transition_gap(lancashire):
    [g] = [g for g in transition_gaps(lancashire, on=TODAY) if "age_limit" not in dict(g.detail)]
    assert g.type == "transition" and g.concerns == (L + "detox",)


def test_h_womens_and_family_groups_in_the_small_town(lancashire):
    gaps = critical_mass_gaps(lancashire, on=TODAY)
    assert {g.statement.split(": ")[1] for g in gaps} == {"no women's group", "no family group", "no men's group"}
    assert all(g.area == L + "carnforth" and g.type == "critical-mass" for g in gaps)


def test_funding_streams_and_what_their_end_uncovers(lancashire):
    gaps = {g.concerns[0]: g for g in funding_gaps(lancashire, on=TODAY)}
    assert set(gaps[L + "pcc-cj"].concerns[1:]) == {L + "iom", L + "liaison-diversion"}
    assert len(gaps[L + "bric-fund"].concerns) == 4


def test_cumulative_need_moderate_pairs_no_service_no_broker(lancashire):
    pair = ["mental-health", "offending"]
    preston = cumulative_gaps(lancashire, on=TODAY, areas=[L + "preston"], domains=pair)
    assert preston and all(g.type == "cumulative-need" and "no broker" in g.statement for g in preston)
    assert any("active" in g.statement and any("excluded" in b for b in g.blocking) for g in preston)
    # in Burnley the link worker, a broker, takes people not under supervision: that cell is covered there
    burnley = cumulative_gaps(lancashire, on=TODAY, areas=[L + "burnley"], domains=pair)
    assert any("cj status none" in g.statement for g in preston)
    assert not any("cj status none" in g.statement for g in burnley)


def test_referral_network_fragility(lancashire):
    G = referral_network(lancashire, on=TODAY)
    assert removal_impact(G, L + "probation") == sorted([L + "iom", L + "peer-mentoring"])
    assert any(g.type == "fragility" and L + "bric-central" in g.concerns for g in network_gaps(lancashire, on=TODAY))


def test_what_if_lowering_secondary_care_threshold_closes_moderate_for_people_without_active_dependence(lancashire):
    change = ThresholdChange(L + "crit-mh-severe", minimum="moderate")
    result = what_if(lancashire, change, on=TODAY, domains=["mental-health"], areas=COUNTY_AND_BWD)
    assert result["cells_closed"] > 0 and result["cells_opened"] == 0
    after = apply_change(lancashire, change)
    for s in sweep(after, "mental-health", on=TODAY, areas=COUNTY_AND_BWD):
        for status in ("on-script", "abstinent", "recreational"):
            assert not cell_uncovered(s, severity="moderate", **{"use-status": status}), (s.area, status)
        assert cell_uncovered(s, severity="moderate", **{"use-status": "active"})


def test_what_if_primary_care_accepts_a_stable_script_closes_part_of_the_band(lancashire):
    change = ThresholdChange(L + "crit-any-dependence", values=("active", "on-script-using-on-top"))
    result = what_if(lancashire, change, on=TODAY, domains=["mental-health"], areas=[L + "preston"])
    assert result["closed"] and all("on script" in c["statement"] for c in result["closed"])
    ranked = rank_threshold_changes(lancashire, on=TODAY, domain="mental-health", areas=[L + "preston"])
    assert ranked[0]["cells_closed"] >= result["cells_closed"] > 0


@pytest.mark.parametrize("domain", ["mental-health", "housing", "drugs", "offending"])
def test_the_sweep_agrees_with_the_naive_loop_on_lancashire(lancashire, domain):
    entries = domain_entries(lancashire, domain, TODAY)
    axes = build_axes(lancashire, entries, domain, TODAY)
    for s in sweep(lancashire, domain, on=TODAY, areas=[L + "preston", L + "blackburn-with-darwen"], entries=entries, axes=axes):
        fast = {tuple(int(i) for i in idx) for idx in np.argwhere(s.uncovered)}
        assert fast == naive_uncovered_cells(lancashire, domain, on=TODAY, area=s.area, axes=axes, entries=entries)


COMPLETE = """
ex:county a lw:Area ; rdfs:label "Complete county"@en ; lw:areaType area:county .
ex:district a lw:Area ; rdfs:label "Complete district"@en ; lw:areaType area:district ; lw:partOf ex:county .
ex:org a lw:Organisation ; rdfs:label "Everything Trust"@en ; {prov} .
ex:suite a lw:Touchpoint ; rdfs:label "Complete custody suite"@en ; lw:touchpointType tp:police-custody ;
    lw:withinArea ex:district ; {prov} .
ex:ld a lw:Service ; rdfs:label "Liaison and diversion"@en ; lw:providedBy ex:org ; lw:serviceType st:liaison-diversion ;
    lw:needDomain need:offending ; lw:areaServed ex:county ; lw:servesTouchpoint ex:suite ; {prov} .
ex:route-ld a lw:ReferralRoute ; lw:from ex:suite ; lw:to ex:ld ; lw:method method:custody-referral ; {prov} .
"""
for domain in ("drugs", "alcohol", "mental-health", "housing"):
    COMPLETE += f"""
ex:{domain} a lw:Service ; rdfs:label "Open {domain} service"@en ; lw:providedBy ex:org ; lw:serviceType st:other ;
    lw:needDomain need:{domain} ; lw:areaServed ex:county ; {{prov}} .
ex:route-{domain} a lw:ReferralRoute ; lw:from lw:SelfReferral ; lw:to ex:{domain} ; lw:method method:self-referral ; {{prov}} .
ex:route-ld-{domain} a lw:ReferralRoute ; lw:from ex:ld ; lw:to ex:{domain} ; lw:method method:professional-referral ; {{prov}} .
"""


def test_a_complete_graph_reports_no_gaps(tmp_path):
    from conftest import PROV

    store = Store()
    load_turtle(store, tmp_path, COMPLETE.replace("{prov}", PROV))
    model = Core(store).model
    assert all_gaps(model, on=TODAY) == []


def test_gaps_command_outputs(tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "s")
    assert runner.invoke(cli, ["--store", store, "init", "--demo"]).exit_code == 0
    text = runner.invoke(cli, ["--store", store, "gaps", "--limit", "3"])
    assert text.exit_code == 0 and "== coverage" in text.output and "Burnley police custody suite" in text.output
    csv_out = runner.invoke(cli, ["--store", store, "gaps", "--csv", "--type", "transition"])
    assert csv_out.output.splitlines()[0].startswith("id,type,also,area")
    assert "Lancashire inpatient detox unit" in csv_out.output
    whatif = runner.invoke(cli, ["--store", store, "gaps", "--what-if", "threshold:crit-mh-severe:minimum=moderate",
                                 "--domain", "mental-health"])
    assert whatif.exit_code == 0 and "closes" in whatif.output
    bad = runner.invoke(cli, ["--store", store, "gaps", "--what-if", "threshold:nope:minimum=moderate"])
    assert bad.exit_code == 2 and "matches 0 records" in bad.output
    written = runner.invoke(cli, ["--store", store, "gaps", "--write", "--type", "coverage"])
    assert written.exit_code == 0
    assert "urn:linkwork:source:gaps" in {e.source for e in Store(tmp_path / "s").sources()}


def test_the_indexed_sweep_agrees_with_the_sweep_over_listed_services(lancashire):
    domains = sorted({d for e in lancashire.services() if not e.broker for d in e.domains})
    for day in (date(2013, 6, 14), TODAY):
        for d in domains:
            entries = domain_entries(lancashire, d, day)
            axes = build_axes(lancashire, entries, d, day)
            listed = sweep(lancashire, d, on=day, entries=entries, axes=axes)
            indexed = sweep(lancashire, d, on=day, axes=axes)
            assert [s.area for s in listed] == [s.area for s in indexed]
            for a, b in zip(listed, indexed):
                assert (a.covered == b.covered).all(), (d, a.area)
                assert sorted(e.iri for e in a.entries) == [e.iri for e in b.entries]
