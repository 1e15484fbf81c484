"""`linkwork search` and `linkwork show` on the illustrative graph: every filter, paging, confidential
places by their area only, and bad filters as located errors (never a traceback)."""
from __future__ import annotations

import copy
import dataclasses
import json
from datetime import date, datetime, time

import pytest
from click.testing import CliRunner
from linkwork.api.schemas import SearchPagePublic, dump
from linkwork.graph.confidential import is_opaque, public_place
from linkwork.graph.places import distance_km, origin_point
from linkwork.graph.postcodes import PostcodeError
from linkwork.graph.record import RecordNotFound, find_record, record
from linkwork.graph.search import SearchError, SearchQuery, search

from linkwork.cli import cli

L = "https://w3id.org/linkwork/demo/lancashire/"
TODAY = date(2026, 11, 24)


def ids(model, **filters):
    filters.setdefault("per_page", 200)
    filters.setdefault("on", TODAY)
    page = search(model, SearchQuery(**filters))
    assert page.total == len(page.hits)
    return [h["id"] for h in page.hits]


def hits(model, **filters):
    filters.setdefault("per_page", 200)
    filters.setdefault("on", TODAY)
    return search(model, SearchQuery(**filters)).hits


def test_every_kind_is_searched_and_kinds_narrow(lancashire):
    kinds = {h["kind"] for h in hits(lancashire)}
    assert kinds == {"organisation", "service", "location", "meeting", "asset"}
    assert {h["kind"] for h in hits(lancashire, kinds=frozenset({"meeting", "asset"}))} == {"meeting", "asset"}


def test_text_needs_every_word_in_any_case(lancashire):
    assert ids(lancashire, text="RECOVERY house") == [L + "recovery-housing"]
    assert L + "cdt-central" in ids(lancashire, text="drug team")
    assert ids(lancashire, text="drug team zebra") == []


def test_need_domain_and_service_type(lancashire):
    got = hits(lancashire, domains=frozenset({"mental-health"}))
    assert got and all("mental-health" in h["domains"] for h in got if h["kind"] not in ("organisation", "location"))
    assert {h["id"] for h in hits(lancashire, types=frozenset({"community-drug-team"}), kinds=frozenset({"service"}))} == {
        e.iri for e in lancashire.entries.values() if "community-drug-team" in e.types}


def test_area_takes_what_serves_it_and_what_lies_in_it(lancashire):
    preston = set(ids(lancashire, area="Preston", kinds=frozenset({"service"})))
    assert L + "cdt-central" in preston  # serves the Central locality, which holds Preston
    assert L + "cdt-east" not in preston  # East Lancashire only
    assert preston == set(ids(lancashire, area="PR1", kinds=frozenset({"service"})))  # a postcode district
    county = set(ids(lancashire, area="Lancashire", kinds=frozenset({"service"})))
    assert {L + "cdt-east", L + "cdt-central"} <= county


def test_distance_is_nearest_first_and_within_the_radius(lancashire):
    got = hits(lancashire, near="PR1 8XY", within_km=5)
    assert got and [h["distance_km"] for h in got] == sorted(h["distance_km"] for h in got)
    assert all(h["distance_km"] <= 5 for h in got)
    origin = origin_point(lancashire, "PR1 8XY")
    for h in got:
        if h["kind"] in ("service", "meeting", "asset") and h["point"]:
            assert distance_km(origin, tuple(h["point"])) == pytest.approx(h["distance_km"], abs=0.01)
    farther = ids(lancashire, near="PR1 8XY", within_km=50)
    assert {h["id"] for h in got} < set(farther)


def test_open_on_a_day_at_a_time_and_now(lancashire):
    monday_evening = ids(lancashire, day=1, at=time(19, 45), kinds=frozenset({"meeting"}))
    assert L + "meeting-aa-carnforth-mon" in monday_evening
    assert L + "meeting-aa-carnforth-mon" not in ids(lancashire, day=2, kinds=frozenset({"meeting"}))
    assert L + "meeting-aa-carnforth-mon" in ids(lancashire, open_at=datetime(2026, 11, 23, 20, 0))  # a Monday
    utc = datetime.fromisoformat("2026-11-23T20:00:00+00:00")  # a zone given: read as UK time (GMT in November)
    assert ids(lancashire, open_at=utc) == ids(lancashire, open_at=datetime(2026, 11, 23, 20, 0))
    assert ids(lancashire, day=1, at=time(19, 45, tzinfo=utc.tzinfo), kinds=frozenset({"meeting"})) == monday_evening
    always = ids(lancashire, day=0, at=time(3, 0), kinds=frozenset({"service"}))
    assert L + "liaison-diversion" in always  # always open
    assert L + "cdt-central" not in always


def test_attendance_fellowship_meeting_types_and_welcomes(lancashire):
    online = hits(lancashire, attendance=frozenset({"online"}))
    assert online and all(h["attendance_mode"] == "online" for h in online)
    aa = hits(lancashire, fellowships=frozenset({"aa"}))
    assert aa and all(h["kind"] == "meeting" and h["fellowship"] == "aa" for h in aa)
    women = hits(lancashire, meeting_types=frozenset({"women"}))
    assert women and all("women" in h["meeting_types"] for h in women)
    assert hits(lancashire, meeting_types=frozenset({"W"})) == women  # the Meeting Guide code
    script = hits(lancashire, welcomes=frozenset({"on-script"}), kinds=frozenset({"meeting"}))
    assert script and all("script-welcome" in h["audiences"] for h in script)
    assert not any(h["fellowship"] == "aa" for h in script)  # the 12-Step groups here do not say so


