"""What goes wrong with a Neo4j server says so clearly, and a push that stops leaves the previous graph."""
from __future__ import annotations

import socket
from dataclasses import replace

import pytest
from click.testing import CliRunner
from linkwork.data import lancashire_files
from linkwork.graph.neo4j.connection import Neo4jError, connect
from linkwork.graph.neo4j.pull import live_dataset
from linkwork.graph.neo4j.push import push
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources

from linkwork.cli import cli
from tests.conftest import canonical_nquads, neo4j_env


def status(env):
    return CliRunner().invoke(cli, ["neo4j", "status"], env=env)


def assert_clean_error(result, *expected):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.startswith("error: ")
    for text in expected:
        assert text in result.output, result.output


def test_unreachable_server(neo4j_settings):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = status(neo4j_env(neo4j_settings) | {"NEO4J_URI": f"bolt://127.0.0.1:{port}"})
    assert_clean_error(r, f"cannot reach a Neo4j server at bolt://127.0.0.1:{port}", "NEO4J_URI")


def test_not_a_bolt_address(neo4j_settings):
    r = status(neo4j_env(neo4j_settings) | {"NEO4J_URI": "http://127.0.0.1:7474"})
    assert_clean_error(r, "cannot use 'http://127.0.0.1:7474' as a Neo4j address")


def test_wrong_password_is_refused_and_never_echoed(neo4j_settings):
    r = status(neo4j_env(neo4j_settings) | {"NEO4J_PASSWORD": "not-the-password-x7"})
    assert_clean_error(r, "refused user 'root': wrong user name or password")
    assert "not-the-password-x7" not in r.output


def test_wrong_database(neo4j_settings):
    r = status(neo4j_env(neo4j_settings) | {"NEO4J_DATABASE": "nosuchdb"})
    assert_clean_error(r, "has no database 'nosuchdb'", "NEO4J_DATABASE")


def test_pull_from_an_empty_database_says_push_first(neo4j_settings, tmp_path):
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "neo4j", "pull"], env=neo4j_env(neo4j_settings))
    assert_clean_error(r, "holds no linkwork graph: run `linkwork neo4j push` first")


class Stop(Exception):
    pass


def interrupt_at(stage: str, after: int = 1):
    """A progress callback that presses Ctrl-C once ``stage`` has reported ``after`` times."""
    seen = {"n": 0}

    def tell(s, done, total):
        if s == stage:
            seen["n"] += 1
            if seen["n"] >= after:
                raise KeyboardInterrupt
    return tell


#: Two of the illustrative graph's sources: enough for several batches, small enough to push quickly.
PART = ("areas.ttl", "routes.ttl")


def part_store(routes_text: str | None = None) -> Store:
    """The areas and routes of the illustrative graph (``routes_text``: an edited routes.ttl)."""
    full = Store()
    load_sources(full, lancashire_files(), fmt="turtle")
    part = Store()
    for e in full.sources():
        if e.source.rsplit(":", 1)[-1] in PART:
            part.replace_source(e.source, list(full.quads(e.source)))
    if routes_text is not None:
        part.replace_source(routes_source(part), routes_text.encode(), "turtle")
    return part


def routes_source(store: Store) -> str:
    return next(e.source for e in store.sources() if e.source.endswith("routes.ttl"))


@pytest.fixture(scope="module")
def first(neo4j_settings):
    """Part of the illustrative graph pushed once to this module's database, and its canonical form."""
    store = part_store()
    with connect(replace(neo4j_settings)) as conn:
        push(store, conn, batch_size=200)
    return store, canonical_nquads(store)


@pytest.mark.parametrize("stage", ["writing records", "writing the projection"])
def test_interrupted_push_leaves_the_previous_graph(neo4j_settings, first, stage):
    store, before = first
    src = next(p for p in lancashire_files() if p.name == "routes.ttl")
    edited = part_store(src.read_text(encoding="utf-8").replace("lw:waitingDays 5 ;", "lw:waitingDays 9 ;"))
    with connect(neo4j_settings) as conn:
        version = conn.run("MATCH (v:LwVersion) RETURN v.n AS n")[0]["n"]
        with pytest.raises(Neo4jError, match=rf"push stopped before the switch \(interrupted\); the previous graph "
                                             rf"\(version {version}\) is still live"):
            push(edited, conn, batch_size=50, progress=interrupt_at(stage, after=2))
        # nothing switched: the same version, the same statements, the same projection
        assert conn.run("MATCH (v:LwVersion) RETURN v.n AS n")[0]["n"] == version
        assert canonical_nquads(live_dataset(conn)) == before
        waits = conn.run("MATCH ()-[r:REFERS_TO {route: $route}]->() RETURN r.waitingDays AS w",
                         route="https://w3id.org/linkwork/demo/lancashire/route-self-cdt-north")
        assert waits == [{"w": 5}]
        if stage == "writing records":  # a half-written generation sits beside the live one, unseen
            live = [r["gen"] for r in conn.run("MATCH (s:LwSource) RETURN s.gen AS gen")]
            assert conn.run("MATCH (k:LwRecord) WHERE NOT k.gen IN $g RETURN count(k) AS n", g=live)[0]["n"] > 0
        # the next push completes and sweeps what the interrupted one left
        done = push(edited, conn, batch_size=500)
        assert done.written == (routes_source(edited),) and done.version == version + 1
        live = [r["gen"] for r in conn.run("MATCH (s:LwSource) RETURN s.gen AS gen")]
        assert conn.run("MATCH (k:LwRecord) WHERE NOT k.gen IN $g RETURN count(k) AS n", g=live)[0]["n"] == 0
        assert canonical_nquads(live_dataset(conn)) == canonical_nquads(edited)
        # and back to the original, for the next case
        push(store, conn, batch_size=500)
        assert canonical_nquads(live_dataset(conn)) == before
