"""The store: one named graph per source, swapped whole; failed loads change nothing; repeats duplicate nothing."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, PREFIXES, PROV
from linkwork.graph.namespaces import GRAPH_PREFIX
from linkwork.graph.store import Reclaimed, Store
from linkwork.loaders.pipeline import load_sources

from linkwork.cli import cli
from linkwork.errors import SourceErrors, StoreError


def snapshot(store: Store):
    return [(e.source, e.content_hash, e.triples) for e in store.sources()], store.count()


def test_replace_is_idempotent_and_replaces_whole(tmp_path):
    store = Store(tmp_path / "s")
    a = b'<urn:x:a> <urn:x:p> "1" .\n<urn:x:a> <urn:x:q> "2" .'
    assert store.replace_source("urn:src", a, "ntriples").changed
    assert not store.replace_source("urn:src", a, "ntriples").changed
    assert store.count("urn:src") == 2
    assert store.replace_source("urn:src", b'<urn:x:b> <urn:x:p> "3" .', "ntriples").changed
    assert [r["s"].value for r in store.query("SELECT ?s WHERE { ?s ?p ?o }")] == ["urn:x:b"]
    graphs = [g.value for g in store._ox.named_graphs() if g.value.startswith(GRAPH_PREFIX)]
    assert len(graphs) == 1  # the old version is gone


def test_a_parse_error_leaves_the_live_version(tmp_path):
    store = Store(tmp_path / "s")
    store.replace_source("urn:src", b'<urn:x:a> <urn:x:p> "1" .', "ntriples")
    before = snapshot(store)
    with pytest.raises(StoreError):
        store.replace_source("urn:src", b'<urn:x:a> <urn:x:p> "1" .\n<urn:x:b> broken', "ntriples")
    assert snapshot(store) == before


def test_an_interrupted_load_is_swept_on_the_next_writable_open(tmp_path):
    store = Store(tmp_path / "s")
    store.replace_source("urn:src", b'<urn:x:a> <urn:x:p> "1" .', "ntriples")
    # a load that died after writing its graph but before the switch
    store._ox.add(ox.Quad(ox.NamedNode("urn:x:half"), ox.NamedNode("urn:x:p"), ox.Literal("x"),
                          ox.NamedNode(GRAPH_PREFIX + "dead")))
    assert next(iter(store.query("SELECT ?s WHERE { ?s ?p ?o }")))["s"].value == "urn:x:a"  # never visible
    store.flush()
    del store
    (tmp_path / "s" / "bulk-123.sst").write_bytes(b"\0" * 2_000_000)  # what a killed bulk write leaves
    said: list[str] = []
    reopened = Store(tmp_path / "s", say=said.append)
    assert reopened.count() == 1  # read-only until the first write: nothing swept yet
    reopened.replace_source("urn:other", b'<urn:x:b> <urn:x:p> "2" .', "ntriples")
    assert GRAPH_PREFIX + "dead" not in {g.value for g in reopened._ox.named_graphs()}
    assert not (tmp_path / "s" / "bulk-123.sst").exists()
    assert reopened.reclaimed == Reclaimed(graphs=1, files=1, bytes=2_000_000)
    assert said == ["swept 1 unfinished source version and 1 unfinished bulk file (2.0 MB) "
                    "left in the store by an interrupted load"]
    assert reopened.count() == 2


def test_a_batch_with_one_bad_source_stores_nothing(tmp_path):
    store = Store()
    good = tmp_path / "good.ttl"
    good.write_text(PREFIXES + f'ex:org a lw:Organisation ; rdfs:label "Org"@en ; {PROV} .', encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + 'ex:svc a lw:Service ; rdfs:label "No provider"@en .', encoding="utf-8")
    load_sources(store, [FIXTURES / "mini.ttl"])
    before = snapshot(store)
    with pytest.raises(SourceErrors) as info:
        load_sources(store, [good, bad])
    assert all(p.source == "bad.ttl" for p in info.value.problems)
    assert snapshot(store) == before


def test_load_command_reports_and_is_idempotent(tmp_path):
    runner = CliRunner()
    args = ["--store", str(tmp_path / "s"), "load", str(FIXTURES / "mini.ttl")]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "loaded" in first.output and "Service: 4" in first.output
    second = runner.invoke(cli, args)
    assert second.exit_code == 0
    assert "unchanged" in second.output


def test_load_command_fails_cleanly_on_bad_input(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + "ex:a ex:b .\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "load", str(bad)])
    assert result.exit_code == 1
    assert "bad.ttl:" in result.output and "nothing was stored" in result.output
    assert Store(tmp_path / "s").sources() == []  # nothing at all: not even the ontology


def test_unknown_format_lists_the_known_ones(tmp_path):
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "load", "--format", "nope", str(FIXTURES / "mini.ttl")])
    assert result.exit_code == 2
    assert "unknown format 'nope'" in result.output and "turtle" in result.output


def test_rdf_formats_round_trip_to_the_same_content(tmp_path):
    from rdflib import Graph

    g = Graph().parse(FIXTURES / "mini.ttl")
    paths = []
    for fmt, suffix in (("nt", ".nt"), ("json-ld", ".jsonld"), ("trig", ".trig")):
        p = tmp_path / f"mini{suffix}"
        g.serialize(p, format=fmt)
        paths.append(p)
    counts = set()
    for p in paths:
        store = Store()
        [r] = load_sources(store, [p], source_iri="urn:linkwork:source:mini")
        counts.add(r.triples)
    assert len(counts) == 1


def test_a_large_parsed_source_loaded_again_is_unchanged(tmp_path):
    """Over BULK_STATEMENTS, a parsed source is checked in bulk; its hash must still ignore statement
    order and blank node labels, which differ between two parses of the same file."""
    from linkwork.loaders.pipeline import BULK_STATEMENTS

    path = tmp_path / "many.ttl"
    lines = [f'ex:s{i} ex:p [ ex:q "v{i}" ] .' for i in range(BULK_STATEMENTS // 2 + 1)]
    path.write_text(PREFIXES + "\n".join(lines), encoding="utf-8")
    store = Store()
    [first] = load_sources(store, [path])
    [again] = load_sources(store, [path])
    assert first.changed and not again.changed
    assert store.count() == first.triples + store.count("urn:linkwork:source:ontology")
