"""Directories as they are published: Open Referral UK 1.0 in its Placecube and Outpost dialects,
older HSDS tables, and text as it comes (HTML, inline images, very long fields).

Every fixture is written here, in the dialect's shape with the defects the issue lists; none is a
copy of a real feed, and every name, address and number in them is made up (illustrative). Each
loads through the CLI with the warnings promised, reloads unchanged, and exports back to HSDS 3.0
and ORUK 3.0 records that validate against the official schemas; each refusal is located and
stores nothing.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from linkwork.api.export import export
from linkwork.graph.namespaces import LW
from linkwork.graph.store import Store
from linkwork.loaders.base import SourceInfo, source_iri_for, source_key
from linkwork.loaders.openreferral import validator
from linkwork.loaders.values import MAX_TEXT
from rdflib.namespace import RDFS

from linkwork.cli import cli

ON = date(2026, 11, 24)
TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


# -- fixtures in each dialect -------------------------------------------------------------

def placecube_page() -> dict:
    """A v1 page as Placecube's Open Place Directory serves it: HTML descriptions with an inline
    image, empty strings for missing values, ``regular_schedule`` (singular) with 12-hour times,
    ``holidayScheduleCollection``, ``pc_*`` extensions, ``eligibilitys``, ``service_taxonomys``."""
    def service(n: int, **extra) -> dict:
        return {
            "id": f"PC-{n}",
            "name": f"Recovery Caf&eacute; {n} (illustrative)",
            "description": (f"<p>A drop-in <strong>recovery café</strong>, number {n}.<br>Call first or "
                            f'<a href="https://example.org/cafe/{n}">book online</a>.</p>'
                            f'<p><img src="data:image/png;base64,{TINY_PNG}"></p>'),
            "url": "", "email": "", "status": "Active", "fees": "", "accreditations": "",
            "assured_date": "2026-09-01", "attending_type": "", "attending_access": "drop-in",
            "deliverable_type": "", "pc_targetAudience": "adults", "pc_metadata": {"lastSync": "2026-09-02"},
            "organization": {"id": "PC-ORG-1", "name": "Example Recovery Trust (illustrative)",
                             "description": "<p>A made-up charity.</p>", "url": "https://example.org/", "logo": ""},
            "contacts": [{"id": f"PC-C{n}", "name": "", "title": "", "phones": [{"id": f"PC-P{n}", "number": "01632 960000"}]}],
            "eligibilitys": [{"id": f"PC-E{n}", "eligibility": "Adults in recovery", "minimum_age": 18, "maximum_age": ""}],
            "regular_schedule": [{"id": f"PC-S{n}", "weekday": "Monday", "opens_at": "8:30AM", "closes_at": "1:00PM",
                                  "freq": "", "byday": "", "description": ""}],
            "holidayScheduleCollection": [{"id": f"PC-H{n}", "closed": True, "start_date": "2026-12-25", "end_date": "2026-12-26"}],
            "service_areas": [{"id": f"PC-A{n}", "service_area": "Preston", "extent": "", "uri": ""}],
            "service_at_locations": [{"id": f"PC-SL{n}", "location": {
                "id": f"PC-L{n}", "name": "Example Hall (illustrative)", "description": "", "latitude": 53.76,
                "longitude": -2.70, "physical_addresses": [{"id": f"PC-AD{n}", "address_1": "1 Example Street",
                                                             "city": "Preston", "state_province": "Lancashire",
                                                             "postal_code": "PR1 0AA", "country": "GB"}],
                "accessibility_for_disabilities": [{"id": f"PC-X{n}", "accessibility": "step-free"}]}}],
            "service_taxonomys": [{"id": f"PC-T{n}", "taxonomy": {"id": "T1", "name": "Peer mentoring",
                                                               "vocabulary": "linkwork:service-type"}}],
            **extra,
        }
    return {"totalElements": 2, "totalPages": 1, "number": 0, "size": 50, "first": True, "last": True,
            "empty": False, "content": [service(1), service(2)]}


def outpost_page() -> dict:
    """A v1 page as Outpost serves it: integer ids, ``organisation``, ``locations[]`` on the service
    with GeoJSON ``[lon, lat]``, weekday names, ``contacts[].phone`` and ``cost_options[].amount`` as text."""
    def service(n: int) -> dict:
        return {
            "id": n, "name": f"Outpost Mutual Aid Hub {n} (illustrative)", "description": "Plain words.\nTwo lines.",
            "url": "https://example.org/hub", "status": "active", "updated_at": "2026-10-01T09:00:00Z",
            "organisation": {"id": 10, "name": "Example Outpost Council (illustrative)", "description": "Made up."},
            "locations": [{"id": 100 + n, "name": "Example Library", "address_1": "2 Example Road", "city": "Lancaster",
                           "postal_code": "LA1 0AA", "geometry": {"type": "Point", "coordinates": [-2.80, 54.05]}}],
            "regular_schedules": [{"id": 1000 + n, "weekday": "Tuesday", "opens_at": "10:00", "closes_at": "12:30"}],
            "contacts": [{"id": 5000 + n, "name": "Duty desk", "phone": "01632 960001"}],
            "cost_options": [{"id": 7000 + n, "option": "Session", "amount": "2.50"}],
            "send_needs": [{"id": 1, "name": "made-up extra"}], "suitabilities": [],
            "service_areas": [{"id": 1, "name": "Lancaster"}],
        }
    return {"totalElements": 2, "totalPages": 1, "number": 0, "size": 20, "first": True, "last": True,
            "empty": False, "content": [service(1), service(2)]}


def oruk1_list() -> list:
    """Plain ORUK 1.0: a bare array, ``regular_schedules`` with ``byday`` codes, ``physical_addresses``,
    a day name in ``freq``, and UUID ids (global, as in 3.0)."""
    return [{
        "id": "5b3e0e7a-9f8f-4b6e-8f51-3f0c2b7a1d01", "name": "Example Advice Line (illustrative)",
        "description": "Advice by phone.", "status": "active",
        "organization": {"id": "5b3e0e7a-9f8f-4b6e-8f51-3f0c2b7a1d02", "name": "Example Advice (illustrative)"},
        "regular_schedules": [{"id": "s1", "byday": "MO,WE", "opens_at": "09:00:00", "closes_at": "17:00:00"},
                              {"id": "s2", "freq": "Friday", "opens_at": "10:00", "closes_at": "12:00"}],
        "service_areas": [{"id": "a1", "service_area": "Blackburn"}],
        "eligibility_description": '<p>Adults<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>',
        "service_at_locations": [{"id": "sl1", "regular_schedules": [{"id": "s3", "byday": "TH", "opens_at": "18:00",
                                                                      "closes_at": "20:00"}],
                                  "location": {"id": "5b3e0e7a-9f8f-4b6e-8f51-3f0c2b7a1d03", "name": "Example Office",
                                  "physical_addresses": [{"id": "pa1", "address_1": "3 Example Lane", "city": "Blackburn",
                                                          "postal_code": "BB1 0AA"}]}}],
    }]


def write(folder: Path, name: str, doc) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def keyed(kind: str, path: Path, ident: str) -> str:
    """The IRI a source's own (non-global) id gets: namespaced by that source (docs/formats.md)."""
    return f"https://w3id.org/linkwork/id/{kind}/{source_key(SourceInfo(source_iri_for(path), path, path.name))}/{ident}"


