"""Shared fixtures: stores built through the real loaders, models compiled from them."""
from __future__ import annotations

from pathlib import Path

import pytest
from linkwork.data import lancashire_files
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources

from linkwork.core import Core

FIXTURES = Path(__file__).parent / "fixtures"
PROFILES = Path(__file__).parent.parent / "examples" / "profiles"

PREFIXES = """
@prefix lw:      <https://w3id.org/linkwork/ns#> .
@prefix dim:     <https://w3id.org/linkwork/dimension/> .
@prefix src:     <https://w3id.org/linkwork/source/> .
@prefix need:    <https://w3id.org/linkwork/vocab/need/> .
@prefix sev:     <https://w3id.org/linkwork/vocab/severity/> .
@prefix sub:     <https://w3id.org/linkwork/vocab/substance/> .
@prefix use:     <https://w3id.org/linkwork/vocab/use-status/> .
@prefix cjs:     <https://w3id.org/linkwork/vocab/cj-status/> .
@prefix risk:    <https://w3id.org/linkwork/vocab/risk/> .
@prefix gender:  <https://w3id.org/linkwork/vocab/gender/> .
@prefix tp:      <https://w3id.org/linkwork/vocab/touchpoint/> .
@prefix st:      <https://w3id.org/linkwork/vocab/service-type/> .
@prefix method:  <https://w3id.org/linkwork/vocab/referral-method/> .
@prefix handover: <https://w3id.org/linkwork/vocab/handover/> .
@prefix area:    <https://w3id.org/linkwork/vocab/area-type/> .
@prefix org:     <https://w3id.org/linkwork/vocab/org-type/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex:      <https://example.org/> .
"""

PROV = 'dcterms:source src:s003 ; lw:sourceLines "L1" ; lw:lastVerified "2026-11-24"^^xsd:date'


def load_turtle(store: Store, tmp_path: Path, body: str, name: str = "fixture.ttl"):
    """Write Turtle (with the usual prefixes) to a file and load it through the real pipeline."""
    path = tmp_path / name
    path.write_text(PREFIXES + body, encoding="utf-8")
    return load_sources(store, [path], fmt="turtle")


def edited_workbook(folder: Path, edit) -> Path:
    """The template workbook written to ``folder/wb.xlsx`` and changed by ``edit(workbook)``, for bad-input tests."""
    from linkwork.loaders.workbook import write_template
    from openpyxl import load_workbook

    path = folder / "wb.xlsx"
    write_template(path)
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


@pytest.fixture(scope="session")
def lancashire_store() -> Store:
    """The illustrative Lancashire graph, loaded once through the loaders (SHACL and all)."""
    store = Store()
    load_sources(store, lancashire_files(), fmt="turtle")
    return store


@pytest.fixture(scope="session")
def lancashire(lancashire_store):
    """The compiled model of the Lancashire graph."""
    return Core(lancashire_store).model


#: the shared test servers take many requests from one address (conformance, schemathesis); the rate
#: limits themselves are tested on servers of their own
TEST_RATES = {"public": "100000/minute"}


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """A real Bolt server (ArcadeDB, see linkwork.graph.neo4j.local_server) on 127.0.0.1, started once
    per test session: the Java start is the main cost."""
    from linkwork.graph.neo4j.local_server import start_local_server

    server = start_local_server(tmp_path_factory.mktemp("arcadedb"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def neo4j_settings(bolt_server, request):
    """Connection settings for a fresh, empty database of this test module's own."""
    from linkwork.graph.neo4j.connection import Settings

    name = request.module.__name__.rpartition(".")[2].replace("_", "")
    bolt_server.create_database(name)
    return Settings(bolt_server.bolt_uri, bolt_server.username, bolt_server.password, name)


def neo4j_env(settings) -> dict[str, str]:
    """The NEO4J_* variables for ``settings``, as a user would export them."""
    return {"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.username, "NEO4J_PASSWORD": settings.password,
            "NEO4J_DATABASE": settings.database}


@pytest.fixture(scope="session")
def api_server(lancashire_store):
    """A real uvicorn server on 127.0.0.1 over the illustrative graph, once per session (see tests/http_server.py)."""
    from linkwork.api.app import create_app

    from tests.http_server import LiveServer

    server = LiveServer(create_app(Core(lancashire_store), rates=TEST_RATES)).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def api(api_server):
    """An httpx client on :func:`api_server`."""
    with api_server.client() as client:
        yield client


@pytest.fixture(scope="session")
def empty_api():
    """A client on a real server over a store with the ontology only: no services, no places."""
    from linkwork.loaders.pipeline import ensure_ontology

    from tests.http_server import serve_core

    store = Store()
    ensure_ontology(store)
    with serve_core(Core(store), rates=TEST_RATES) as server, server.client() as client:
        yield client


def canonical_nquads(store: Store) -> dict[str, list[str]]:
    """Each source's statements as sorted canonical N-Triples (blank nodes relabelled by rdflib's
    canonicalisation), so datasets that are the same compare equal however they were loaded."""
    from linkwork.graph.terms import to_rdflib
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    out = {}
    for e in store.sources():
        g = Graph()
        for q in store.quads(e.source):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        out[e.source] = sorted(to_canonical_graph(g).serialize(format="nt").splitlines())
    return out


@pytest.fixture(scope="session")
def browser():
    """One real headless Chromium for the session (see tests/browser.py)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture
def web(browser, api_server):
    """A fresh browser context on the live server; fails the test on a console error or a request off 127.0.0.1."""
    from tests.browser import DESKTOP, Visit

    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    visit = Visit(api_server.url, context)
    yield visit
    context.close()
    assert visit.foreign == [], f"requests to other hosts: {visit.foreign}"
    assert visit.console_errors == [], f"console errors: {visit.console_errors}"
