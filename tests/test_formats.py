"""Open Referral, Meeting Guide, BMLT and the commissioner workbook: in, out, and back again.

Everything goes through the real loaders and exporters (and the CLI where the
issue names a command); the official examples and samples are read from
../shared/standards, exactly as published.
"""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edited_workbook
from linkwork.api.export import export
from linkwork.graph.store import Store
from linkwork.loaders.base import source_iri_for
from linkwork.loaders.openreferral import validator
from linkwork.loaders.pipeline import load_sources
from linkwork.loaders.workbook import SHEETS, write_template

from linkwork.cli import cli
from linkwork.errors import SourceErrors

#: Copies of the official examples (tests/data/standards/README.md), so a clean clone tests them.
STANDARDS = Path(__file__).parent / "data" / "standards"
HSDS = STANDARDS / "hsds-3.0" / "examples"
ORUK = STANDARDS / "oruk-3.0" / "examples"
MEETINGS = STANDARDS / "meeting-guide" / "samples"
FEEDS = Path(__file__).parent / "data" / "feeds"
ON = date(2026, 11, 24)

needs_standards = pytest.mark.skipif(not STANDARDS.exists(), reason="tests/data/standards is missing")


def _state(store: Store) -> list:
    return sorted((e.source, e.graph, e.content_hash, e.triples) for e in store.sources())


def _fails(store: Store, paths, **kw) -> list[str]:
    """Load that must fail: returns the error lines, and checks the store did not change."""
    before = _state(store)
    with pytest.raises(SourceErrors) as err:
        load_sources(store, [Path(p) for p in paths], **kw)
    assert _state(store) == before
    return [str(p) for p in err.value.problems]


# -- HSDS and ORUK ---------------------------------------------------------------

@needs_standards
@pytest.mark.parametrize("name", ["service_full", "organization_full", "service_list", "organization_list",
                                  "service_at_location_full", "service_at_location_list"])
def test_every_official_hsds_example_loads(name):
    store = Store()
    (report,) = load_sources(store, [HSDS / f"{name}.json"])
    assert report.format == "hsds" and report.changed
    assert report.counts.get("Organisation", 0) >= 1


@needs_standards
def test_hsds_example_exports_back_valid_with_every_modelled_field():
    store = Store()
    load_sources(store, [HSDS / "service_full.json"])
    original = json.loads((HSDS / "service_full.json").read_text())
    records = json.loads(export(store, "hsds", on=ON))
    (out,) = [r for r in records if r["id"] == original["id"]]
    assert not list(validator("hsds-3.0", "service").iter_errors(out))
    for fld in ("name", "url", "email", "status", "application_process", "eligibility_description",
                "minimum_age", "maximum_age", "assured_date"):
        assert out[fld] == original[fld], fld
    assert out["description"] == original["description"].strip()
    assert out["last_modified"].startswith(original["last_modified"][:19])
    assert out["organization"]["id"] == original["organization"]["id"]
    assert out["organization"]["name"] == original["organization"]["name"]
    assert [p["number"] for p in out["phones"]] == [original["phones"][0]["number"].strip('"')]
    (sched,) = out["schedules"]
    assert (sched["byday"], sched["opens_at"], sched["closes_at"]) == ("TH,FR", "10:00", "18:00")
    assert [a["name"] for a in out["service_areas"]] == [a["name"] for a in original["service_areas"]]
    loc_in = original["service_at_locations"][0]["location"]
    loc_out = out["service_at_locations"][0]["location"]
    assert loc_out["id"] == loc_in["id"] and loc_out["name"] == loc_in["name"]
    assert loc_out["longitude"] == loc_in["longitude"]  # latitude 100 is out of range: dropped with a warning
    assert loc_out["addresses"][0]["postal_code"] == loc_in["addresses"][0]["postal_code"]


