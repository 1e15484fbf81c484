"""A confidential place leaves linkwork only as its area and an opaque identifier, in every format.

One store holds a confidential refuge twice: from a commissioner workbook (its id, name, address,
postcode and coordinates all carry the address) and from Turtle (its IRI, label, comment, notes,
address, postcode, town and coordinates do). Every export format, the HSDS tabular package,
`route --json`, `gaps --json`, the Neo4j projection and the public HTTP endpoints are searched
for every piece of the address and for the original ids. The refuge and its address are illustrative, as is every record here.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from linkwork.graph.confidential import is_opaque
from linkwork.graph.store import Store

from linkwork.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"

#: Every piece of the (made-up) address and the ids that carry it; none may leave the store.
SECRETS = ("mill lane", "mill-lane", "refuge house", "pr1 4ml", "pr14ml", "53.7712", "-2.6843",
           "refuge-14", "hideaway", "back gate")

REFUGE_TTL = """
@prefix lw: <https://w3id.org/linkwork/ns#> .
@prefix st: <https://w3id.org/linkwork/vocab/service-type/> .
@prefix need: <https://w3id.org/linkwork/vocab/need/> .
@prefix src: <https://w3id.org/linkwork/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/refuges/> .

ex:refuge-house-14-mill-lane a lw:Location ; lw:confidential true ;
    rdfs:label "Refuge house, 14 Mill Lane"@en ; rdfs:comment "Refuge house, 14 Mill Lane: ring at the back gate"@en ;
    lw:notes "Refuge house, 14 Mill Lane (the Hideaway)" ; lw:address "14 Mill Lane" ; lw:postcode "PR1 4ML" ;
    lw:town "Refuge house, 14 Mill Lane" ; lw:latitude 53.7712 ; lw:longitude -2.6843 ;
    lw:withinArea <https://example.org/mini/d1> .
ex:refuge-service a lw:Service ; rdfs:label "Women's refuge (illustrative)"@en ; lw:serviceType st:supported-housing ;
    lw:needDomain need:domestic-abuse, need:housing ; lw:areaServed <https://example.org/mini/d1> ;
    lw:providedBy <https://example.org/mini/council> ;
    lw:location ex:refuge-house-14-mill-lane ;
    dcterms:source src:s003 ; lw:sourceLines "L1" ; lw:lastVerified "2026-11-24"^^xsd:date .
"""

PROFILE = """label: test person (fictional)
age: 30
gender: female
area: NT1
needs:
  housing: severe
  domestic-abuse: severe
"""


def _workbook(folder: Path) -> Path:
    """The template's CSV sheets with a confidential refuge carrying its address in every field it has."""
    result = CliRunner().invoke(cli, ["template", "--csv", "-o", str(folder)])
    assert result.exit_code == 0, result.output

    def edit(sheet: str, **changes: str) -> None:
        path = folder / f"{sheet}.csv"
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        rows[0].update(changes)
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)

    edit("locations", id="refuge-14-mill-lane", name="Refuge house, 14 Mill Lane", area="Northtown",
         address="Refuge house, 14 Mill Lane (the Hideaway)", postcode="PR1 4ML", latitude="53.7712",
         longitude="-2.6843", confidential="yes")
    for sheet in ("services", "meetings", "community_assets"):
        edit(sheet, location_id="refuge-14-mill-lane", **({"areas_served": "Northtown"} if sheet == "services"
                                                           else {"area": "Northtown"}))
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("confidential")
    path = tmp / "store"
    (tmp / "refuge.ttl").write_text(REFUGE_TTL, encoding="utf-8")
    wb = _workbook(tmp / "north-workbook")
    for source in (FIXTURES / "mini.ttl", tmp / "refuge.ttl", wb):
        result = CliRunner().invoke(cli, ["--store", str(path), "load", str(source)])
        assert result.exit_code == 0, result.output
    (tmp / "person.yaml").write_text(PROFILE, encoding="utf-8")
    return path


