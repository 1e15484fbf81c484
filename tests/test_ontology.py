"""The ontology parses, holds to its own shapes, and carries the lists the domain needs exactly."""
from __future__ import annotations

from linkwork.graph.namespaces import LW
from linkwork.ontology import ontology_files, ontology_graph, shapes_graph
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

VOCAB = "https://w3id.org/linkwork/vocab/"


def concepts(scheme: str) -> set[str]:
    g = ontology_graph()
    return {str(c)[len(VOCAB) + len(scheme) + 1:] for c in g.subjects(SKOS.inScheme, URIRef(VOCAB + scheme))}


def test_every_file_parses():
    for f in [*ontology_files(), ontology_files()[0].parent / "shapes.ttl"]:
        assert len(Graph().parse(f, format="turtle")) > 0, f


def test_the_ontology_holds_to_its_own_shapes():
    conforms, _, text = validate(ontology_graph(), shacl_graph=shapes_graph(), advanced=True)
    assert conforms, text


def test_every_class_and_property_has_a_label_and_comment():
    g = ontology_graph()
    terms = set(g.subjects(RDF.type, OWL.Class))
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        terms |= set(g.subjects(RDF.type, kind))
    assert len(terms) > 80
    for t in terms:
        assert g.value(t, RDFS.label) is not None, t
        assert g.value(t, RDFS.comment) is not None, t


def test_design_classes_exist():
    g = ontology_graph()
    for name in ["Organisation", "Service", "Location", "Area", "EligibilityRule", "Criterion", "Exclusion",
                 "ReferralRoute", "MutualAidGroup", "Meeting", "CommunityAsset", "Touchpoint", "Commissioner",
                 "FundingStream", "Gap", "Source", "RangeCriterion", "SetCriterion", "AreaCriterion",
                 "RequirementCriterion"]:
        assert (LW[name], RDF.type, OWL.Class) in g, name


def test_lists_are_exactly_as_the_domain_notes_give_them():
    assert concepts("good-lives") == {"life", "knowledge", "excellence-in-work", "excellence-in-play",
                                      "excellence-in-agency", "inner-peace", "relatedness", "community",
                                      "spirituality", "pleasure", "creativity"}
    assert concepts("recovery-capital") == {"social", "physical", "human", "cultural"}
    assert concepts("five-ways") == {"connect", "be-active", "take-notice", "keep-learning", "give"}
    assert concepts("touchpoint") == {"early-intervention", "police-custody", "court", "community-sentence",
                                      "prison", "release", "post-supervision"}
    assert concepts("ld-group") == {"multiple-problems", "learning-disability", "severe-mental-illness"}
    assert concepts("coercion") == {"voluntary", "quasi-coercive", "coercive"}
    assert concepts("goal") == {"safer-use", "stabilisation", "reduction", "abstinence-primary", "abstinence-all",
                                "reintegration"}
    assert {"threshold", "cumulative-need", "exclusion", "coverage", "transition", "funding",
            "critical-mass"} <= concepts("gap-type")


def test_ordered_scales_are_ranked():
    g = ontology_graph()
    ranks = {str(c).rsplit("/", 1)[1]: int(r) for c, r in g.subject_objects(LW.rank)
             if str(c).startswith(VOCAB + "severity/")}
    assert ranks == {"none": 0, "mild": 1, "moderate": 2, "severe": 3}


def test_alignment_to_hsds_and_schema_org_is_stated():
    g = ontology_graph()
    assert g.value(LW.Service, LW.hsdsField) is not None
    assert g.value(LW.minimum, LW.hsdsField) is not None
    assert (LW.Organisation, SKOS.exactMatch, URIRef("https://schema.org/Organization")) in g


def test_every_meeting_guide_code_has_a_concept():
    import json
    from pathlib import Path

    g = ontology_graph()
    codes = {str(o) for o in g.objects(None, LW.meetingGuideCode)}
    types = Path(__file__).resolve().parents[2] / "shared" / "standards" / "meeting-guide" / "types.json"
    if types.exists():
        assert set(json.loads(types.read_text())) == codes
    assert {"O", "C", "W", "M", "Y", "LGBTQ", "SP", "ST", "X"} <= codes