@needs_standards
def test_hsds_export_reloads_to_the_same_records(tmp_path):
    store = Store()
    load_sources(store, [HSDS / "service_full.json"])
    first = json.loads(export(store, "hsds", on=ON))
    (tmp_path / "again.json").write_text(json.dumps(first))
    again = Store()
    load_sources(again, [tmp_path / "again.json"], fmt="hsds")
    second = json.loads(export(again, "hsds", on=ON))
    assert second == first


@needs_standards
def test_oruk_example_and_tabular_packages_load_and_export_valid(tmp_path):
    store = Store()
    load_sources(store, [ORUK / "service_full.json"], fmt="oruk")
    load_sources(store, [HSDS / "csv"])
    records = json.loads(export(store, "oruk", on=ON))
    assert records and all(not list(validator("oruk-3.0", "service").iter_errors(r)) for r in records)
    assert all("eligibility_description" not in r for r in records)  # not in the UK profile
    export(store, "hsds", on=ON, tabular=tmp_path / "pkg")
    assert (tmp_path / "pkg" / "datapackage.json").exists()
    reloaded = Store()
    (report,) = load_sources(reloaded, [tmp_path / "pkg"])
    assert report.format == "hsds" and report.counts["Service"] == 1


@needs_standards
def test_hsds_wrong_types_are_located_by_json_pointer(tmp_path):
    doc = json.loads((HSDS / "service_full.json").read_text())
    doc["minimum_age"] = "twelve"
    doc["schedules"][0]["opens_at"] = "25:00"
    bad = tmp_path / "bad-service.json"
    bad.write_text(json.dumps(doc))
    errors = _fails(Store(), [bad], fmt="hsds")
    assert any(e.startswith("bad-service.json:/minimum_age: minimum_age: 'twelve' is not of type 'number'") for e in errors)


@needs_standards
def test_hsds_bad_times_are_located(tmp_path):
    doc = json.loads((HSDS / "service_full.json").read_text())
    doc["schedules"][0]["opens_at"] = "25:00"
    bad = tmp_path / "late.json"
    bad.write_text(json.dumps(doc))
    errors = _fails(Store(), [bad], fmt="hsds")
    assert "late.json:/schedules/0/opens_at: opens_at: '25:00' is not a time of day (HH:MM, 00:00 to 23:59)" in errors