def _run(store: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _assert_clean(text: str, what: str) -> None:
    low = text.lower()
    leaked = [s for s in SECRETS if s in low]
    assert not leaked, f"{what} leaks {leaked}"
    assert "example.org/refuges/refuge-house" not in low, f"{what} leaks the refuge's IRI"


def test_the_store_never_holds_an_address_bearing_iri_for_a_workbook_refuge(store):
    s = Store(store, read_only=True)
    try:
        places = [q.subject.value for q in s.quads() if q.predicate.value.endswith("#confidential")]
    finally:
        s.close()
    assert len(places) == 2
    assert sum(is_opaque(p) for p in places) == 1  # the workbook's; the Turtle IRI is the author's own
    assert all("mill" not in p for p in places if is_opaque(p))


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "hsds", "oruk", "geojson", "meeting-guide"])
def test_every_export_format_shows_the_refuge_by_area_only(store, fmt):
    out = _run(store, "export", "--format", fmt)
    _assert_clean(out, fmt)
    # not vacuous: the refuges are in the export, by their area
    shown = {"turtle": "Confidential address in Northtown", "jsonld": "Confidential address in Northtown",
             "hsds": "Confidential address in Northtown", "oruk": "Confidential address in Northtown",
             "geojson": '"area": "Northtown"', "meeting-guide": '"formatted_address": "Northtown"'}[fmt]
    assert shown in out
    if fmt in ("turtle", "jsonld"):
        assert len(set(re.findall(r"confidential-place\\?/[0-9a-f]{32}", out))) == 2


def test_the_tabular_package_shows_the_refuge_by_area_only(store, tmp_path):
    _run(store, "export", "--format", "hsds", "--tabular", str(tmp_path / "pkg"))
    files = sorted((tmp_path / "pkg").iterdir())
    assert any(f.name == "locations.csv" for f in files)
    for f in files:
        _assert_clean(f.read_text(encoding="utf-8"), f.name)
    assert "Confidential address in Northtown" in (tmp_path / "pkg" / "locations.csv").read_text(encoding="utf-8")


def test_route_and_gaps_json_show_the_refuge_by_area_only(store):
    person = store.parent / "person.yaml"
    plan = _run(store, "route", "--json", str(person))
    _assert_clean(plan, "route --json")
    rows = [r for need in json.loads(plan)["needs"] for r in need["eligible"] if r["label"] == "Women's refuge (illustrative)"]
    assert rows and all(r["confidential_location"] for r in rows) and rows[0]["area"] == "Northtown"
    gaps = _run(store, "gaps", "--json")
    _assert_clean(gaps, "gaps --json")
    assert json.loads(gaps)


def test_opaque_ids_are_stable_within_a_store_and_differ_between_stores(store, tmp_path):
    first = _run(store, "export", "--format", "turtle")
    assert _run(store, "export", "--format", "turtle") == first
    other = tmp_path / "other"
    _run(other, "load", str(FIXTURES / "mini.ttl"))
    _run(other, "load", str(store.parent / "refuge.ttl"))
    ids = set(re.findall(r"confidential-place\\?/[0-9a-f]{32}", first))
    assert len(ids) == 2
    assert not ids & set(re.findall(r"confidential-place\\?/[0-9a-f]{32}", _run(other, "export", "--format", "turtle")))


def test_the_neo4j_projection_shows_the_refuge_by_area_only(store):
    """The readable graph people browse in Neo4j is built from the public statements (no server needed to
    check what it would write; tests/test_neo4j_push.py pushes to a real Bolt server)."""
    from linkwork.graph.confidential import confidential_places, public_quads
    from linkwork.graph.neo4j.projection import project

    s = Store(store, read_only=True)
    try:
        proj = project(public_quads(s.quads(), confidential_places(s)), area_label=lambda a: "Northtown")
    finally:
        s.close()
    rows = json.dumps({"nodes": proj.nodes, "relationships": {str(k): v for k, v in proj.relationships.items()}})
    _assert_clean(rows, "the Neo4j projection")
    assert len(set(re.findall(r"confidential-place/[0-9a-f]{32}", rows))) == 2
    assert "Confidential address in Northtown" in rows


def test_http_responses_show_the_refuge_by_area_only(store):
    """Through a real server on 127.0.0.1: the public listings, a record and search (the endpoints that
    need an API key are not tried here)."""
    from urllib.parse import quote

    from linkwork.core import Core
    from tests.http_server import serve_core

    s = Store(store, read_only=True)
    try:
        with serve_core(Core(s)) as server, server.client() as http:
            refuge = quote("https://example.org/refuges/refuge-service", safe="")
            gets = ["/services?per_page=100", "/service_at_locations?per_page=100", "/search?per_page=100",
                    f"/records/{refuge}"]
            bodies = []
            for path in gets:
                r = http.get(path)
                assert r.status_code == 200, (path, r.status_code, r.text[:300])
                bodies.append(r.text)
    finally:
        s.close()
    for path, body in zip(gets, bodies, strict=True):
        _assert_clean(body, path)
    assert "Confidential address in Northtown" in bodies[3]
