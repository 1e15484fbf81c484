"""Meeting Guide feeds as they are published: what is unambiguous is read (with a warning at the record
and field), what is not is refused, located. The feed is written by the test (illustrative, made up);
each deviation is one that real feeds show (issue 15, item 3)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources

from linkwork.errors import SourceErrors

LW = "https://w3id.org/linkwork/ns#"
#: the feed is loaded as this source, so its slugs have fixed IRIs wherever the test writes it
SOURCE = "https://example.org/feeds/wild"
ID = "https://w3id.org/linkwork/id/meeting/example.org-feeds-wild/"

BASE = {"city": "Preston", "address": "1 Example Street", "types": ["O"], "day": 1, "time": "19:00"}

#: slug -> (the meeting's own fields over BASE, the warning expected at its pointer)
WILD = {
    "pm": ({"time": "7:00 PM", "end_time": "8:30 PM"}, "/0/time: time: '7:00 PM' is a 12-hour time: read as 19:00"),
    "noon": ({"time": "12:00 PM", "end_time": "12:00 AM"}, "/1/end_time: end_time: '12:00 AM' is a 12-hour time: read as 24:00"),
    "seconds": ({"time": "19:30:00"}, None),
    "us-updated": ({"updated": "6/18/2021 10:58:23 AM"},
                   "/3/updated: updated: '6/18/2021 10:58:23 AM' is not YYYY-MM-DD HH:MM:SS: read as 2021-06-18 10:58:23"),
    "iso-updated": ({"updated": "2021-06-19T10:58:23Z"}, None),
    "day-name": ({"day": "Monday"}, "/5/day: day: 'Monday' is a day name: read as 1"),
    "day-names": ({"day": ["Tuesday", "Thursday"]}, "/6/day/1: day: 'Thursday' is a day name: read as 4"),
    "types-string": ({"types": "O, D, XYZ"}, "/7/types: types: 'O, D, XYZ' is a comma-separated string, not a list: read as O, D, XYZ"),
    "no-city": ({"city": None, "address": None, "formatted_address": "2 Example Street, Preston, PR1 0XX"},
                "/8/formatted_address: formatted_address: no region or city: placed in 'Preston', read from the formatted_address"),
    "placeholder": ({"conference_url": "https://zoom.us/j/"}, "/9/conference_url: conference_url: 'https://zoom.us/j/' is not a link to a meeting: left out"),
    "": ({"name": "Illustrative no-slug meeting"}, "/10: slug: no slug: keyed by its name, day, time and address as"),
}


def feed(folder: Path, meetings: list[dict], name: str = "wild.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(meetings), encoding="utf-8")
    return path


def wild_feed(folder: Path) -> Path:
    meetings = []
    for slug, (fields, _) in WILD.items():
        m = {**BASE, "name": f"Illustrative {slug} meeting", "slug": slug, **fields}
        meetings.append({k: v for k, v in m.items() if v not in (None, "")})
    return feed(folder, meetings)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wild")
    store = Store()
    [report] = load_sources(store, [wild_feed(folder)], source_iri=SOURCE)
    return store, report, folder


def values(store: Store, slug: str, prop: str) -> list[str]:
    return sorted(r["v"].value for r in store.query(f"SELECT ?v WHERE {{ <{ID}{slug}> <{LW}{prop}> ?v }}"))


def test_every_deviation_loads_with_a_warning_naming_the_record(loaded):
    _, report, _ = loaded
    warnings = [str(w) for w in report.warnings]
    for slug, (_, expected) in WILD.items():
        if expected:
            assert any(w.startswith("wild.json:" + expected) for w in warnings), (slug, warnings)
    assert report.counts["Meeting"] == len(WILD)
    assert not any("/2/" in w or "/4/" in w for w in warnings)  # seconds and ISO timestamps are the spec's own


def test_twelve_hour_times_are_read_as_the_afternoon_not_the_morning(loaded):
    store, _, _ = loaded
    assert values(store, "pm", "opens") == ["19:00"] and values(store, "pm", "closes") == ["20:30"]
    assert values(store, "noon", "opens") == ["12:00"] and values(store, "noon", "closes") == ["24:00"]
    assert values(store, "seconds", "opens") == ["19:30"]


def test_dates_days_types_places_and_links_as_the_spec_means_them(loaded):
    store, _, _ = loaded
    assert values(store, "us-updated", "updated") == ["2021-06-18T10:58:23"]
    assert values(store, "iso-updated", "updated") == ["2021-06-19T10:58:23"]
    assert values(store, "day-name", "day") == ["1"] and values(store, "day-names", "day") == ["2", "4"]
    assert [v.rsplit("/", 1)[-1] for v in values(store, "types-string", "meetingType")] == ["discussion", "open"]
    [area] = [r["l"].value for r in store.query(
        f"SELECT ?l WHERE {{ <{ID}no-city> <{LW}areaServed> ?a . ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")]
    assert area == "Preston"
    assert values(store, "placeholder", "conferenceUrl") == []
    assert values(store, "placeholder", "attendanceMode")[0].endswith("in-person")  # not shown as online
    slugs = [r["s"].value for r in store.query(f"SELECT ?s WHERE {{ ?m <{LW}slug> ?s }}")]
    assert any(s.startswith("Illustrative no-slug meeting 1 19:00 ") for s in slugs)


def test_the_same_feed_again_changes_nothing(loaded):
    store, _, folder = loaded
    [again] = load_sources(store, [folder / "wild.json"], source_iri=SOURCE)
    assert again.changed is False


@pytest.mark.parametrize("fields,message", [
    ({"time": "13:00 PM"}, "/0/time: time: '13:00 PM' is not a time of day (a 12-hour time has hours 1 to 12)"),
    ({"updated": "6/7/2021 10:00 AM"}, "/0/updated: updated: '6/7/2021 10:00 AM' could be 7 June or 6 July, and no date "
                                       "in the source settles which: write YYYY-MM-DD HH:MM:SS"),
    ({"day": "Mondayish"}, "/0/day: day: 'Mondayish' is not a day (0 = Sunday to 6 = Saturday)"),
])
def test_what_could_be_read_two_ways_is_refused_located(tmp_path, fields, message):
    path = feed(tmp_path, [{**BASE, "name": "Illustrative", "slug": "a", **fields}])
    with pytest.raises(SourceErrors) as exc:
        load_sources(Store(), [path])
    assert [str(p) for p in exc.value.problems] == ["wild.json:" + message]


def test_a_feed_that_writes_dates_both_ways_reads_each_alone(tmp_path):
    path = feed(tmp_path, [{**BASE, "name": "A", "slug": "a", "updated": "6/18/2021"},
                           {**BASE, "name": "B", "slug": "b", "updated": "18/6/2021"},
                           {**BASE, "name": "C", "slug": "c", "updated": "6/7/2021"}])
    with pytest.raises(SourceErrors) as exc:
        load_sources(Store(), [path])
    assert [p.where for p in exc.value.problems] == ["/2/updated"]


def test_an_address_with_nothing_to_place_it_by_is_kept_and_flagged(tmp_path):
    path = feed(tmp_path, [{"name": "Illustrative", "slug": "a", "day": 1, "time": "19:00", "formatted_address": "1 Example Street"}])
    store = Store()
    [report] = load_sources(store, [path])
    assert any("no region, city or entity_location" in str(w) and "kept, in no known area" in str(w) for w in report.warnings)
    assert report.counts["Meeting"] == 1


def test_two_meetings_without_slugs_that_are_the_same_meeting_are_refused(tmp_path):
    m = {**BASE, "name": "Illustrative twin"}
    with pytest.raises(SourceErrors) as exc:
        load_sources(Store(), [feed(tmp_path, [m, dict(m)])])
    assert [str(p) for p in exc.value.problems] == [
        "wild.json:/1/slug: slug: no slug, and the same name, day, time and address as /0: give each meeting a slug"]


def test_the_feed_goes_back_out_as_the_spec_writes_it(loaded, tmp_path):
    """Exported as Meeting Guide, the normalised feed is in the spec's own forms, and loads again without
    a single warning about them."""
    from linkwork.api.export import export

    store, _, _ = loaded
    out = {m["slug"]: m for m in json.loads(export(store, "meeting-guide"))}
    assert (out["pm"]["time"], out["pm"]["end_time"]) == ("19:00", "20:30")
    assert out["us-updated"]["updated"] == "2021-06-18 10:58:23"
    assert out["day-names"]["day"] == [2, 4] and out["types-string"]["types"] == ["D", "O"]
    assert "conference_url" not in out["placeholder"]
    again = tmp_path / "again.json"
    again.write_text(json.dumps(list(out.values())))
    [report] = load_sources(Store(), [again])
    assert report.counts["Meeting"] == len(WILD)
    assert not [w for w in report.warnings if "12-hour" in w.reason or "is not YYYY" in w.reason or "day name" in w.reason
                or "comma-separated" in w.reason or "no slug" in w.reason]