@needs_standards
def test_csv_duplicate_ids_and_dangling_keys_are_errors(tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(HSDS / "csv", pkg)
    services = (pkg / "services.csv").read_text().splitlines()
    services.append(services[1])  # the same id twice
    (pkg / "services.csv").write_text("\n".join(services) + "\n")
    sal = (pkg / "service_at_location.csv").read_text().replace("3a19ff88-4620-4d17-9830-ac1d859eb5d5", "no-such-location")
    (pkg / "service_at_location.csv").write_text(sal)
    errors = _fails(Store(), [pkg])
    assert any("services.csv:row 3: id: 'ac148810-d857-441c-9679-408f346de14b' is used twice" in e for e in errors)
    assert any("service_at_location.csv:row 2: location_id: 'no-such-location' matches no id in locations.csv" in e for e in errors)


# -- Meeting Guide and BMLT --------------------------------------------------------

@needs_standards
def test_meeting_guide_sample_loads_and_exports_back(lancashire_store):
    store = Store()
    (report,) = load_sources(store, [MEETINGS / "atlanta.json"])
    assert report.format == "meeting-guide" and report.counts["Meeting"] == 6
    feed = json.loads((MEETINGS / "atlanta.json").read_text())
    out = {m["slug"]: m for m in json.loads(export(store, "meeting-guide"))}
    for m in feed:
        got = out[m["slug"]]
        assert (got["name"], got["day"], got["time"], got["end_time"]) == (m["name"], m["day"], m["time"], m["end_time"])
        assert got["types"] == sorted(m["types"])
        assert got["formatted_address"] == m["formatted_address"] and got["regions"] == m["regions"]
        assert got["attendance_option"] == m["attendance_option"] and got["updated"] == m["updated"]
        if m.get("entity"):
            assert got["entity"] == m["entity"] and got["entity_url"] == m["entity_url"]


@needs_standards
def test_invalid_meeting_guide_sample_fails_with_located_messages():
    errors = _fails(Store(), [MEETINGS / "invalid.json"], fmt="meeting-guide")
    assert "invalid.json:line 80 column 3: not valid JSON: Extra data" in errors
    assert "invalid.json:/6/day: day: 7 is not a day (0 = Sunday to 6 = Saturday)" in errors
    assert "invalid.json:/7/day: day: 7 is not a day (0 = Sunday to 6 = Saturday)" in errors


def _feed(tmp_path: Path, meetings: list, name: str = "feed.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(meetings))
    return p


def test_meeting_guide_codes_days_and_online_meetings(tmp_path):
    feed = _feed(tmp_path, [
        {"name": "Women's step study", "slug": "w1", "day": [1, 3], "time": "19:00", "types": ["C", "W", "ST", "ZZZ"],
         "formatted_address": "1 Example Street, Preston", "regions": ["Lancashire", "Preston"]},
        {"name": "Online newcomers", "slug": "o1", "day": 0, "time": "20:00", "types": ["O", "BE"],
         "conference_url": "https://meet.example.org/o1", "regions": ["Online"]},
    ])
    store = Store()
    (report,) = load_sources(store, [feed])
    assert [str(w) for w in report.warnings] == [
        "feed.json:/0/types/3: types: unknown meeting-type code 'ZZZ'; ignored"]
    out = {m["slug"]: m for m in json.loads(export(store, "meeting-guide"))}
    assert out["w1"]["day"] == [1, 3] and out["w1"]["end_time"] == "20:00"  # the spec's default: one hour
    assert out["w1"]["types"] == ["C", "ST", "W"] and out["w1"]["attendance_option"] == "in_person"
    assert out["o1"]["attendance_option"] == "online" and out["o1"]["conference_url"] == "https://meet.example.org/o1"


@pytest.mark.parametrize("field,value,message", [
    ("time", "25:00", "time: '25:00' is not a time of day (HH:MM, 00:00 to 23:59)"),
    ("day", 9, "day: 9 is not a day (0 = Sunday to 6 = Saturday)"),
    ("day", "Funday", "day: 'Funday' is not a day (0 = Sunday to 6 = Saturday)"),
    ("latitude", "north", "latitude: 'north' is not a number"),
])
def test_meeting_guide_bad_values_are_located(tmp_path, field, value, message):
    meeting = {"name": "A meeting", "slug": "m1", "day": 1, "time": "19:00", "regions": ["Preston"], "formatted_address": "x"}
    meeting[field] = value
    errors = _fails(Store(), [_feed(tmp_path, [meeting])])
    assert errors == [f"feed.json:/0/{field}: {message}"]


def test_meeting_guide_missing_and_duplicate_slugs(tmp_path):
    feed = _feed(tmp_path, [{"name": "A", "slug": "a"}, {"name": "B", "slug": "a"}, {"slug": "c"}, 5])
    errors = _fails(Store(), [feed])
    assert errors == [
        "feed.json:/1/slug: slug: 'a' is used twice (first at /0); slugs must be unique",
        "feed.json:/2/name: name: name is required",
        "feed.json:/3: each meeting must be a JSON object",
    ]


def test_bmlt_feed_joins_the_areas_already_loaded(lancashire_store, tmp_path):
    store = Store()
    from linkwork.data import lancashire_files

    load_sources(store, lancashire_files(), fmt="turtle")
    (report,) = load_sources(store, [FEEDS / "lancashire-na.bmlt"])
    assert report.format == "bmlt" and report.counts["Meeting"] == 3
    assert [str(w) for w in report.warnings] == [
        "lancashire-na.bmlt:/1/formats: formats: format codes with no meeting type: XYZ; kept in notes"]
    rows = {r["m"].value.rsplit("/", 1)[-1]: r["a"].value.rsplit("/", 1)[-1] for r in store.query(
        "SELECT ?m ?a WHERE { ?m a <https://w3id.org/linkwork/ns#Meeting> ; <https://w3id.org/linkwork/ns#areaServed> ?a "
        "FILTER(CONTAINS(STR(?m), '/id/meeting/')) }")}
    assert rows == {"2101": "preston", "2102": "burnley", "2103": "lancashire"}
    out = {m["slug"]: m for m in json.loads(export(store, "meeting-guide")) if m["slug"] in ("2101", "2102", "2103")}
    assert out["2101"]["day"] == 2 and (out["2101"]["time"], out["2101"]["end_time"]) == ("19:30", "21:00")
    assert out["2102"]["attendance_option"] == "hybrid" and "W" in out["2102"]["types"]
    assert out["2103"]["attendance_option"] == "online"


def test_a_women_only_meeting_is_never_offered_to_a_man(tmp_path):
    from linkwork.data import lancashire_files
    from linkwork.graph.navigator import navigate
    from linkwork.graph.profile import Profile

    from linkwork.core import Core

    store = Store()
    load_sources(store, [*lancashire_files(), FEEDS / "lancashire-na.bmlt"])
    model = Core(store).model
    base = {"area": "Burnley", "age": 30, "needs": {"drugs": "moderate"},
            "substance_use": {"substances": ["opiates"], "status": "abstinent", "abstinent_months": 6}}
    def verdict(gender: str) -> tuple[set[str], set[str]]:
        aid = navigate(model, Profile.model_validate(base | {"gender": gender}), on=ON)["mutual_aid"]
        ids = lambda rows: {str(r.get("id") or r.get("iri")).rsplit("/", 1)[-1] for r in rows}  # noqa: E731
        return ids(aid["offered"]), ids(aid["not_for_you"])

    offered, refused = verdict("male")
    assert "2102" in refused and "2102" not in offered
    offered, refused = verdict("female")
    assert "2102" not in refused


# -- the commissioner workbook ----------------------------------------------------

def test_template_round_trips_through_load_and_export(tmp_path):
    runner = CliRunner()
    xlsx = tmp_path / "north.xlsx"
    assert runner.invoke(cli, ["template", "-o", str(xlsx)]).exit_code == 0
    folder = tmp_path / "north-csv"
    assert runner.invoke(cli, ["template", "--csv", "-o", str(folder)]).exit_code == 0
    store_path = str(tmp_path / "store")
    result = runner.invoke(cli, ["--store", store_path, "load", str(xlsx), str(folder)])
    assert result.exit_code == 0, result.output
    assert "Service: 1" in result.output and "Meeting: 1" in result.output and "CommunityAsset: 1" in result.output
    out = runner.invoke(cli, ["--store", store_path, "export", "--format", "hsds", "--date", "2026-11-24"])
    assert out.exit_code == 0, out.output
    records = {r["name"]: r for r in json.loads(out.output)}
    example = {c.name: c.example for c in SHEETS["services"]}
    svc = records[example["name"]]
    assert svc["organization"]["name"] == {c.name: c.example for c in SHEETS["organisations"]}["name"]
    assert svc["description"] == example["description"] and svc["application_process"] == example["application_process"]
    assert svc["minimum_age"] == 18 and "maximum_age" not in svc
    assert "aged 18 or over" in svc["eligibility_description"]
    assert "people in active dependence" in svc["eligibility_description"]
    assert svc["schedules"] == [{**svc["schedules"][0], "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}]
    assert [a["name"] for a in svc["service_areas"]] == ["Preston"]
    assert {a["taxonomy_term"]["code"] for a in svc["attributes"] if a["taxonomy_term"]["taxonomy"] == "linkwork:service-type"} == {"community-drug-team"}
    again = runner.invoke(cli, ["--store", store_path, "load", str(xlsx)])
    assert "unchanged" in again.output


def _workbook(tmp_path: Path, edit) -> Path:
    return edited_workbook(tmp_path, edit)


@pytest.mark.parametrize("edit,expected", [
    (lambda wb: wb["services"].merge_cells("A2:B2"), "wb.xlsx:sheet services A2:B2: merged cells: unmerge them and give each cell its own value"),
    (lambda wb: wb.create_sheet("notes"), "wb.xlsx:sheet 'notes': the workbook has no such sheet"),
    (lambda wb: wb["services"].cell(1, 2, "service name"), "wb.xlsx:services row 1: service name: the services sheet has no column 'service name'; was it renamed from 'name'?"),
    (lambda wb: wb["meetings"].cell(2, 5, "25:00"), "wb.xlsx:meetings row 2: time: '25:00' is not a time of day"),
    (lambda wb: wb["meetings"].cell(2, 4, "9"), "wb.xlsx:meetings row 2: day: 9 is not a day"),
    (lambda wb: wb["services"].cell(2, 4, "rehab-ish"), "wb.xlsx:services row 2: service_type: unknown service-type code 'rehab-ish'"),
    (lambda wb: wb["services"].cell(2, 13, "Someday 09:00-17:00"), "wb.xlsx:services row 2: hours: 'Someday 09:00-17:00' is not days and times"),
    (lambda wb: wb["services"].cell(2, 13, "Mon 09:00-25:00"), "wb.xlsx:services row 2: hours: '25:00' is not a time of day"),
    (lambda wb: wb["eligibility"].cell(2, 2, "no-such-service"), "wb.xlsx:eligibility row 2: service_id: 'no-such-service' is not an id in the services sheet"),
    (lambda wb: wb["organisations"].append(["north-recovery", "Again", "", "", "", "", "", "2026-11-01"]), "wb.xlsx:organisations row 3: id: 'north-recovery' is used twice"),
])
def test_workbook_mistakes_are_located_and_store_nothing(tmp_path, edit, expected):
    errors = _fails(Store(), [_workbook(tmp_path, edit)])
    assert any(e.startswith(expected) for e in errors), errors


# -- bad input for every loader -----------------------------------------------------

@pytest.mark.parametrize("name,content,fmt,expected", [
    ("empty.json", b"", "hsds", "empty.json:line 1: the file is empty"),
    ("empty.ttl", b"  \n", "turtle", "empty.ttl:line 1: the file is empty"),
    ("feed.json", b"[{\"name\": \"x\",", "meeting-guide", "feed.json:line 1 column 15: not valid JSON"),
    ("broken.ttl", b"@prefix ex: <https://example.org/> .\nex:a ex:b", "turtle", "broken.ttl:2: syntax error"),
    ("latin1.json", "[{\"name\": \"Caf\xe9\"}]".encode("latin-1"), "meeting-guide", "latin1.json:line 1: not UTF-8: byte 0xe9"),
    ("bmlt.json", b"{\"id_bigint\": 1}", "bmlt", "bmlt.json:/: a BMLT result is a JSON array of meetings"),
    ("list.json", b"[1, 2]", "hsds", "list.json:/0: each record must be a JSON object"),
])
def test_malformed_files_give_located_errors(tmp_path, name, content, fmt, expected):
    path = tmp_path / name
    path.write_bytes(content)
    errors = _fails(Store(), [path], fmt=fmt)
    assert any(e.startswith(expected) for e in errors), errors


def test_non_utf8_csv_in_a_workbook_folder(tmp_path):
    folder = tmp_path / "wb"
    write_template(folder, csv_folder=True)
    (folder / "services.csv").write_bytes((folder / "services.csv").read_bytes() + "caf\xe9\n".encode("latin-1"))
    errors = _fails(Store(), [folder])
    assert any(e.startswith("wb:services.csv:row 3: not UTF-8: byte 0xe9") for e in errors), errors


def test_a_batch_failing_halfway_stores_nothing_from_any_source(lancashire_store, tmp_path):
    store = Store()
    good = tmp_path / "good"
    write_template(good, csv_folder=True)
    load_sources(store, [FEEDS / "lancashire-na.bmlt"])
    bad = _feed(tmp_path, [{"name": "late", "slug": "late", "day": 1, "time": "25:00"}])
    errors = _fails(store, [good, FEEDS / "lancashire-na.bmlt", bad])
    assert errors == ["feed.json:/0/time: time: '25:00' is not a time of day (HH:MM, 00:00 to 23:59)"]


def test_loading_the_same_feed_twice_changes_nothing(tmp_path):
    store = Store()
    (first,) = load_sources(store, [FEEDS / "lancashire-na.bmlt"])
    before = _state(store)
    (second,) = load_sources(store, [FEEDS / "lancashire-na.bmlt"])
    assert first.changed and not second.changed and _state(store) == before


# -- confidential places and provenance ----------------------------------------------

def test_confidential_locations_leave_by_area_only(lancashire_store):
    # the recovery house in data/lancashire/housing.ttl is at 53.771, -2.712 and confidential
    for fmt in ("hsds", "oruk", "turtle", "jsonld", "geojson", "meeting-guide"):
        text = export(lancashire_store, fmt, on=ON)
        assert "53.771" not in text and "-2.712" not in text, fmt
    records = json.loads(export(lancashire_store, "hsds", on=ON))
    hidden = [sal["location"] for r in records for sal in r["service_at_locations"]
              if sal["location"].get("name", "").startswith("Confidential address")]
    assert hidden and all(set(loc) == {"id", "location_type", "name", "description"} for loc in hidden)


def test_every_loaded_record_cites_its_source_and_dates(tmp_path):
    store = Store()
    load_sources(store, [FEEDS / "lancashire-na.bmlt"])
    rows = list(store.query(
        "PREFIX lw: <https://w3id.org/linkwork/ns#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?m ?src ?v WHERE { ?m a lw:Meeting ; dcterms:source ?src ; lw:lastVerified ?v }"))
    assert len(rows) == 3
    source = source_iri_for(FEEDS / "lancashire-na.bmlt")
    assert {r["src"].value for r in rows} == {source}
    (retrieved,) = list(store.query(
        f"SELECT ?t WHERE {{ <{source}> <https://w3id.org/linkwork/ns#retrievedAt> ?t }}"))
    assert retrieved["t"].value[:10] == rows[0]["v"].value


@needs_standards
def test_stale_records_warn_but_load():
    (report,) = load_sources(Store(), [HSDS / "service_full.json"])
    assert report.changed
    assert any("last verified more than a year ago (oldest 2005-01-01)" in str(w) for w in report.warnings)


def test_the_illustrative_graph_exports_and_reloads_in_every_open_referral_form(lancashire_store, tmp_path):
    records = json.loads(export(lancashire_store, "hsds", on=ON))
    assert len(records) == 43 and all(not list(validator("hsds-3.0", "service").iter_errors(r)) for r in records)
    (tmp_path / "lancashire.json").write_text(json.dumps(records))
    export(lancashire_store, "hsds", on=ON, tabular=tmp_path / "pkg")
    for source in (tmp_path / "lancashire.json", tmp_path / "pkg"):
        again = Store()
        (report,) = load_sources(again, [source], fmt="hsds")
        assert report.counts["Service"] == len(records)
        back = {r["id"]: r for r in json.loads(export(again, "hsds", on=ON))}
        for r in records:
            b = back[r["id"]]
            assert (b["name"], b["status"], b.get("minimum_age"), b["schedules"]) == (
                r["name"], r["status"], r.get("minimum_age"), r["schedules"])
            assert b["eligibility_description"] == r["eligibility_description"]
            types = lambda rec: {a["taxonomy_term"]["code"] for a in rec["attributes"]  # noqa: E731
                                 if a["taxonomy_term"]["taxonomy"] != "linkwork:eligibility"}
            assert types(b) == types(r)


def test_workbook_opening_hours_take_lists_and_ranges(tmp_path):
    path = _workbook(tmp_path, lambda wb: wb["services"].cell(2, 13, "Mon, Wed 09:00-12:00; Sat-Sun 10:00-24:00"))
    store = Store()
    load_sources(store, [path])
    (svc,) = [r for r in json.loads(export(store, "hsds", on=ON)) if r["name"].startswith("North community drug team")]
    assert [(x["byday"], x["opens_at"], x["closes_at"]) for x in svc["schedules"]] == [
        ("MO,WE", "09:00", "12:00"), ("SU,SA", "10:00", "23:59")]


def test_large_parsed_sources_take_the_bulk_path_and_still_link_to_the_store(monkeypatch):
    from linkwork.data import lancashire_files
    from linkwork.loaders import pipeline

    store = Store()
    load_sources(store, lancashire_files(), fmt="turtle")
    monkeypatch.setattr(pipeline, "BULK_STATEMENTS", 10)
    (report,) = load_sources(store, [FEEDS / "lancashire-na.bmlt"])  # its meetings serve Preston and Burnley
    assert report.changed and report.counts["Meeting"] == 3
    (report,) = load_sources(Store(), [STANDARDS / "hsds-3.0" / "examples" / "service_full.json"])
    assert report.counts["Service"] == 1


def test_geojson_puts_every_located_record_on_the_map(lancashire_store):
    doc = json.loads(export(lancashire_store, "geojson"))
    assert doc["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"] for f in doc["features"]}
    assert {"service", "meeting"} <= kinds
    for f in doc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -3.2 < lon < -2.0 and 53.5 < lat < 54.3, f["properties"]["name"]  # Lancashire, lon first
    confidential = [f for f in doc["features"] if f["properties"].get("confidential")]
    assert confidential and all("address" not in f["properties"] for f in confidential)


def test_load_prints_the_first_warnings_and_counts_the_rest(tmp_path):
    feed = _feed(tmp_path, [{"name": f"m{i}", "slug": f"m{i}", "day": 1, "time": "19:00", "types": ["ZZ"],
                             "regions": ["Preston"]} for i in range(15)])
    store = str(tmp_path / "store")
    short = CliRunner().invoke(cli, ["--store", store, "load", "--dry-run", str(feed)])
    assert short.exit_code == 0 and short.output.count("warning:") == 10
    assert "... and 5 more warnings (--all-warnings to see them)" in short.output and "15 warnings" in short.output
    full = CliRunner().invoke(cli, ["--store", store, "load", "--dry-run", "--all-warnings", str(feed)])
    assert full.output.count("warning:") == 15


def test_a_feed_with_a_fixed_source_iri_keeps_its_meetings_when_the_file_is_renamed(tmp_path):
    meetings = [{"name": "Tuesday", "slug": "tue", "day": 2, "time": "19:00", "regions": ["Preston"]}]
    store = Store()
    for name in ("download.json", "download (2).json"):  # the second replaces the first: it says so, so --replace
        load_sources(store, [_feed(tmp_path, meetings, name)], source_iri="https://example.org/feeds/north",
                     replace=name != "download.json")
    rows = list(store.query("SELECT ?m WHERE { ?m a <https://w3id.org/linkwork/ns#Meeting> }"))
    assert [r["m"].value for r in rows] == ["https://w3id.org/linkwork/id/meeting/example.org-feeds-north/tue"]
    assert [e.source for e in store.sources() if "example.org" in e.source] == ["https://example.org/feeds/north"]
