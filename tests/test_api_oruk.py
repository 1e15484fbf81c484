"""Open Referral UK 3.0 conformance through real HTTP, as the official validator tests it.

Every list endpoint at its first, middle and last page, every item validated against
the ORUK 3.0 JSON Schemas (Draft 2020-12, format checks on); every ``{id}`` endpoint
with ids from the lists; ``/``; empty pages from an empty store; and the older
validator's level-2 filters on the illustrative graph, each returning exactly the
services it should.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from linkwork.api.export.data import hsds_id
from linkwork.graph import places, postcodes
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.http_server import assert_problem

#: the published schemas; the vendored copies stand in where ../shared is not checked out
STANDARD = Path(__file__).resolve().parents[2] / "shared" / "standards" / "oruk-3.0" / "schema"
ROOT = Path(__file__).resolve().parents[1]
MODULAR = STANDARD if STANDARD.exists() else ROOT / "loaders" / "schemas" / "oruk-3.0"
COMPILED = STANDARD / "compiled" if STANDARD.exists() else ROOT / "loaders" / "schemas" / "oruk-3.0-compiled"

LISTS = ["/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"]
ENVELOPE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def _schema(path: Path) -> dict:
    return json.loads(path.read_text())


_REGISTRY = Registry().with_resources(
    (f.name, Resource.from_contents(_schema(f), default_specification=DRAFT202012)) for f in sorted(MODULAR.glob("*.json")))


def _validator(schema: dict) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=_REGISTRY, format_checker=FormatChecker())


ITEM = {
    "/services": _validator(_schema(COMPILED / "service_list.json")),
    "/service_at_locations": _validator(_schema(COMPILED / "service_at_location_list.json")),
    "/taxonomies": _validator(_schema(MODULAR / "taxonomy.json")),
    "/taxonomy_terms": _validator(_schema(MODULAR / "taxonomy_term.json")),
}
FULL_SERVICE = _validator(_schema(MODULAR / "service.json"))
FULL_SAL = _validator({"allOf": [{"$ref": "service_at_location.json"}], "properties": {"service": {"$ref": "service.json"}}})


def _valid(v: Draft202012Validator, doc, where: str) -> None:
    errors = [f"{where}: /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(doc)]
    assert not errors, errors[:5]


def _no_nulls_or_empties(doc, where: str) -> None:
    if isinstance(doc, dict):
        for k, v in doc.items():
            assert v is not None and v != [] and v != {}, f"{where}/{k} is empty; the profile asks to omit it"
            _no_nulls_or_empties(v, f"{where}/{k}")
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            _no_nulls_or_empties(v, f"{where}/{i}")


def _page(api, path: str, **params) -> dict:
    r = api.get(path, params=params)
    assert r.status_code == 200, (path, params, r.text)
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == ENVELOPE, set(body) ^ ENVELOPE
    return body


def _everything(api, path: str, **params) -> list[dict]:
    return _page(api, path, per_page=1000, **params)["contents"]


def _ids(api, path: str, **params) -> set[str]:
    return {x["id"] for x in _everything(api, path, **params)}


# -- the surface -------------------------------------------------------------------

def test_root_names_version_profile_and_openapi(api, api_server):
    body = api.get("/").json()
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"] == f"{api_server.url}/openapi.json"
    assert api.get(body["openapi_url"]).json()["openapi"].startswith("3.1")


@pytest.mark.parametrize("path", LISTS)
def test_first_middle_and_last_page_validate(api, path):
    total = _page(api, path)["total_items"]
    assert total > 3, f"the illustrative graph should have more than 3 items at {path}"
    per_page = 3
    last = -(-total // per_page)
    seen: list[str] = []
    for number in sorted({1, (last + 1) // 2, last}):
        body = _page(api, path, page=number, per_page=per_page)
        assert (body["page_number"], body["total_items"], body["total_pages"]) == (number, total, last)
        assert body["first_page"] == (number == 1) and body["last_page"] == (number == last)
        assert body["size"] == len(body["contents"]) == (per_page if number < last else total - per_page * (last - 1))
        assert body["empty"] is False
        for i, item in enumerate(body["contents"]):
            _valid(ITEM[path], item, f"{path}?page={number} item {i}")
            _no_nulls_or_empties(item, f"{path}?page={number}/{i}")
        seen += [x["id"] for x in body["contents"]]
    assert len(seen) == len(set(seen))
    beyond = _page(api, path, page=last + 1, per_page=per_page)
    assert beyond["contents"] == [] and beyond["empty"] is True and beyond["last_page"] is True


def test_every_service_by_id_is_full_and_valid(api):
    ids = _ids(api, "/services")
    for sid in sorted(ids):
        r = api.get(f"/services/{sid}")
        assert r.status_code == 200, r.text
        _valid(FULL_SERVICE, r.json(), f"/services/{sid}")
        _no_nulls_or_empties(r.json(), f"/services/{sid}")
        assert r.json()["id"] == sid


def test_every_service_at_location_by_id_is_full_and_valid(api):
    for item in _everything(api, "/service_at_locations"):
        r = api.get(f"/service_at_locations/{item['id']}")
        assert r.status_code == 200, r.text
        body = r.json()
        _valid(FULL_SAL, body, f"/service_at_locations/{item['id']}")
        assert (body["service_id"], body["location_id"]) == (item["service_id"], item["location_id"])
        assert body["service"]["id"] == item["service_id"] and body["location"]["id"] == item["location_id"]


@pytest.mark.parametrize("path", ["/taxonomies", "/taxonomy_terms"])
def test_every_taxonomy_and_term_by_id(api, path):
    for item in _everything(api, path):
        r = api.get(f"{path}/{item['id']}")
        assert r.status_code == 200, r.text
        _valid(ITEM[path], r.json(), f"{path}/{item['id']}")
        assert {k: v for k, v in r.json().items() if k != "taxonomy_terms"} == item


def test_terms_belong_to_listed_taxonomies(api):
    taxonomies = _ids(api, "/taxonomies")
    terms = _everything(api, "/taxonomy_terms")
    assert {t["taxonomy_id"] for t in terms} == taxonomies
    for tid in taxonomies:
        assert api.get(f"/taxonomies/{tid}").json()["taxonomy_terms"]


@pytest.mark.parametrize("path", ["/services/", "/service_at_locations/", "/taxonomies/", "/taxonomy_terms/"])
def test_unknown_ids_are_404_problems(api, path):
    body = assert_problem(api.get(path + "00000000-0000-4000-8000-000000000000"), 404)
    assert "00000000-0000-4000-8000-000000000000" in body["detail"]
    assert_problem(api.get(path + "not an id <script>"), 404)


def test_full_minimal_and_ndjson(api):
    full = _page(api, "/services", full="true", per_page=5)["contents"]
    for s in full:
        _valid(FULL_SERVICE, s, "/services?full=true")
    assert any("attributes" in s for s in full)
    minimal = _page(api, "/services", minimal="true")["contents"]
    assert all(set(s) <= {"id", "name", "status", "last_modified"} for s in minimal)
    r = api.get("/services", params={"format": "ndjson", "search": "drug"})
    assert r.headers["content-type"].startswith("application/x-ndjson")
    streamed = [json.loads(line) for line in r.text.splitlines()]
    assert [s["id"] for s in streamed] == [s["id"] for s in _everything(api, "/services", search="drug")]
    for s in streamed:
        _valid(ITEM["/services"], s, "/services?format=ndjson")
    sal = [json.loads(line) for line in api.get("/service_at_locations", params={"format": "ndjson"}).text.splitlines()]
    assert len(sal) == _page(api, "/service_at_locations")["total_items"]


def test_confidential_locations_leave_as_their_area_only(api):
    entries = [e for e in _everything(api, "/service_at_locations", full="true")
               if e["location"].get("name", "").startswith("Confidential address")]
    assert entries, "the illustrative graph has a confidential location"
    for e in entries:
        assert not {"latitude", "longitude", "addresses"} & set(e["location"])
        one = api.get(f"/service_at_locations/{e['id']}").json()["location"]
        assert not {"latitude", "longitude", "addresses"} & set(one)


def test_an_empty_store_gives_valid_empty_pages(empty_api):
    for path in LISTS:
        body = _page(empty_api, path)
        assert body == {"total_items": 0, "total_pages": 0, "page_number": 1, "size": 0, "first_page": True,
                        "last_page": True, "empty": True, "contents": []}
    assert empty_api.get("/").json()["version"] == "3.0"
    assert empty_api.get("/service_at_locations", params={"postcode": "PR1 2HE", "proximity": 1000}).json()["empty"]


def test_cors_is_open_on_the_surface(api):
    r = api.options("/services", headers={"Origin": "https://finder.example.org", "Access-Control-Request-Method": "GET"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"


# -- level 2: each filter returns exactly the services it should ------------------------

@pytest.fixture(scope="module")
def full_services(api) -> list[dict]:
    return _everything(api, "/services", full="true")


def test_age_filter(api, full_services):
    with_min = [s for s in full_services if "minimum_age" in s]
    assert with_min, "the illustrative graph has a service with a minimum age"
    age = min(s["minimum_age"] for s in with_min)
    assert _ids(api, "/services", minimum_age=age) == {s["id"] for s in with_min if s["minimum_age"] >= age}
    assert _ids(api, "/services", minimum_age=age + 1) == {s["id"] for s in with_min if s["minimum_age"] >= age + 1}
    assert _ids(api, "/services", maximum_age=200) == {s["id"] for s in full_services if "maximum_age" in s}


def test_postcode_with_proximity_1000(api, lancashire):
    postcode = "PR1 2HE"  # Preston city centre (ONS Postcode Directory)
    origin = postcodes.locate(postcode)
    expected = {}
    for e in lancashire.services():
        loc = e.location
        if loc is not None and loc.lat is not None and not loc.confidential:
            d = places.distance_km((origin.lat, origin.lon), (loc.lat, loc.lon)) * 1000
            if d <= 1000:
                expected[hsds_id(e.iri)] = d
    assert expected, "some illustrative Preston services lie within 1 km of PR1 2HE"
    got = _everything(api, "/service_at_locations", postcode=postcode, proximity=1000)
    assert {x["service_id"] for x in got} == set(expected)
    distances = [expected[x["service_id"]] for x in got]
    assert distances == sorted(distances), "nearest first"
    assert len(_everything(api, "/service_at_locations", postcode=postcode, proximity=100_000)) > len(got)


def test_postcode_alone_keeps_services_whose_area_holds_it(api, lancashire):
    preston = places.resolve_postcode(lancashire, "PR1 2HE")
    got = {x["service_id"] for x in _everything(api, "/service_at_locations", postcode="PR1 2HE")}
    expected = {hsds_id(e.iri) for e in lancashire.services() if e.location is not None
                and (not e.areas or any(places.contains(lancashire, a, preston) for a in e.areas))}
    assert got == expected and got
    assert _page(api, "/service_at_locations", postcode="M1 1AE")["empty"]  # Manchester: no illustrative service serves it


@pytest.mark.parametrize("postcode", ["PR1 9ZZ", "not a postcode", "12345"])
def test_unknown_and_malformed_postcodes_are_422(api, postcode):
    body = assert_problem(api.get("/service_at_locations", params={"postcode": postcode, "proximity": 1000}), 422,
                          "#/postcode")
    assert "not a postcode" not in json.dumps(body) or postcode != "not a postcode"


def test_proximity_needs_a_postcode(api):
    assert_problem(api.get("/service_at_locations", params={"proximity": 1000}), 422, "#/proximity")


def test_day_and_time_window(api, full_services):
    def fits(s, day, start, end):
        return any(day in sch["byday"].split(",") and sch["opens_at"] >= start and sch["closes_at"] <= end
                   for sch in s.get("schedules", []))

    expected = {s["id"] for s in full_services if fits(s, "MO", "09:00", "17:00")}
    assert expected and len(expected) < len(full_services)
    assert _ids(api, "/services", day="MO", start_time="09:00", end_time="17:00") == expected
    assert _ids(api, "/services", day="monday", start_time="09:00", end_time="17:00") == expected
    saturday = {s["id"] for s in full_services if fits(s, "SA", "00:00", "23:59")}
    assert _ids(api, "/services", day="SA") == saturday
    for bad in ({"day": "someday"}, {"start_time": "nine"}, {"end_time": "25:00"}):
        assert_problem(api.get("/services", params=bad), 422, f"#/{next(iter(bad))}")


def test_taxonomy_filters(api, full_services):
    terms = _everything(api, "/taxonomy_terms")
    cdt = next(t for t in terms if t["term_uri"].endswith("/service-type/community-drug-team"))
    expected = {s["id"] for s in full_services if any(a["taxonomy_term_id"] == cdt["id"] for a in s.get("attributes", []))}
    assert expected and _ids(api, "/services", taxonomy_term_id=cdt["id"]) == expected
    by_tax = {s["id"] for s in full_services if any(a["taxonomy_term"].get("taxonomy_id") == cdt["taxonomy_id"]
                                                   for a in s.get("attributes", []))}
    assert _ids(api, "/services", taxonomy_id=cdt["taxonomy_id"]) == by_tax
    assert _page(api, "/services", taxonomy_term_id="00000000-0000-4000-8000-000000000000")["empty"]


def test_text_search(api, full_services):
    def words(s):  # what search reads: name, description, organisation, taxonomy terms
        text = " ".join([s["name"], s.get("description", ""), s.get("organization", {}).get("name", ""),
                         *(a["taxonomy_term"]["name"] for a in s.get("attributes", []))]).lower()
        return re.findall(r"[0-9a-z]+", text)

    def expected(query):
        return {s["id"] for s in full_services
                if all(any(w.startswith(q) for w in words(s)) for q in re.findall(r"[0-9a-z]+", query.lower()))}

    for query in ("needle", "Needle EXCHANGE", "drug", "women", "preston drug team", "alcoh", "rug"):
        assert _ids(api, "/services", search=query) == expected(query), query
    assert expected("needle exchange") and expected("needle exchange") <= expected("needle")
    assert not expected("rug") and expected("drug"), "a word's middle does not match"
    sal = {x["service_id"] for x in _everything(api, "/service_at_locations", search="needle")}
    assert sal and sal <= expected("needle")
    assert _page(api, "/services", search="zzqx-nothing-matches")["empty"]


def test_organization_and_modified_after(api, full_services):
    org = full_services[0]["organization_id"]
    assert _ids(api, "/services", organization_id=org) == {s["id"] for s in full_services if s.get("organization_id") == org}
    assert _ids(api, "/services", modified_after="1900-01-01") == {s["id"] for s in full_services if "last_modified" in s}
    assert_problem(api.get("/services", params={"modified_after": "last tuesday"}), 422, "#/modified_after")


@pytest.mark.parametrize("params", [{"page": 0}, {"per_page": 0}, {"per_page": 100000}, {"page": "x"},
                                    {"format": "xml"}, {"minimum_age": "old"}])
def test_bad_paging_and_format_are_located_422(api, params):
    assert_problem(api.get("/services", params=params), 422, f"#/{next(iter(params))}")


@pytest.mark.skipif(not STANDARD.exists(), reason="needs ../shared/standards/oruk-3.0 (the published OpenAPI)")
def test_every_path_and_parameter_of_the_profile_is_served(api):
    base = _schema(STANDARD / "openapi.json")
    profile = _schema(STANDARD.parent / "profile" / "openapi.json")
    ours = api.get("/openapi.json").json()["paths"]

    def names(item: dict, doc: dict) -> set[str]:
        out = set()
        for p in item.get("parameters", []) + item.get("get", {}).get("parameters", []):
            if "$ref" in p:  # the profile's own components, else the base API's
                key = p["$ref"].rsplit("/", 1)[-1]
                p = doc["components"]["parameters"].get(key) or base["components"]["parameters"][key]
            out.add(p["name"])
        return out

    served = {p for p, item in profile["paths"].items() if item is not None}
    assert served >= {"/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"}
    for path in sorted(served | {p for p in base["paths"] if p.split("/{")[0] in served}):
        assert path in ours, path
        wanted = names(base["paths"].get(path, {}), base) | names(profile["paths"].get(path) or {}, profile)
        have = names(ours[path], {"components": {"parameters": {}}})
        assert wanted <= have, (path, wanted - have)
    assert "/" in ours
    # the base API's optional parameters that its paths do not list, which the issue asks for too
    extra = {"organization_id", "modified_after", "minimal", "full", "format"}
    for path in ("/services", "/service_at_locations"):
        assert extra <= names(ours[path], {"components": {"parameters": {}}}), path
    assert {"postcode", "proximity"} <= names(ours["/service_at_locations"], {"components": {"parameters": {}}})