def invoke(store: Path, *args: str):
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def store_hash(path: Path) -> str:
    s = Store(path, read_only=True)
    try:
        return hashlib.sha256("\n".join(sorted(str(q) for q in s.quads())).encode()).hexdigest()
    finally:
        s.close()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """One store with a page of each dialect loaded through `linkwork load --format oruk`; the outputs kept."""
    folder = tmp_path_factory.mktemp("directories")
    store = folder / "store"
    files = {"placecube": write(folder, "placecube.json", placecube_page()),
             "outpost": write(folder, "outpost.json", outpost_page()),
             "oruk1": write(folder, "oruk1.json", oruk1_list())}
    outputs = {}
    for key, path in files.items():
        result = invoke(store, "load", "--all-warnings", "--format", "oruk", str(path))
        assert result.exit_code == 0, result.output
        outputs[key] = result.output
    return store, files, outputs


# -- Open Referral UK 1.0 -------------------------------------------------------------------

def test_each_dialect_is_detected_and_said(loaded):
    _, _, out = loaded
    assert "read as Open Referral UK 1.0, Placecube dialect" in out["placecube"]
    assert "read as Open Referral UK 1.0, Outpost dialect" in out["outpost"]
    assert "read as Open Referral UK 1.0 (" in out["oruk1"]
    assert "Service: 2" in out["placecube"] and "Service: 2" in out["outpost"] and "Service: 1" in out["oruk1"]


