"""The illustrative Lancashire graph: it validates, cites its sources, and each seeded gap (a)-(k) is findable by SPARQL."""
from __future__ import annotations

from click.testing import CliRunner

from linkwork.cli import cli

P = """
PREFIX lw: <https://w3id.org/linkwork/ns#>
PREFIX dim: <https://w3id.org/linkwork/dimension/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX sev: <https://w3id.org/linkwork/vocab/severity/>
PREFIX use: <https://w3id.org/linkwork/vocab/use-status/>
PREFIX sub: <https://w3id.org/linkwork/vocab/substance/>
PREFIX cjs: <https://w3id.org/linkwork/vocab/cj-status/>
PREFIX st: <https://w3id.org/linkwork/vocab/service-type/>
PREFIX need: <https://w3id.org/linkwork/vocab/need/>
PREFIX risk: <https://w3id.org/linkwork/vocab/risk/>
PREFIX tp: <https://w3id.org/linkwork/vocab/touchpoint/>
PREFIX mt: <https://w3id.org/linkwork/vocab/meeting-type/>
PREFIX fel: <https://w3id.org/linkwork/vocab/fellowship/>
PREFIX area: <https://w3id.org/linkwork/vocab/area-type/>
PREFIX src: <https://w3id.org/linkwork/source/>
"""


def select(store, q, *vars):
    return [tuple(r[v].value for v in vars) for r in store.query(P + q)]


def ask(store, q) -> bool:
    return bool(store.query(P + q))


def test_every_file_validates_and_loads(lancashire_store):
    sources = {e.source for e in lancashire_store.sources()}
    assert len([s for s in sources if s.startswith("urn:linkwork:source:file:")]) >= 10


def test_geography(lancashire_store):
    districts = select(lancashire_store, "SELECT ?l WHERE { ?d lw:areaType area:district ; rdfs:label ?l ; lw:partOf ?c . "
                                         "?c lw:gssCode 'E10000017' }", "l")
    assert len(districts) == 12
    unitaries = select(lancashire_store, "SELECT ?l WHERE { ?d lw:areaType area:unitary ; rdfs:label ?l }", "l")
    assert {u for (u,) in unitaries} == {"Blackburn with Darwen", "Blackpool"}
    localities = select(lancashire_store, "SELECT ?d WHERE { ?d lw:areaType area:locality }", "d")
    assert len(localities) == 3


def test_the_data_is_marked_illustrative_and_every_fact_cites_a_source(lancashire_store):
    assert ask(lancashire_store, "ASK { ?s a lw:Source ; lw:illustrative true ; rdfs:comment ?c }")
    missing = select(lancashire_store, """
        SELECT ?x WHERE {
          VALUES ?cls { lw:Service lw:Criterion lw:RangeCriterion lw:SetCriterion lw:RequirementCriterion
                        lw:ReferralRoute lw:Touchpoint lw:Meeting lw:CommunityAsset lw:FundingStream lw:Organisation }
          ?x a ?cls .
          FILTER NOT EXISTS { ?x dcterms:source ?src ; lw:sourceLines ?lines ; lw:lastVerified ?v }
          FILTER NOT EXISTS { ?x dcterms:source src:general-knowledge ; lw:illustrative true ; lw:lastVerified ?v }
        }""", "x")
    assert missing == []
    undated = select(lancashire_store, "SELECT ?c WHERE { ?r lw:criterion ?c . FILTER NOT EXISTS { ?c lw:validFrom ?d } }", "c")
    assert undated == []


def test_no_invented_phone_numbers(lancashire_store):
    assert not ask(lancashire_store, "ASK { ?s lw:telephone ?t }")


def test_a_moderate_mental_health_between_secondary_and_primary_care(lancashire_store):
    found = select(lancashire_store, """
        SELECT ?secondary ?primary WHERE {
          ?secondary lw:serviceType st:secondary-mental-health ; lw:eligibility/lw:criterion ?c1 .
          ?c1 lw:dimension dim:severity ; lw:needDomain need:mental-health ; lw:minimumLevel sev:severe ; lw:sourceLines ?l1 .
          ?primary lw:serviceType st:primary-mental-health ; lw:exclusion/lw:criterion ?c2 ; lw:areaServed ?a .
          ?secondary lw:areaServed ?a .
          ?c2 lw:dimension dim:use-status ; lw:allowedValue use:active ; dcterms:source src:s003 ; lw:sourceLines ?l2 .
        }""", "secondary", "primary")
    assert len(found) == 4  # each locality and Blackburn with Darwen


def test_b_no_supervision_after_short_sentences_before_february_2015(lancashire_store):
    [(until, since)] = select(lancashire_store, """
        SELECT ?until ?since WHERE {
          ?s lw:serviceType st:probation ; lw:eligibility ?r . ?r lw:criterion ?old, ?new .
          ?old lw:dimension dim:sentence-months ; lw:minimum 12 ; lw:validTo ?until ; dcterms:source src:s000 .
          ?new lw:dimension dim:sentence-months ; lw:supersedes ?old ; lw:validFrom ?since .
        }""", "until", "since")
    assert (until, since) == ("2015-01-31", "2015-02-01")


