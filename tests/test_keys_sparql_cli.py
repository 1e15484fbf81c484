"""`linkwork keys` and `linkwork sparql` through the CLI: keys shown once and stored hashed beside
the store; SPARQL read-only, time-limited, capped, in JSON and CSV, confidential places opaque."""
from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest
from click.testing import CliRunner
from linkwork.api.keys import KeyFile, keys_path

from linkwork.cli import cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = tmp_path_factory.mktemp("keys") / "store"
    assert CliRunner().invoke(cli, ["--store", str(store), "init", "--demo"]).exit_code == 0
    return store


def run(store, *args, **kw):
    return CliRunner().invoke(cli, ["--store", str(store), *args], **kw)


def test_a_key_is_shown_once_and_kept_only_as_a_slow_hash_beside_the_store(demo):
    r = run(demo, "keys", "add", "--role", "navigator", "--label", "Preston drop-in desk")
    assert r.exit_code == 0, r.output
    token = r.stdout.strip()
    assert token.startswith("lw_") and "shown only now" in r.stderr
    path = keys_path(demo)
    assert path == demo.with_name("store.keys.json") and not str(path).startswith(str(demo) + os.sep)
    text = path.read_text()
    assert token not in text and token.split("_", 2)[2] not in text
    row = json.loads(text)["keys"][0]
    assert row["n"] >= 2**14 and len(row["hash"]) == 64 and row["role"] == "navigator"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert KeyFile(path).verify(token).label == "Preston drop-in desk"
    listed = run(demo, "keys", "list").output
    assert "Preston drop-in desk" in listed and token not in listed and row["hash"] not in listed
    assert run(demo, "keys", "revoke", "Preston drop-in desk").exit_code == 0
    assert KeyFile(path).verify(token) is None
    assert "revoked" in run(demo, "keys", "list").output
    assert token not in run(demo, "export", "--format", "turtle").output


@pytest.mark.parametrize(("args", "message"), [
    (["keys", "add", "--role", "root", "--label", "x"], "'root' is not one of"),
    (["keys", "add", "--role", "admin", "--label", "  "], "error: a key needs a label"),
    (["keys", "add", "--role", "admin", "--label", "x", "--rate-limit", "lots"], "error: a rate limit is"),
    (["keys", "revoke", "nobody"], "error: no live key"),
])
def test_bad_key_commands_are_messages(demo, args, message):
    r = run(demo, *args)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_sparql_json_and_csv(demo):
    q = "SELECT ?s ?label WHERE { ?s a lw:Service ; rdfs:label ?label } ORDER BY ?s LIMIT 2"
    body = json.loads(run(demo, "sparql", q).output)
    assert body["head"]["vars"] == ["s", "label"] and len(body["results"]["bindings"]) == 2
    assert body["results"]["bindings"][0]["label"]["xml:lang"] == "en"
    rows = list(csv.reader(io.StringIO(run(demo, "sparql", "--format", "csv", q).output)))
    assert rows[0] == ["s", "label"] and len(rows) == 3
    assert json.loads(run(demo, "sparql", "ASK { ?s a lw:Meeting }").output) == {"head": {}, "boolean": True}


def test_sparql_caps_results_and_says_so(demo):
    r = run(demo, "sparql", "--limit", "3", "SELECT * WHERE { ?s ?p ?o }")
    assert len(json.loads(r.stdout)["results"]["bindings"]) == 3 and "only the first 3" in r.stderr


def test_sparql_sees_a_confidential_place_as_every_export_does(demo):
    q = "SELECT ?l ?p ?o WHERE { ?l lw:confidential true ; ?p ?o }"
    rows = json.loads(run(demo, "sparql", q).output)["results"]["bindings"]
    assert rows and {r["p"]["value"].rsplit("#", 1)[-1].rsplit("/", 1)[-1] for r in rows} <= {
        "type", "confidential", "withinArea", "source", "lastVerified", "label"}
    assert all("/confidential-place/" in r["l"]["value"] for r in rows)
    points = run(demo, "sparql", "SELECT ?lat WHERE { ?l lw:confidential true ; lw:latitude ?lat }").output
    assert json.loads(points)["results"]["bindings"] == []


def test_sparql_sees_only_the_live_sources(demo):
    from linkwork.graph.namespaces import CATALOG

    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    live = {row["g"]["value"] for row in json.loads(run(demo, "sparql", q).output)["results"]["bindings"]}
    assert live and str(CATALOG) not in live
    sneaky = f"SELECT ?p ?o FROM NAMED <{CATALOG}> WHERE {{ GRAPH <{CATALOG}> {{ ?s ?p ?o }} }}"
    out = run(demo, "sparql", sneaky).output
    assert json.loads(out)["results"]["bindings"] == [] and "placeKey" not in out
    assert (demo.parent / "store.sparql").is_dir()  # the public checkpoint, beside the store, made once


@pytest.mark.parametrize(("query", "message"), [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "read-only"),
    ("DELETE WHERE { ?s ?p ?o }", "read-only"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
    ("SELECT * WHERE {", "not valid SPARQL: error at 1:"),
    ("", "no query given"),
])
def test_sparql_refuses_updates_service_and_bad_text(demo, query, message):
    r = run(demo, "sparql", query)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_sparql_stops_at_the_time_limit(demo):
    r = run(demo, "sparql", "--timeout", "1", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g")
    assert r.exit_code == 2 and "longer than the limit of 1 s" in r.output


def test_sparql_reads_a_query_file_and_stdin(demo, tmp_path):
    (tmp_path / "q.rq").write_text("ASK { ?s a lw:Service }")
    assert json.loads(run(demo, "sparql", f"@{tmp_path / 'q.rq'}").output)["boolean"] is True
    assert json.loads(run(demo, "sparql", "-", input="ASK { ?s a lw:Nothing }").output)["boolean"] is False
    assert "cannot read the query" in run(demo, "sparql", f"@{tmp_path / 'missing.rq'}").output