def test_pages_partition_the_results(lancashire):
    everything = ids(lancashire)
    pages, n = [], 1
    while True:
        page = search(lancashire, SearchQuery(page=n, per_page=7, on=TODAY))
        pages.extend(h["id"] for h in page.hits)
        if n >= page.pages:
            break
        n += 1
    assert pages == everything
    assert search(lancashire, SearchQuery(page=99, on=TODAY)).hits == []


def test_a_confidential_place_is_found_and_shown_by_its_area_only(lancashire):
    # give the recovery house's confidential location an address, as a careless feed might
    model = copy.copy(lancashire)
    house = lancashire.entries[L + "recovery-housing"]
    secret = dataclasses.replace(house.location, label="14 Mill Lane refuge")
    model.entries = dict(lancashire.entries) | {house.iri: dataclasses.replace(house, location=secret)}
    model.locations = dict(lancashire.locations) | {secret.iri: secret}
    model.cache = {}
    assert ids(model, text="Mill Lane") == []
    text = json.dumps(hits(model), default=str) + json.dumps(hits(model, near="PR1", within_km=3), default=str)
    assert "Mill Lane" not in text and secret.iri not in text
    assert "53.771" not in text and "-2.712" not in text  # its point
    row = next(h for h in hits(model, text="recovery house"))
    assert row["location"] == {"id": public_place(secret.iri, L + "preston", "Preston", model.place_key).id,
                               "label": "Confidential address in Preston",
                               "area": {"id": L + "preston", "label": "Preston"}, "point": None, "confidential": True}
    assert is_opaque(row["location"]["id"])
    with pytest.raises(RecordNotFound):
        find_record(model, secret.iri)
    assert "Mill Lane" not in json.dumps(record(model, house.iri), default=str)


@pytest.mark.parametrize(("filters", "field"), [
    ({"kinds": frozenset({"people"})}, "kind"),
    ({"area": "Atlantis"}, "area"),
    ({"domains": frozenset({"spice"})}, "domain"),
    ({"fellowships": frozenset({"xx"})}, "fellowship"),
    ({"within_km": 5}, "within_km"),
    ({"day": 9}, "day"),
    ({"at": time(9)}, "time"),
    ({"page": 0}, "page"),
    ({"per_page": 1000}, "per_page"),
])
def test_bad_filters_name_the_field(lancashire, filters, field):
    with pytest.raises(SearchError) as err:
        search(lancashire, SearchQuery(**filters))
    assert err.value.field == field


def test_an_unknown_postcode_is_refused_not_measured_from_elsewhere(lancashire):
    with pytest.raises(PostcodeError):
        search(lancashire, SearchQuery(near="PR1 9ZZ"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = tmp_path_factory.mktemp("search") / "store"
    assert CliRunner().invoke(cli, ["--store", str(store), "init", "--demo"]).exit_code == 0
    return store


def run(store, *args):
    return CliRunner().invoke(cli, ["--store", str(store), *args])


def test_cli_search_json_is_the_core_search(demo):
    from linkwork.core import Core

    core = Core.open(demo, read_only=True)
    try:
        want = search(core.model, SearchQuery(near="PR1", within_km=10, welcomes=frozenset({"on-script"}), on=TODAY))
    finally:
        core.store.close()
    r = run(demo, "search", "--near", "PR1", "--within", "10", "--welcomes", "on-script", "--date", "2026-11-24", "--json")
    assert r.exit_code == 0, r.output
    got = json.loads(r.output)
    assert got == dump(SearchPagePublic.model_validate(want.as_dict()), drop_none=True)
    text = run(demo, "search", "--kind", "meeting", "--fellowship", "aa", "--day", "mon").output
    assert "Carnforth AA, Monday (mixed)" in text and "Thursday" not in text


def test_cli_show_a_service_whole(demo):
    r = run(demo, "show", "cdt-central")
    assert r.exit_code == 0, r.output
    for words in ("eligibility", "from 2008-04-01", "verified 2026-11-24", "routes in:", "self-referral", "routes out:",
                  "provenance:", "loaded from urn:linkwork:source:file:", ":treatment.ttl at "):
        assert words in r.output
    rec = json.loads(run(demo, "show", "--json", L + "cdt-central").output)
    assert rec["rules"][0]["criteria"][0]["source"] and rec["rules"][0]["criteria"][0]["valid_from"] == "2008-04-01"
    assert rec["provenance"]["last_verified"] == "2026-11-24" and rec["routes_in"]
    shown = run(demo, "show", "recovery-housing").output
    assert "at: Preston (address confidential: shown by area only)" in shown


@pytest.mark.parametrize(("args", "message"), [
    (["search", "--area", "Atlantis"], "error: area: no area"),
    (["search", "--near", "PR1 9ZZ"], "error: PR1 9ZZ is not a postcode"),
    (["search", "--time", "19:00"], "--time"),
    (["search", "--day", "mon", "--time", "7pm"], "not a time of day"),
    (["show", "nothing-called-this"], "error: no record with that id"),
])
def test_cli_bad_input_is_a_message_not_a_traceback(demo, args, message):
    r = run(demo, *args)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output