def test_placecube_deviations_load_with_the_warnings_promised(loaded):
    _, _, out = loaded
    text = out["placecube"]
    assert "placecube.json:/content/0/regular_schedule/0/opens_at: opens_at: '8:30AM' read as the 12-hour time 08:30" in text
    assert "'1:00PM' read as the 12-hour time 13:00" in text
    assert "placecube.json:/content/0/description: description: 1 inline image (data: URI) dropped" in text
    assert "HTML converted to plain text" in text
    assert "empty strings read as missing values" in text
    assert "holiday schedules not modelled" in text
    assert "statuses in capitals read in lower case" in text
    assert "unknown service-type code" not in text and "carry no linkwork:service-type" not in text
    assert "pc_metadata (2)" in text and "pc_targetAudience (2)" in text and "accessibility_for_disabilities (2)" in text


def test_outpost_deviations_load_with_the_warnings_promised(loaded):
    _, _, out = loaded
    text = out["outpost"]
    assert "cost amounts given as text read as numbers" in text
    assert "send_needs (2)" in text
    assert "oruk1.json:/0/regular_schedules/1/freq: freq: 'Friday' is a day, not a frequency" in out["oruk1"]


def test_what_each_dialect_says_is_in_the_graph(loaded):
    store, files, _ = loaded
    pc1, loc101 = keyed("service", files["placecube"], "pc-1"), keyed("location", files["outpost"], "101")
    s = Store(store, read_only=True)
    try:
        rows = {r["p"].value: r["o"].value for r in s.query(
            f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ <{pc1}> ?p ?o }} }}")}
        assert rows[str(RDFS.comment)] == ("A drop-in recovery café, number 1.\nCall first or "
                                           "[book online](https://example.org/cafe/1).")
        assert "<strong>recovery café</strong>" in rows[str(LW.descriptionHtml)]
        assert "base64" not in rows[str(LW.descriptionHtml)]
        assert rows[str(LW.sourceId)] == "PC-1" and rows[str(LW.status)] == "active"
        hours = s.query(f"SELECT ?d ?o ?c WHERE {{ GRAPH ?g {{ <{pc1}> "
                        "<https://w3id.org/linkwork/ns#hours> ?h . ?h <https://w3id.org/linkwork/ns#day> ?d ; "
                        "<https://w3id.org/linkwork/ns#opens> ?o ; <https://w3id.org/linkwork/ns#closes> ?c } }")
        assert [(r["d"].value, r["o"].value, r["c"].value) for r in hours] == [("1", "08:30", "13:00")]
        # Outpost: GeoJSON [lon, lat] read the right way round; integer ids kept within the source
        loc = {r["p"].value: r["o"].value for r in s.query(
            f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ <{loc101}> ?p ?o }} }}")}
        assert (float(loc[str(LW.latitude)]), float(loc[str(LW.longitude)])) == (54.05, -2.80)
        assert loc[str(LW.sourceId)] == "101"
        # plain ORUK 1.0 with UUIDs: global ids, as in 3.0
        assert s.query("ASK { GRAPH ?g { <https://w3id.org/linkwork/id/service/5b3e0e7a-9f8f-4b6e-8f51-3f0c2b7a1d01> ?p ?o } }")
    finally:
        s.close()


def test_plain_oruk1_hours_come_from_the_service_and_its_locations(loaded):
    store, _, out = loaded
    assert "oruk1.json:/0/eligibility_description: eligibility_description: 1 inline image (data: URI) dropped" in out["oruk1"]
    s = Store(store, read_only=True)
    try:
        records = {r["name"]: r for r in json.loads(export(s, "hsds", on=ON))}
    finally:
        s.close()
    line = records["Example Advice Line (illustrative)"]
    assert sorted((x["byday"], x["opens_at"], x["closes_at"]) for x in line["schedules"]) == [
        ("FR", "10:00", "12:00"), ("MO,WE", "09:00", "17:00"), ("TH", "18:00", "20:00")]
    assert line["eligibility_description"] == "Adults"


def test_each_dialect_reloads_unchanged(loaded):
    store, files, _ = loaded
    before = store_hash(store)
    for path in files.values():
        result = invoke(store, "load", "--format", "oruk", str(path))
        assert result.exit_code == 0 and "unchanged (same content already loaded)" in result.output, result.output
    assert store_hash(store) == before


@pytest.mark.parametrize("fmt,standard", [("hsds", "hsds-3.0"), ("oruk", "oruk-3.0")])
def test_each_dialect_exports_back_valid(loaded, fmt, standard):
    store, _, _ = loaded
    s = Store(store, read_only=True)
    try:
        records = json.loads(export(s, fmt, on=ON))
    finally:
        s.close()
    names = {r["name"] for r in records}
    assert {"Recovery Café 1 (illustrative)", "Outpost Mutual Aid Hub 2 (illustrative)",
            "Example Advice Line (illustrative)"} <= names
    check = validator(standard, "service")
    assert all(not list(check.iter_errors(r)) for r in records)
    (cafe,) = [r for r in records if r["name"] == "Recovery Café 1 (illustrative)"]
    assert cafe["description"].startswith("A drop-in recovery café") and cafe["minimum_age"] == 18


