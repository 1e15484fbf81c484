"""A source is its resolved path (or --source-iri): loading never silently replaces or duplicates another."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from linkwork.graph.store import Store

from linkwork.cli import cli

TESTS = Path(__file__).parent
MINI = TESTS / "fixtures" / "mini.ttl"
ATLANTA = TESTS / "data" / "standards" / "meeting-guide" / "samples" / "atlanta.json"


def _load(store: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--store", str(store), "load", *args])
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit))
    return result


def _entries(store: Path):
    s = Store(store, read_only=True)
    try:
        return s.sources()
    finally:
        s.close()


def _count(store: Path, cls: str) -> int:
    s = Store(store, read_only=True)
    try:
        return len(list(s.query(f"SELECT DISTINCT ?x WHERE {{ ?x a <https://w3id.org/linkwork/ns#{cls}> }}")))
    finally:
        s.close()


def _snapshot(store: Path) -> list:
    s = Store(store, read_only=True)
    try:
        return sorted(str(q) for q in s.quads()) + [repr(e) for e in s.sources()]
    finally:
        s.close()


def test_files_with_the_same_name_in_two_folders_are_two_sources(tmp_path):
    """A user's own areas.ttl does not replace another areas.ttl (the demo's, say)."""
    for folder in ("demo", "mine"):
        (tmp_path / folder).mkdir()
    shutil.copy(MINI, tmp_path / "demo" / "areas.ttl")
    (tmp_path / "mine" / "areas.ttl").write_text(
        '@prefix lw: <https://w3id.org/linkwork/ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
        '<https://example.org/mine/town> a lw:Area ; rdfs:label "My town"@en ;\n'
        '    lw:areaType <https://w3id.org/linkwork/vocab/area-type/locality> .\n', encoding="utf-8")
    store = tmp_path / "store"
    assert _load(store, str(tmp_path / "demo" / "areas.ttl")).exit_code == 0
    areas = _count(store, "Area")
    assert _load(store, str(tmp_path / "mine" / "areas.ttl")).exit_code == 0
    assert _count(store, "Area") == areas + 1
    origins = {e.origin for e in _entries(store)}
    assert {str((tmp_path / f / "areas.ttl").resolve()) for f in ("demo", "mine")} <= origins
    again = _load(store, str(tmp_path / "mine" / "areas.ttl"))
    assert again.exit_code == 0 and "unchanged" in again.stdout


def test_two_councils_workbook_folders_keep_their_own_records(tmp_path):
    store = tmp_path / "store"
    for council in ("north", "south"):
        folder = tmp_path / council / "workbook"
        assert CliRunner().invoke(cli, ["template", "--csv", "-o", str(folder)]).exit_code == 0
        services = folder / "services.csv"
        services.write_text(services.read_text(encoding="utf-8").replace(
            "North community drug team", f"{council.title()} community drug team"), encoding="utf-8")
        result = _load(store, str(folder))
        assert result.exit_code == 0, result.output
    s = Store(store, read_only=True)
    try:
        rows = [(r["s"].value, r["n"].value) for r in s.query(
            "SELECT ?s ?n WHERE { ?s a <https://w3id.org/linkwork/ns#Service> ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?n }")]
    finally:
        s.close()
    by_iri: dict[str, set[str]] = {}
    for iri, name in rows:
        by_iri.setdefault(iri, set()).add(name)
    assert all(len(names) == 1 for names in by_iri.values()), by_iri  # no service with two councils' names
    assert {"North community drug team (illustrative)", "South community drug team (illustrative)"} <= {
        n for names in by_iri.values() for n in names}


def test_a_source_iri_from_another_file_needs_replace(tmp_path):
    store = tmp_path / "store"
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    shutil.copy(ATLANTA, first)
    second.write_text(ATLANTA.read_text(encoding="utf-8").replace("Serenity", "Calm"), encoding="utf-8")
    iri = "https://example.org/feeds/atlanta"
    assert _load(store, "--source-iri", iri, str(first)).exit_code == 0
    before = _snapshot(store)
    refused = _load(store, "--source-iri", iri, str(second))
    assert refused.exit_code == 1
    assert f"second.json: this would replace the source {iri}, which was loaded from {first.resolve()}" in refused.stderr
    assert "--replace" in refused.stderr and _snapshot(store) == before
    replaced = _load(store, "--source-iri", iri, "--replace", str(second))
    assert replaced.exit_code == 0, replaced.output
    [entry] = [e for e in _entries(store) if e.source == iri]
    assert entry.origin == str(second.resolve())


def test_a_renamed_copy_of_a_feed_is_refused_or_becomes_that_source(tmp_path):
    """The copy would give every meeting twice: it is refused and says so; with --replace it takes over."""
    store = tmp_path / "store"
    feed = tmp_path / "atlanta.json"
    shutil.copy(ATLANTA, feed)
    assert _load(store, str(feed)).exit_code == 0
    meetings, before = _count(store, "Meeting"), _snapshot(store)
    copy = tmp_path / "download (3).json"
    shutil.copy(feed, copy)
    refused = _load(store, str(copy))
    assert refused.exit_code == 1
    assert "download (3).json: the same bytes as the source" in refused.stderr and str(feed.resolve()) in refused.stderr
    assert "would give every record twice" in refused.stderr and "--replace" in refused.stderr
    assert _snapshot(store) == before
    feed.unlink()  # moved: the copy now stands for the feed
    taken = _load(store, "--replace", str(copy))
    assert taken.exit_code == 0, taken.output
    assert _count(store, "Meeting") == meetings
    feeds = [e for e in _entries(store) if e.origin and e.origin.endswith(".json")]
    assert [e.origin for e in feeds] == [str(copy.resolve())]


def test_two_copies_in_one_load_are_refused(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    shutil.copy(ATLANTA, a)
    shutil.copy(ATLANTA, b)
    result = _load(tmp_path / "store", str(a), str(b))
    assert result.exit_code == 1 and f"b.json: the same bytes as {a}" in result.stderr


@pytest.mark.parametrize("name", ["my feed.json", "feed (2).json"])
def test_summary_shows_where_each_source_came_from(tmp_path, name):
    store, feed = tmp_path / "store", tmp_path / name
    shutil.copy(ATLANTA, feed)
    assert _load(store, str(feed)).exit_code == 0
    out = CliRunner().invoke(cli, ["--store", str(store), "summary"])
    assert out.exit_code == 0, out.output
    assert f"from {feed.resolve()}" in out.stdout


def test_a_source_named_by_file_name_alone_is_replaced_only_with_replace(tmp_path):
    """Stores made by linkwork 0.1 named a file source by its name: loading that name asks before replacing it."""
    store, feed = tmp_path / "store", tmp_path / "atlanta.json"
    shutil.copy(ATLANTA, feed)
    s = Store(store)
    try:
        s.replace_source("urn:linkwork:source:file:atlanta.json", b'<urn:x:old> <urn:x:p> "old" .', "ntriples")
    finally:
        s.close()
    refused = _load(store, str(feed))
    assert refused.exit_code == 1 and "from an earlier linkwork" in refused.stderr and "--replace" in refused.stderr
    assert _load(store, "--replace", str(feed)).exit_code == 0
    [entry] = [e for e in _entries(store) if e.source == "urn:linkwork:source:file:atlanta.json"]
    assert entry.origin == str(feed.resolve()) and _count(store, "Meeting") > 0


def test_one_file_named_twice_in_a_load_is_one_source(tmp_path, monkeypatch):
    feed = tmp_path / "atlanta.json"
    shutil.copy(ATLANTA, feed)
    monkeypatch.chdir(tmp_path)
    result = _load(tmp_path / "store", "atlanta.json", str(feed))
    assert result.exit_code == 0, result.output
    assert [e.origin for e in _entries(tmp_path / "store") if e.origin] == [str(feed.resolve())]
