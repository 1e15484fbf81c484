"""Each analyst query in docs/neo4j.md, run exactly as written against the test server on the
illustrative graph, gives what the embedded engine's model says."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from linkwork.graph.neo4j.connection import connect
from linkwork.graph.neo4j.push import push
from linkwork.graph.places import resolve_area

from linkwork.core import Core

DOC = Path(__file__).parent.parent / "docs" / "neo4j.md"


def queries() -> dict[str, str]:
    """Title -> Cypher, from the "Queries for analysts" section."""
    text = DOC.read_text(encoding="utf-8").split("## Queries for analysts", 1)[1]
    return {m[1]: m[2] for m in re.finditer(r"### (.+?)\n.*?```cypher\n(.*?)```", text, re.S)}


@pytest.fixture(scope="module")
def graph(lancashire_store, neo4j_settings):
    """The illustrative graph pushed to this module's database; a connection and the embedded model."""
    model = Core(lancashire_store).model
    conn = connect(neo4j_settings)
    push(lancashire_store, conn, area_label=model.label)
    yield conn, model
    conn.close()


def ask(conn, title: str) -> list[dict]:
    return conn.run(queries()[title])


def services(model):
    return [e for e in model.entries.values() if e.kind == "service"]


def test_the_doc_has_the_five_queries():
    assert list(queries()) == ["Services a person can self-refer to in an area", "Custody suites without liaison and diversion",
                               "Single gateways into a service", "Services reachable from a touchpoint in two steps",
                               "Thresholds that changed since a date"]


def test_self_referral_in_an_area(graph):
    conn, m = graph
    rows = ask(conn, "Services a person can self-refer to in an area")
    within = m.areas[resolve_area(m, "Preston")].ancestors
    expected = {e.label for e in services(m) if set(e.areas) & within
                and any(r.origin == "self" for r in m.routes_in.get(e.iri, ()))}
    assert {r["service"] for r in rows} == expected and len(expected) >= 5
    assert [r["waiting_days"] for r in rows] == sorted(r["waiting_days"] for r in rows)


def test_custody_suites_without_liaison_and_diversion(graph):
    conn, m = graph
    rows = ask(conn, "Custody suites without liaison and diversion")
    reached = {t for e in services(m) if "liaison-diversion" in e.types for t in e.touchpoints}
    expected = sorted(t.label for t in m.touchpoints.values() if t.type == "police-custody" and t.iri not in reached)
    assert [r["custody_suite"] for r in rows] == expected == ["Burnley police custody suite"]


def test_single_gateways(graph):
    conn, m = graph
    rows = ask(conn, "Single gateways into a service")
    expected = {e.label for e in services(m) if len(m.routes_in.get(e.iri, ())) == 1}
    assert {r["service"] for r in rows} == expected and len(expected) >= 5
    assert all(r["only_way_in"] and r["method"] for r in rows)


def test_reachable_from_a_touchpoint_in_two_steps(graph):
    conn, m = graph
    rows = ask(conn, "Services reachable from a touchpoint in two steps")
    custody = next(t.iri for t in m.touchpoints.values() if t.label == "Preston police custody suite")
    expected = {(e.label, m.entries[r.target].label) for e in services(m) if custody in e.touchpoints
                for r in m.routes_out.get(e.iri, ()) if r.target in m.entries and m.entries[r.target].kind == "service"}
    assert {(r["first_step"], r["second_step"]) for r in rows} == expected and expected


def test_thresholds_changed_since_a_date(graph):
    conn, m = graph
    rows = ask(conn, "Thresholds that changed since a date")
    since = date(2015, 1, 1)
    expected = {(e.label, c.plain) for e in services(m) for rule in e.rules for c in rule.criteria
                if (c.valid_from and c.valid_from >= since) or (c.valid_to and c.valid_to >= since)}
    assert {(r["service"], r["threshold"]) for r in rows} == expected and expected


def test_the_readme_query_is_the_tested_one():
    readme = (DOC.parent.parent / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"```cypher\n(.*?)```", readme, re.S)
    assert shown and all(q in queries().values() for q in shown)
