"""The bulk path: large N-Triples are checked by the shapes compiled to SPARQL, with the same findings as pyshacl."""
from __future__ import annotations

import pytest
from conftest import PREFIXES, PROV
from linkwork.graph.store import Store
from linkwork.loaders import rdf
from linkwork.loaders.bulk_checks import check_bulk, compiled_checks
from linkwork.loaders.pipeline import load_sources
from linkwork.loaders.synth import write_synth

from linkwork.errors import SourceErrors


def test_shapes_compile_to_queries():
    checks = compiled_checks()
    assert len(checks) > 50
    assert any("providedBy" in c.path and "organisation provides it" in c.message for c in checks)


def test_bulk_checks_find_what_pyshacl_finds(tmp_path, monkeypatch):
    from rdflib import Graph

    body = PREFIXES + f"""
ex:s a lw:Service ; rdfs:label "No provider"@en ; lw:serviceType st:detox ; {PROV} .
ex:h a lw:OpeningHours ; lw:day 9 ; lw:opens "25:00" ; lw:closes "17:00" ."""
    nt = tmp_path / "bad.nt"
    Graph().parse(data=body, format="turtle").serialize(nt, format="nt", encoding="utf-8")
    small = Store()
    with pytest.raises(SourceErrors) as by_pyshacl:
        load_sources(small, [nt])
    monkeypatch.setattr(rdf, "BULK_BYTES", 10)  # force the bulk path
    with pytest.raises(SourceErrors) as by_sparql:
        load_sources(Store(), [nt])
    def gist(problems):
        return {p.reason.split(": ", 2)[-1].split(";")[0] for p in problems}
    assert gist(by_sparql.value.problems) == gist(by_pyshacl.value.problems)
    assert small.sources() == []  # a failed load stores nothing, not even the ontology


def test_a_bulk_load_of_synthetic_data_stores_everything(tmp_path, monkeypatch):
    summary = write_synth(tmp_path, services=300, seed=3)
    monkeypatch.setattr(rdf, "BULK_BYTES", 10)
    store = Store()
    [report] = load_sources(store, [tmp_path / "synth.nt"])
    assert report.changed and report.triples >= summary["triples"]
    [again] = load_sources(store, [tmp_path / "synth.nt"])
    assert not again.changed


def test_syntax_errors_on_the_bulk_path_are_located():
    problems = check_bulk(b'<urn:a> <urn:b> "c" .\n<urn:a> <urn:b> oops .\n', None, "big.nt")
    assert problems and problems[0].where == "2" and "syntax error" in problems[0].reason


@pytest.mark.parametrize(("literal", "reason"), [
    ('"eighteen"^^xsd:integer', "'eighteen' is not a valid xsd:integer"),
    ('"1e999"^^xsd:double', "is not a finite number (xsd:double)"),
    ('"NaN"^^xsd:double', "'NaN' is not a finite number (xsd:double)"),
    ('"2026-13-45"^^xsd:date', "'2026-13-45' is not a valid xsd:date"),
])
def test_literals_their_datatype_does_not_fit_are_refused_on_the_bulk_path_too(tmp_path, monkeypatch, literal, reason):
    """The same literal checks as small RDF sources (issue 10): located by line or record, nothing stored."""
    from rdflib import Graph

    body = PREFIXES + f"""
ex:county a lw:Area ; rdfs:label "County"@en ; lw:areaType <https://w3id.org/linkwork/vocab/area-type/county> .
ex:c a lw:RangeCriterion ; lw:dimension dim:age ; lw:minimum {literal} ; lw:validFrom "2020-01-01"^^xsd:date ; {PROV} ."""
    nt = tmp_path / "big.nt"
    Graph().parse(data=body, format="turtle").serialize(nt, format="nt", encoding="utf-8")
    monkeypatch.setattr(rdf, "BULK_BYTES", 10)  # force the bulk path
    store = Store()
    with pytest.raises(SourceErrors) as exc:
        load_sources(store, [nt])
    [problem] = exc.value.problems
    assert problem.source == "big.nt" and problem.where and problem.field == "minimum" and reason in problem.reason
    assert store.sources() == []
