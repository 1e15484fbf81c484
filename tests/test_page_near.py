"""``/near``, the service-user page, in real headless Chromium and over HTTP (issue 13, item 2)."""
from __future__ import annotations

import json

from icalendar import Calendar

L = "https://w3id.org/linkwork/demo/lancashire/"


def test_carnforth_women_only_shows_the_critical_mass_gap_and_online_groups(web):
    page = web.open("/near")
    page.get_by_label("Town, postcode or postcode district").fill("Carnforth")
    page.get_by_text("Meeting filters").click()
    page.get_by_label("Women only").check()
    page.get_by_label("Services you can go to yourself").uncheck()
    page.get_by_label("Community assets").uncheck()
    page.get_by_role("button", name="Find").click()
    gap = page.locator("section.gap")
    assert "Critical mass gap" in gap.inner_text() and "No women's group meets in Carnforth" in gap.inner_text()
    assert "AA online women's meeting" in gap.inner_text()
    meetings = page.locator("#h-meeting + ul li").all_inner_texts()
    assert any("Lancaster AA women's meeting" in m and "km" in m for m in meetings), meetings
    assert page.locator("#map path.leaflet-interactive").count() > 1  # outlines and the meeting drawn, offline
    assert "where=Carnforth" in page.url and "group=women" in page.url  # a place and filters, nothing about a person
    assert web.axe() == []
    assert web.fits()
    web.shoot("near-carnforth-women")


def test_meetings_are_ordered_by_their_next_session_with_a_calendar_file(api):
    r = api.get("/near", params={"where": "LA5", "show": "meeting", "within_km": 20}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and "Carnforth AA" in r.text
    ics = api.get("/near/meeting.ics", params={"id": L + "meeting-aa-carnforth-mon"})
    assert ics.headers["content-type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert event["SUMMARY"] == "Carnforth AA, Monday (mixed)" and event["RRULE"]["BYDAY"] == ["MO"]
    assert event["DTSTART"].dt.strftime("%a %H:%M") == "Mon 19:30" and str(event["DTSTART"].dt.tzinfo) == "Europe/London"
    assert api.get("/near/meeting.ics", params={"id": L + "cdt-central"}).status_code == 404  # a service, not a meeting


def test_a_place_it_cannot_find_is_a_plain_message(api):
    r = api.get("/near", params={"where": "Atlantis"}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and "Could not find" in r.text and "postcode district" in r.text
    assert api.get("/near", params={"where": "x" * 61}).status_code == 422


def test_services_listed_take_a_self_referral_and_confidential_places_show_their_area(api):
    r = api.get("/near", params={"where": "Preston", "show": "service", "within_km": 30}, headers={"Accept": "text/html"})
    assert "Central Lancashire community drug team" in r.text
    assert "Preston probation" not in r.text  # reached by a court or a prison, never by walking in
    data = json.loads(r.text.split('<script type="application/json" id="map-data">', 1)[1].split("</script>", 1)[0])
    assert data["points"] and [53.771, -2.712] not in [p["point"] for p in data["points"]]


def test_a_confidential_place_is_drawn_as_its_area(api):
    r = api.get("/near", params={"where": "Preston", "show": "asset", "within_km": 30}, headers={"Accept": "text/html"})
    data = json.loads(r.text.split('<script type="application/json" id="map-data">', 1)[1].split("</script>", 1)[0])
    # the recovery house's exact point (data/lancashire/housing.ttl) never leaves, in any section
    for kind in ("meeting", "service", "asset"):
        page = api.get("/near", params={"where": "Preston", "show": kind, "within_km": 50}, headers={"Accept": "text/html"}).text
        assert "53.771, -2.712" not in page and "Refuge" not in page
    assert all(not p["area_only"] or p["point"] != [53.771, -2.712] for p in data["points"])