def test_c_twelve_step_groups_redirect_by_substance_and_some_refuse_scripts(lancashire_store):
    assert ask(lancashire_store, """ASK { ?m a lw:Meeting ; lw:group/lw:fellowship fel:aa ; lw:eligibility/lw:criterion ?c .
        ?c lw:dimension dim:substance ; lw:allowedValue sub:alcohol ; lw:sourceLines "L612" }""")
    assert ask(lancashire_store, """ASK { ?m a lw:Meeting ; lw:exclusion ?x . ?x lw:reason ?why ; lw:criterion ?c .
        ?c lw:dimension dim:use-status ; lw:allowedValue use:on-script . FILTER(CONTAINS(STR(?why), "substitute medication")) }""")


def test_d_recovery_housing_requires_abstinence(lancashire_store):
    assert ask(lancashire_store, """ASK { ?s lw:serviceType st:recovery-housing ; lw:location/lw:confidential true ;
        lw:eligibility/lw:criterion ?c . ?c lw:dimension dim:use-status ; lw:allowedValue use:abstinent .
        FILTER NOT EXISTS { ?c lw:allowedValue use:active } }""")


def test_e_shared_care_only_for_stable_users_without_complex_needs(lancashire_store):
    found = select(lancashire_store, """SELECT ?c WHERE { ?s lw:serviceType st:shared-care ; lw:eligibility/lw:criterion ?c .
        ?c lw:sourceLines ?l . FILTER(CONTAINS(?l, "L344")) }""", "c")
    assert len(found) == 3  # stable script, mental health no more than mild, housing no more than mild
    assert ask(lancashire_store, """ASK { ?s lw:serviceType st:shared-care ; lw:eligibility/lw:criterion ?c .
        ?c lw:dimension dim:severity ; lw:maximumLevel sev:mild }""")


def test_f_local_connection_for_housing(lancashire_store):
    found = select(lancashire_store, """SELECT ?s WHERE { ?s lw:serviceType st:housing-options ;
        lw:eligibility/lw:criterion ?c ; lw:exclusion/lw:criterion ?x .
        ?c lw:dimension dim:local-connection ; lw:requiredValue true ; lw:sourceLines "L1753-1756" .
        ?x lw:dimension dim:intentionally-homeless }""", "s")
    assert len(found) == 4


def test_g_one_needle_exchange_refuses_steroid_injectors_and_one_does_not(lancashire_store):
    refusing = select(lancashire_store, """SELECT ?s WHERE { ?s lw:serviceType st:needle-exchange ; lw:exclusion ?x .
        ?x lw:reason ?why ; lw:criterion/lw:allowedValue sub:steroids }""", "s")
    serving = select(lancashire_store, """SELECT ?s WHERE { ?s lw:serviceType st:needle-exchange .
        FILTER NOT EXISTS { ?s lw:exclusion/lw:criterion/lw:allowedValue sub:steroids } }""", "s")
    assert len(refusing) == 1 and len(serving) == 1


def test_h_no_womens_or_family_group_in_the_small_town(lancashire_store):
    assert ask(lancashire_store, """ASK { ?t lw:smallTown true ; lw:population ?p .
        ?m a lw:Meeting ; lw:areaServed ?t .
        FILTER NOT EXISTS { ?w a lw:Meeting ; lw:areaServed ?t ; lw:meetingType mt:women } }""")
    assert ask(lancashire_store, "ASK { ?w a lw:Meeting ; lw:meetingType mt:women ; lw:attendanceMode ?mode }")


def test_i_peer_mentoring_for_low_and_medium_risk_only(lancashire_store):
    assert ask(lancashire_store, """ASK { ?s lw:serviceType st:peer-mentoring ; lw:eligibility/lw:criterion ?c .
        ?c lw:dimension dim:risk-tier ; lw:maximumLevel risk:medium ; dcterms:source src:s000 ; lw:sourceLines "L85" }""")


def test_j_custody_suites_without_liaison_and_diversion(lancashire_store):
    uncovered = select(lancashire_store, """SELECT ?l WHERE { ?tp lw:touchpointType tp:police-custody ; rdfs:label ?l .
        FILTER NOT EXISTS { ?s lw:serviceType st:liaison-diversion ; lw:servesTouchpoint ?tp } }""", "l")
    covered = select(lancashire_store, """SELECT ?l WHERE { ?tp lw:touchpointType tp:police-custody ; rdfs:label ?l .
        ?s lw:serviceType st:liaison-diversion ; lw:servesTouchpoint ?tp }""", "l")
    assert ("Burnley police custody suite",) in uncovered
    assert len(covered) >= 3


def test_k_detox_with_no_onward_route(lancashire_store):
    [(label,)] = select(lancashire_store, """SELECT ?l WHERE { ?s lw:serviceType st:detox ; lw:timeLimited true ; rdfs:label ?l .
        FILTER NOT EXISTS { ?r lw:from ?s } }""", "l")
    assert "detox" in label.lower()


def test_init_demo_from_the_command_line(tmp_path):
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "init", "--demo"])
    assert result.exit_code == 0, result.output
    assert "illustrative" in result.output
    again = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "init", "--demo"])
    assert "unchanged" in again.output