def test_the_same_integer_id_in_two_feeds_is_two_services(tmp_path):
    store = tmp_path / "store"
    a, b = write(tmp_path, "north.json", outpost_page()), write(tmp_path, "south.json", outpost_page())
    b.write_text(b.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # byte-identical feeds would be one copied feed
    assert invoke(store, "load", "--format", "oruk", str(a), str(b)).exit_code == 0
    s = Store(store, read_only=True)
    try:
        found = {r["s"].value for r in s.query(
            "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s <https://w3id.org/linkwork/ns#sourceId> \"1\" ; a <https://w3id.org/linkwork/ns#Service> } }")}
    finally:
        s.close()
    assert found == {keyed("service", a, "1"), keyed("service", b, "1")}


def _placecube(**changes) -> dict:
    page = placecube_page()
    page["content"][0].update(changes)
    return page


@pytest.mark.parametrize("doc,expected", [
    (lambda: _placecube(id="pc-2"),
     "bad.json:/content/1/id: id: 'PC-2' is used twice (at /content/0/id) for different records"),
    (lambda: {**outpost_page(), "content": [dict(outpost_page()["content"][0], locations=[
        {"id": 1, "latitude": 10, "geometry": {"type": "Point", "coordinates": [-2.8, 54.05]}}])]},
     "bad.json:/content/0/locations/0/geometry/coordinates/1: latitude: the GeoJSON latitude 54.05 differs"),
    (lambda: _placecube(regular_schedule=[{"weekday": 1, "opens_at": "09:00"}]),
     "bad.json:/content/0/regular_schedule/0/weekday: weekday: 1 is a day number"),
    (lambda: _placecube(regular_schedule=[{"weekday": "Monday", "opens_at": "13:00PM"}]),
     "bad.json:/content/0/regular_schedule/0/opens_at: opens_at: '13:00PM' is not a time of day"),
    (lambda: _placecube(regular_schedule=[{"weekday": "Moonday", "opens_at": "09:00"}]),
     "bad.json:/content/0/regular_schedule/0/weekday: weekday: 'Moonday' is not a day"),
    (lambda: {**outpost_page(), "content": [dict(outpost_page()["content"][0], cost_options=[{"amount": "free-ish"}])]},
     "bad.json:/content/0/cost_options/0/amount: amount: 'free-ish' is not a number"),
    (lambda: _placecube(name={"en": "Café"}), "bad.json:/content/0/name: name: expected text, found an object"),
    (lambda: _placecube(id=None), "bad.json:/content/0: id: a service needs an id"),
    (lambda: _placecube(service_at_locations=[{"location": {"id": "L", "latitude": "north"}}]),
     "bad.json:/content/0/service_at_locations/0/location/latitude: latitude: 'north' is not a number"),
    (lambda: _placecube(description="x" * (MAX_TEXT + 1)),
     f"bad.json:/content/0/description: description: the text is {MAX_TEXT + 1:,} characters long"),
    (lambda: _placecube(eligibilitys=[{"minimum_age": 300}]),
     "bad.json:/content/0/eligibilitys/0/minimum_age: minimum_age: 300 is not an age"),
])
def test_v1_refusals_are_located_and_store_nothing(loaded, tmp_path, doc, expected):
    store, _, _ = loaded
    before = store_hash(store)
    result = invoke(store, "load", "--format", "oruk", str(write(tmp_path, "bad.json", doc())))
    assert result.exit_code == 1, result.output
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    assert store_hash(store) == before


# -- text as it comes ------------------------------------------------------------------------

def test_long_descriptions_and_megabyte_images_load_within_the_limit(tmp_path):
    """A 200 kB description loads whole; a 3 MB inline image is dropped with a warning, not a crash."""
    store = tmp_path / "store"
    long_text = ("A long paragraph about the service. " * 6000).strip()  # ~216 kB
    image = "A" * 3_000_000
    page = oruk1_list()
    page[0]["description"] = f'<p>{long_text}</p><img src="data:image/jpeg;base64,{image}">'
    result = invoke(store, "load", "--format", "oruk", str(write(tmp_path, "long.json", page)))
    assert result.exit_code == 0, result.output
    assert "long.json:/0/description: description: 1 inline image (data: URI) dropped" in result.output
    s = Store(store, read_only=True)
    try:
        (row,) = s.query("SELECT ?d WHERE { GRAPH ?g { <https://w3id.org/linkwork/id/service/5b3e0e7a-9f8f-4b6e-8f51-3f0c2b7a1d01> "
                         f"<{RDFS.comment}> ?d }} }}")
    finally:
        s.close()
    assert row["d"].value == long_text


def test_html_in_hsds_3_descriptions_is_converted_too(tmp_path):
    doc = json.loads((Path(__file__).parent / "data" / "standards" / "hsds-3.0" / "examples" / "service_full.json").read_text())
    doc["description"] = "<div>First line<br/>Second line &amp; more</div><ul><li>one</li><li>two</li></ul>"
    store = tmp_path / "store"
    result = invoke(store, "load", "--format", "hsds", str(write(tmp_path, "html.json", doc)))
    assert result.exit_code == 0, result.output
    s = Store(store, read_only=True)
    try:
        records = json.loads(export(s, "hsds", on=ON))
    finally:
        s.close()
    (out,) = [r for r in records if r["id"] == doc["id"]]
    assert out["description"] == "First line\nSecond line & more\n  * one\n  * two"


def test_skip_invalid_keeps_the_good_records_of_a_v1_page(tmp_path):
    page = placecube_page()
    page["content"][1]["regular_schedule"][0]["opens_at"] = "25:00"
    store = tmp_path / "store"
    result = invoke(store, "load", "--skip-invalid", "--format", "oruk", str(write(tmp_path, "pc.json", page)))
    assert result.exit_code == 0, result.output
    assert "Service: 1" in result.output and "/content/1" in result.output


# -- HSDS 1.1 and 2.0 tables -------------------------------------------------------------------

def hsds2_tables(folder: Path, *, datapackage: bool = True, **files: str) -> Path:
    """An HSDS 2.0 package as older tools export it: 2.0 file and column names, non-UUID ids,
    a day's name in ``weekday`` and in ``freq``, an RRULE in ``freq``, ``8:30AM`` times, rows that leave
    out trailing empty cells, a description quoted over several lines, and tables linkwork does not model."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "organizations.csv": "id,name,description,email,url\n"
                             "org-1,Example Recovery Trust (illustrative),A made-up charity.\n",
        "services.csv": "id,organization_id,name,description,url,email,status\n"
                        'svc-1,org-1,Example Recovery Café (illustrative),"Drop in.\nSecond line, with a comma.",,,active\n'
                        "svc-2,org-1,Example Advice Line (illustrative),<p>Advice <b>by phone</b></p>,,,active\n",
        "locations.csv": "id,name,description,latitude,longitude\n"
                         "loc-1,Example Hall,,53.76,-2.70\n",
        "services_at_location.csv": "id,service_id,location_id,description\nsal-1,svc-1,loc-1\n",
        "physical_addresses.csv": "id,location_id,address_1,city,state_province,postal_code,country\n"
                                  "pa-1,loc-1,1 Example Street,Preston,Lancashire,PR1 0AA,GB\n",
        "schedules.csv": "id,service_id,weekday,freq,byday,opens_at,closes_at\n"
                         "sch-1,svc-1,Monday,,,8:30AM,1:00PM\n"
                         "sch-2,svc-1,,Wednesday,,10:00,12:00\n"
                         'sch-3,svc-2,,"FREQ=WEEKLY;BYDAY=TU,TH",,09:00:00,17:00:00\n',
        "service_areas.csv": "id,service_id,service_area\narea-1,svc-2,Blackburn\n",
        "taxonomy_terms.csv": "id,term,description,taxonomy\nterm-1,peer-mentoring,Peer mentoring,linkwork:service-type\n",
        "service_attributes.csv": "id,service_id,taxonomy_term_id\nattr-1,svc-1,term-1\n",
        "eligibility.csv": "id,service_id,eligibility,minimum_age,maximum_age\nel-1,svc-1,Adults in recovery,18\n",
        "accessibility_for_disabilities.csv": "id,location_id,accessibility\nacc-1,loc-1,step-free\n",
        "holiday_schedules.csv": "id,service_id,closed,start_date,end_date\nhol-1,svc-1,true,2026-12-25,2026-12-26\n",
    }
    tables.update(files)
    for name, text in tables.items():
        (folder / name).write_text(text, encoding="utf-8")
    if datapackage:
        (folder / "datapackage.json").write_text(json.dumps(
            {"name": "example-hsds-2", "resources": [{"name": n[:-4], "path": n} for n in tables]}), encoding="utf-8")
    return folder


def test_hsds2_tables_load_with_the_warnings_promised(tmp_path):
    store = tmp_path / "store"
    pkg = hsds2_tables(tmp_path / "pkg")
    result = invoke(store, "load", "--all-warnings", str(pkg))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "hsds," in out and "read as HSDS 1.1 tables" in out and "Service: 2" in out
    assert "schedules.csv:row 2: opens_at: '8:30AM' read as the 12-hour time 08:30" in out
    assert "schedules.csv:row 3: freq: 'Wednesday' is a day, not a frequency" in out
    assert "organizations.csv:row 2: the row has 3 cells but the header has 5 columns: read with email, url blank" in out
    assert "tables linkwork does not model were not read: accessibility_for_disabilities.csv, holiday_schedules.csv" in out
    assert "carry no linkwork:service-type" in out  # svc-2 only: svc-1's attribute came through service_attributes.csv
    assert "1 service carry" in out
    again = invoke(store, "load", str(pkg))
    assert "unchanged (same content already loaded)" in again.output
    s = Store(store, read_only=True)
    try:
        records = {r["name"]: r for r in json.loads(export(s, "hsds", on=ON))}
        oruk = json.loads(export(s, "oruk", on=ON))
    finally:
        s.close()
    cafe = records["Example Recovery Café (illustrative)"]
    assert cafe["description"] == "Drop in.\nSecond line, with a comma."
    assert cafe["minimum_age"] == 18 and cafe["eligibility_description"] == "Adults in recovery"
    assert sorted((x["byday"], x["opens_at"], x["closes_at"]) for x in cafe["schedules"]) == [
        ("MO", "08:30", "13:00"), ("WE", "10:00", "12:00")]
    advice = records["Example Advice Line (illustrative)"]
    assert advice["description"] == "Advice by phone"
    assert [(x["byday"], x["opens_at"]) for x in advice["schedules"]] == [("TU,TH", "09:00")]
    assert all(not list(validator("hsds-3.0", "service").iter_errors(r)) for r in records.values())
    assert all(not list(validator("oruk-3.0", "service").iter_errors(r)) for r in oruk)


def test_hsds1_1_taxonomy_tables_type_the_service(tmp_path):
    pkg = hsds2_tables(tmp_path / "pkg", **{"taxonomy_terms.csv": "", "service_attributes.csv": "",
                                            "taxonomy.csv": "id,name,vocabulary\nt-1,Peer mentoring,linkwork:service-type\n",
                                            "services_taxonomy.csv": "id,service_id,taxonomy_id\nst-1,svc-1,t-1\n"})
    (pkg / "taxonomy_terms.csv").unlink()
    (pkg / "service_attributes.csv").unlink()
    (pkg / "datapackage.json").unlink()
    result = invoke(tmp_path / "store", "load", "--all-warnings", str(pkg))
    assert result.exit_code == 0 and "read as HSDS 1.1 tables" in result.output, result.output
    assert "1 service carry no linkwork:service-type" in result.output  # svc-2; svc-1 is typed by services_taxonomy.csv


def test_hsds2_tables_load_without_a_datapackage(tmp_path):
    result = invoke(tmp_path / "store", "load", "--format", "oruk", str(hsds2_tables(tmp_path / "pkg", datapackage=False)))
    assert result.exit_code == 0 and "Service: 2" in result.output, result.output


@pytest.mark.parametrize("name,text,expected", [
    ("schedules.csv", "id,service_id,weekday,opens_at,closes_at\nsch-1,svc-1,1,09:00,10:00\n",
     "schedules.csv:row 2: weekday: '1' is a day number"),
    ("schedules.csv", 'id,service_id,freq,byday,opens_at\nsch-1,svc-1,"FREQ=WEEKLY;BYDAY=MO",TU,09:00\n',
     "schedules.csv:row 2: byday: 'TU' and the RRULE's BYDAY 'MO' differ"),
    ("schedules.csv", "id,service_id,weekday,opens_at,closes_at\nsch-1,svc-1,Monday,13:30PM,14:00\n",
     "schedules.csv:row 2: opens_at: '13:30PM' is not a time of day"),
    ("services_at_location.csv", "id,service_id,location_id\nsal-1,svc-9,loc-1\n",
     "services_at_location.csv:row 2: service_id: 'svc-9' matches no id in services.csv"),
    ("locations.csv", "id,name,latitude\nloc-1,Hall,53.7,extra\n",
     "locations.csv:row 2: the row has 4 cells but the header has 3 columns: more cells than columns"),
    ("services.csv", 'id,organization_id,name\nsvc-1,org-1,"Unterminated\n',
     "services.csv:row 2: not valid CSV"),
    ("eligibility.csv", "id,service_id,eligibility,minimum_age\nel-1,svc-1,Adults,eighteen\n",
     "eligibility.csv:row 2: minimum_age: 'eighteen' is not a number"),
])
def test_hsds2_refusals_are_located_and_store_nothing(loaded, tmp_path, name, text, expected):
    store, _, _ = loaded
    before = store_hash(store)
    result = invoke(store, "load", str(hsds2_tables(tmp_path / "pkg", **{name: text})))
    assert result.exit_code == 1, result.output
    assert any(line.startswith("pkg:" + expected) for line in result.stderr.splitlines()), result.stderr
    assert store_hash(store) == before


def test_a_datapackage_may_keep_its_tables_in_a_subfolder(tmp_path):
    pkg = hsds2_tables(tmp_path / "pkg" / "data", datapackage=False)
    names = sorted(p.name for p in pkg.glob("*.csv"))
    (tmp_path / "pkg" / "datapackage.json").write_text(json.dumps(
        {"resources": [{"name": n[:-4], "path": f"data/{n}"} for n in names]}), encoding="utf-8")
    result = invoke(tmp_path / "store", "load", str(tmp_path / "pkg" / "datapackage.json"))
    assert result.exit_code == 0 and "Service: 2" in result.output and "HSDS 1.1 tables" in result.output, result.output


def test_a_datapackage_may_name_its_tables_by_resource(tmp_path):
    pkg = hsds2_tables(tmp_path / "pkg", datapackage=False)
    (pkg / "services.csv").rename(pkg / "export-services-2026.csv")
    resources = [{"name": p.stem, "path": p.name} for p in sorted(pkg.glob("*.csv"))]
    resources = [dict(r, name="services") if r["path"] == "export-services-2026.csv" else r for r in resources]
    (pkg / "datapackage.json").write_text(json.dumps({"resources": resources}), encoding="utf-8")
    result = invoke(tmp_path / "store", "load", str(pkg))
    assert result.exit_code == 0 and "Service: 2" in result.output, result.output
    assert "not read: accessibility_for_disabilities.csv, holiday_schedules.csv\n" in result.output


@pytest.mark.parametrize("path,expected", [
    ("../outside.csv", "datapackage.json:/resources/0/path: path: '../outside.csv' lies outside the package"),
    ("data/missing.csv", "datapackage.json:/resources/0/path: path: 'data/missing.csv' is listed but there is no such file"),
])
def test_a_datapackage_naming_files_it_cannot_have_is_refused(tmp_path, path, expected):
    pkg = hsds2_tables(tmp_path / "pkg", datapackage=False)
    (tmp_path / "outside.csv").write_text("id\n1\n", encoding="utf-8")
    (pkg / "datapackage.json").write_text(json.dumps({"resources": [{"name": "x", "path": path}]}), encoding="utf-8")
    result = invoke(tmp_path / "store", "load", str(pkg))
    assert result.exit_code == 1 and expected in result.stderr, result.output


def test_a_v1_page_is_detected_without_format_and_odd_ids_mint_safe_iris(tmp_path):
    """Without --format a v1 page is read as HSDS (it shares its files) and still said to be ORUK 1.0;
    an organisation listing its services is read; ids with slashes, spaces, other scripts or 500
    characters make valid IRIs within the source and are kept as given."""
    long_id = "x" * 500
    org = {"id": "ORG 1", "name": "Example Org (illustrative)", "services": [
        {"id": "a/b c", "name": "Slash service (illustrative)", "status": "active", "regular_schedules": [],
         "service_areas": [{"service_area": "Preston"}]},
        {"id": "خدمة-٣", "name": "Arabic id (illustrative)", "status": "active", "service_areas": [{"service_area": "Preston"}]},
        {"id": long_id, "name": "Long id (illustrative)", "status": "active", "service_areas": [{"service_area": "Preston"}]}]}
    path = write(tmp_path, "orgs.json", {"totalElements": 1, "totalPages": 1, "number": 0, "content": [org]})
    store = tmp_path / "store"
    result = invoke(store, "load", str(path))
    assert result.exit_code == 0, result.output
    assert "orgs.json: hsds," in result.output and "read as Open Referral UK 1.0" in result.output
    s = Store(store, read_only=True)
    try:
        rows = {r["id"].value: r["s"].value for r in s.query(
            "SELECT ?s ?id WHERE { GRAPH ?g { ?s a <https://w3id.org/linkwork/ns#Service> ; "
            "<https://w3id.org/linkwork/ns#sourceId> ?id } }")}
        records = json.loads(export(s, "oruk", on=ON))
    finally:
        s.close()
    assert set(rows) == {"a/b c", "خدمة-٣", long_id}
    assert rows["a/b c"] == keyed("service", path, "a-b-c")
    assert rows["خدمة-٣"] == keyed("service", path, "خدمة-٣")
    assert len(rows[long_id]) < 130 and rows[long_id].startswith(keyed("service", path, "xxxx"))
    assert len(records) == 3 and all(not list(validator("oruk-3.0", "service").iter_errors(r)) for r in records)


# -- no input escapes as a traceback -------------------------------------------------------------

def _paths(doc, prefix=()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False)
                     | st.sampled_from(["", "Monday", "8:30AM", "13:00PM", "1MO", "MO,XX", "x" * 50]) | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                     max_leaves=6)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_anywhere_in_a_v1_page_is_a_located_problem_never_a_crash(tmp_path, data):
    from linkwork.loaders import get_loader

    doc = data.draw(st.sampled_from([placecube_page, outpost_page, oruk1_list]))()
    for _ in range(data.draw(st.integers(1, 3))):
        *parent, key = data.draw(st.sampled_from(_paths(doc)))
        node = doc
        for k in parent:
            node = node[k]
        node[key] = data.draw(_JSON)
    path = write(tmp_path, "fuzz.json", doc)
    loader = get_loader("oruk")
    parsed = loader.parse(path, loader.source_info(path))  # must not raise
    for p in parsed.errors:
        assert p.source == "fuzz.json" and (p.where or "").startswith("/"), p


def test_a_service_on_two_pages_loads_once(tmp_path):
    """Paged feeds repeat a record when the list shifts between pages: the same content at two
    pointers is one service (a warning), whatever its nested records' pointers."""
    page = placecube_page()
    first = page["content"][0]
    first["eligibilitys"].append({"id": "PC-E9", "eligibility": "Young people", "minimum_age": 16, "maximum_age": 25})
    page["content"].append(json.loads(json.dumps(first)))
    result = invoke(tmp_path / "store", "load", "--format", "oruk", str(write(tmp_path, "pages.json", page)))
    assert result.exit_code == 0, result.output
    assert "Service: 2" in result.output
    assert "pages.json:/content/2/id: id: 'PC-1' is listed twice (at /content/0/id) with the same content; loaded once" in result.output
    s = Store(tmp_path / "store", read_only=True)
    try:
        records = {r["name"]: r for r in json.loads(export(s, "hsds", on=ON))}
    finally:
        s.close()
    cafe = records["Recovery Café 1 (illustrative)"]  # two age ranges: two alternative rules, no single range
    assert "minimum_age" not in cafe and not list(validator("hsds-3.0", "service").iter_errors(cafe))
    assert cafe["eligibility_description"] == "Adults in recovery; Young people"
    rules = {a["value"] for a in cafe["attributes"] if a["taxonomy_term"]["taxonomy"] == "linkwork:eligibility"}
    assert {"aged 18 and over", "aged 16 to 25"} <= rules


def test_html_in_meeting_notes_is_read_as_text(tmp_path):
    """Meeting Guide (and BMLT, whose comments become notes) notes in HTML: text with a warning per meeting."""
    feed = [{"slug": "tuesday-step-group", "name": "Tuesday Step Group (illustrative)", "day": 2, "time": "19:00",
             "types": ["O"], "address": "1 Example Street", "city": "Preston", "postal_code": "PR1 0AA",
             "notes": '<p>Side door.<br>Ring the <a href="https://example.org/bell">bell</a>.</p>'
                      f'<img src="data:image/png;base64,{TINY_PNG}">',
             "location_notes": "Step-free &amp; parking"}]
    store = tmp_path / "store"
    result = invoke(store, "load", "--all-warnings", str(write(tmp_path, "meetings.json", feed)))
    assert result.exit_code == 0, result.output
    assert "meetings.json:/0/notes: notes: HTML read as plain text" in result.output
    assert "meetings.json:/0/notes: notes: 1 inline image (data: URI) dropped" in result.output
    s = Store(store, read_only=True)
    try:
        notes = sorted(r["n"].value for r in s.query(f"SELECT ?n WHERE {{ GRAPH ?g {{ ?x <{LW.notes}> ?n }} }}"))
    finally:
        s.close()
    assert notes == ["Side door.\nRing the [bell](https://example.org/bell).", "Step-free & parking"]
