"""`linkwork neo4j push/pull/status` against a real Bolt server: lossless, idempotent, incremental."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from linkwork.data import lancashire_files
from linkwork.graph.neo4j.connection import connect
from linkwork.graph.store import Store

from linkwork.cli import cli
from tests.conftest import canonical_nquads, neo4j_env


def run(*args, env=None):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo store on disk, made by `linkwork init --demo`, and a copy of the demo's data files."""
    root = tmp_path_factory.mktemp("neo4j-push")
    r = run("--store", str(root / "store"), "init", "--demo")
    assert r.exit_code == 0, r.output
    return root


@pytest.fixture(scope="module")
def pushed(demo, neo4j_settings):
    r = run("--store", str(demo / "store"), "neo4j", "push", env=neo4j_env(neo4j_settings))
    assert r.exit_code == 0, r.output
    return r.output


def sources_of(path) -> list:
    store = Store(path, read_only=True)
    try:
        return store.sources()
    finally:
        store.close()


def test_push_then_pull_gives_back_the_same_dataset(demo, neo4j_settings, pushed):
    n = len(sources_of(demo / "store"))
    assert n >= 13 and f"pushed {n} sources" in pushed
    r = run("--store", str(demo / "pulled"), "neo4j", "pull", env=neo4j_env(neo4j_settings))
    assert r.exit_code == 0, r.output
    assert f"pulled {n} changed sources, 0 unchanged, 0 removed" in r.output
    original, pulled = Store(demo / "store", read_only=True), Store(demo / "pulled", read_only=True)
    try:
        a, b = canonical_nquads(original), canonical_nquads(pulled)
        assert len(a) == n and sum(map(len, a.values())) > 5000
        assert a == b
    finally:
        original.close()
        pulled.close()
    again = run("--store", str(demo / "pulled"), "neo4j", "pull", env=neo4j_env(neo4j_settings))
    assert f"nothing to pull: all {n} sources already match Neo4j" in again.output


def test_pushing_twice_changes_nothing(demo, neo4j_settings, pushed):
    with connect(neo4j_settings) as conn:
        before = conn.run("MATCH (n) RETURN count(n) AS n")[0]["n"], conn.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        r = run("--store", str(demo / "store"), "neo4j", "push", env=neo4j_env(neo4j_settings))
        n = len(sources_of(demo / "store"))
        assert f"nothing to push: all {n} sources already live (graph version 1)" in r.output
        after = conn.run("MATCH (n) RETURN count(n) AS n")[0]["n"], conn.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    assert before == after


def test_status_names_every_source(demo, neo4j_settings, pushed):
    r = run("neo4j", "status", env=neo4j_env(neo4j_settings))
    assert r.exit_code == 0, r.output
    assert "graph version 1" in r.output and f"{len(sources_of(demo / 'store'))} sources" in r.output
    store = Store(demo / "store", read_only=True)
    try:
        for e in store.sources():
            assert f"{e.source}: {e.triples} statements" in r.output
    finally:
        store.close()


def test_constraints_are_created_once(neo4j_settings, pushed):
    with connect(neo4j_settings) as conn:
        names = {c["name"] for c in conn.run("SHOW CONSTRAINTS")}
    assert {"lw_record_key", "lw_source_iri", "lw_service_iri", "lw_area_iri", "lw_route_iri"} <= names


def test_readable_projection(neo4j_settings, pushed):
    with connect(neo4j_settings) as conn:
        svc = conn.run("MATCH (s:Service {iri: 'https://w3id.org/linkwork/demo/lancashire/cdt-central'}) "
                       "RETURN s.name AS name, s.illustrative AS ill")
        within = conn.run("MATCH (a:Area {name: 'Preston'})-[:WITHIN]->(p:Area) RETURN p.name AS parent")
        refer = conn.run("MATCH (:EntryPoint)-[r:REFERS_TO]->(s:Service {iri: $iri}) RETURN r.method AS method, "
                         "r.waitingDays AS wait", iri="https://w3id.org/linkwork/demo/lancashire/cdt-north")
    assert svc and svc[0]["ill"] is True
    assert {"parent": "Central Lancashire"} in within or within, within
    assert refer == [{"method": "self-referral", "wait": 5}]


def test_confidential_location_leaves_only_as_its_area(neo4j_settings, pushed):
    with connect(neo4j_settings) as conn:
        rows = conn.run("MATCH (s:Service)-[:AT]->(l:Location {confidential: true})-[:WITHIN]->(a:Area) "
                        "RETURN s.name AS service, l AS loc, a.name AS area")
    assert rows, "the recovery house has a confidential location"
    for r in rows:
        assert not {"latitude", "longitude", "address", "postcode", "town", "label"} & set(r["loc"])
        assert r["loc"]["name"] == f"Confidential address in {r['area']}"
        assert r["loc"]["iri"].startswith("https://w3id.org/linkwork/id/confidential-place/")


def test_reloading_one_source_pushes_only_that_source(demo, neo4j_settings, pushed, tmp_path):
    src = next(p for p in lancashire_files() if p.name == "routes.ttl")
    edited = tmp_path / "routes.ttl"
    shutil.copy(src, edited)
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("lw:waitingDays 5 ;", "lw:waitingDays 6 ;", 1), encoding="utf-8")
    store = demo / "store"
    entries = sources_of(store)
    iri = next(e.source for e in entries if e.source.endswith("routes.ttl"))
    loaded = run("--store", str(store), "load", "--replace", "--source-iri", iri, "--format", "turtle", str(edited))
    assert loaded.exit_code == 0, loaded.output
    r = run("--store", str(store), "neo4j", "push", env=neo4j_env(neo4j_settings))
    try:
        assert "pushed 1 source" in r.output, r.output
        assert f"{len(entries) - 1} unchanged" in r.output
        with connect(neo4j_settings) as conn:
            waits = conn.run("MATCH (:EntryPoint)-[r:REFERS_TO]->(s:Service {iri: $iri}) RETURN r.waitingDays AS w",
                             iri="https://w3id.org/linkwork/demo/lancashire/cdt-north")
            stale = conn.run("MATCH (k:LwRecord) WITH k.gen AS g, count(*) AS n RETURN count(g) AS gens")[0]["gens"]
        assert waits == [{"w": 6}]
        assert stale == len(entries)  # the replaced generation was swept
    finally:
        run("--store", str(store), "load", "--replace", "--source-iri", iri, "--format", "turtle", str(src))
