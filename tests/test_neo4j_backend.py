"""The engines from Neo4j: the six personas' plans and the full gap report are identical from either
backend, through the CLI and in process, and the model follows the graph's version node."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from linkwork.graph.gaps.report import all_gaps
from linkwork.graph.navigator import navigate
from linkwork.graph.neo4j.backend import Neo4jCore
from linkwork.graph.neo4j.connection import connect
from linkwork.graph.neo4j.push import push
from linkwork.graph.profile import read_profile
from linkwork.graph.store import Store

from linkwork.cli import cli
from linkwork.core import Core
from tests.conftest import PROFILES, neo4j_env

DAY = date(2026, 11, 24)
PERSONAS = sorted(PROFILES.glob("p[1-6]-*.yaml"))


def run(*args, env=None):
    r = CliRunner().invoke(cli, list(args), env=env)
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture(scope="module")
def demo(tmp_path_factory, neo4j_settings):
    """The demo store on disk, pushed to this module's database with `linkwork neo4j push`."""
    store = tmp_path_factory.mktemp("neo4j-backend") / "store"
    run("--store", str(store), "init", "--demo")
    run("--store", str(store), "neo4j", "push", env=neo4j_env(neo4j_settings))
    return store


@pytest.fixture(scope="module")
def models(demo, neo4j_settings):
    """The model compiled from the embedded store and from Neo4j."""
    embedded = Core(Store(demo, read_only=True))
    shared = Neo4jCore.connect(neo4j_settings)
    yield embedded.model, shared.model
    embedded.close()
    shared.close()


def test_six_personas_plan_alike_from_either_backend(models):
    embedded, shared = models
    assert len(PERSONAS) == 6
    for path in PERSONAS:
        person = read_profile(path)
        on = person.as_of or DAY
        a, b = navigate(embedded, person, on=on), navigate(shared, person, on=on)
        assert a["needs"], path.name
        assert json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str), path.name


def test_full_gap_report_is_the_same_from_either_backend(models):
    embedded, shared = models
    a = [g.as_dict() for g in all_gaps(embedded, on=DAY)]
    b = [g.as_dict() for g in all_gaps(shared, on=DAY)]
    assert len(a) > 20
    assert a == b


def test_route_and_gaps_take_backend_neo4j(demo, neo4j_settings):
    env = neo4j_env(neo4j_settings)
    profile = str(PROFILES / "p2-kelly.yaml")
    assert (run("--store", str(demo), "route", "--json", profile)
            == run("--store", str(demo), "route", "--json", "--backend", "neo4j", profile, env=env))
    assert (run("--store", str(demo), "gaps", "--json", "--date", "2026-11-24")
            == run("gaps", "--json", "--date", "2026-11-24", env=env | {"LINKWORK_BACKEND": "neo4j"}))


def test_gaps_write_needs_the_embedded_store(neo4j_settings):
    r = CliRunner().invoke(cli, ["gaps", "--backend", "neo4j", "--write"], env=neo4j_env(neo4j_settings))
    assert r.exit_code == 2 and "--write stores findings in the embedded store" in r.output


def test_backend_neo4j_reports_a_bad_connection_clearly(neo4j_settings):
    r = CliRunner().invoke(cli, ["route", "--backend", "neo4j", str(PROFILES / "p1-dean.yaml")],
                           env=neo4j_env(neo4j_settings) | {"NEO4J_DATABASE": "nosuchdb"})
    assert r.exit_code == 2 and r.output.startswith("error: ") and "has no database 'nosuchdb'" in r.output


def test_the_model_follows_the_version_node(demo, neo4j_settings):
    """Another process pushes; this one sees the new graph at its next access, and only then."""
    core = Neo4jCore.connect(neo4j_settings)
    route = "https://w3id.org/linkwork/demo/lancashire/route-self-cdt-north"
    try:
        first = core.model
        before = next(r for r in first.routes if r.iri == route).waiting_days
        assert core.store.version == core._copy.version and core.reloads == 1
        assert core.model is first  # nothing pushed: no re-read, no rebuild
        original = Store(demo, read_only=True)
        edited = Store()
        for e in original.sources():
            quads = list(original.quads(e.source))
            if e.source.endswith("routes.ttl"):
                text = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
                text = text.replace(f'<{route}> <https://w3id.org/linkwork/ns#waitingDays> "{before:g}"',
                                    f'<{route}> <https://w3id.org/linkwork/ns#waitingDays> "{before + 7:g}"')
                edited.replace_source(e.source, text.encode(), "ntriples")
            else:
                edited.replace_source(e.source, quads)
        with connect(neo4j_settings) as conn:
            pushed = push(edited, conn)
            assert len(pushed.written) == 1
            after = next(r for r in core.model.routes if r.iri == route).waiting_days
            assert after == before + 7 and core.reloads == 2 and core.store.version == pushed.version
            push(original, conn)  # and back, for the other tests
        original.close()
        assert next(r for r in core.model.routes if r.iri == route).waiting_days == before
    finally:
        core.close()


def test_serve_answers_from_neo4j_as_from_the_store(demo, neo4j_settings):
    env = neo4j_env(neo4j_settings)
    path = "/services?per_page=3"
    assert (run("--store", str(demo), "serve", "--get", path)
            == run("serve", "--backend", "neo4j", "--get", path, env=env))


def test_bench_neo4j_quick_runs_against_a_server(demo, neo4j_settings, tmp_path, bolt_server):
    """`linkwork bench neo4j --quick` end to end, on an empty database of the session's server."""
    from tests.conftest import neo4j_env as env_of

    bolt_server.create_database("benchempty")
    env = env_of(neo4j_settings) | {"NEO4J_DATABASE": "benchempty"}
    out = tmp_path / "bench.md"
    r = CliRunner().invoke(cli, ["bench", "neo4j", "--quick", "--workdir", str(tmp_path / "w"), "--output", str(out)],
                           env=env)
    assert r.exit_code == 0, r.output
    lines = [l for l in r.output.splitlines() if l.startswith("| neo4j |")]
    assert len(lines) == 5 and all("same answer" in l for l in lines if "Cypher" in l)
    assert all(l.rstrip(" |").endswith("x") for l in lines if "single-row" in l)
    busy = CliRunner().invoke(cli, ["bench", "neo4j", "--quick", "--no-record", "--workdir", str(tmp_path / "w")],
                              env=env_of(neo4j_settings))
    assert busy.exit_code == 2 and "is not empty" in busy.output
