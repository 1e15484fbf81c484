"""A meeting as an iCalendar file (RFC 5545), written with the ``icalendar`` package.

A weekly event per session, in Europe/London time, with the meeting's area
(never a confidential address) and, for online meetings, its join link.

>>> from datetime import datetime, time
>>> from linkwork.graph.model import Entry, Hours, Model
>>> aa = Entry("urn:m", "meeting", "Carnforth AA", hours=(Hours(1, time(19, 30), time(21)),))
>>> text = meeting_calendar(Model(), aa, datetime(2026, 12, 1, 9, 0)).decode()
>>> "RRULE:FREQ=WEEKLY;BYDAY=MO" in text and "DTSTART;TZID=Europe/London:20261207T193000" in text
True
"""
from __future__ import annotations

import hashlib
from datetime import datetime

from icalendar import Calendar, Event
from linkwork.graph.meeting_times import LONDON, next_sessions
from linkwork.graph.model import Entry, Model

__all__ = ["meeting_calendar"]

_BYDAY = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


def meeting_calendar(model: Model, entry: Entry, now: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//linkwork//near me//EN")
    cal.add("version", "2.0")
    seen = set()
    for s in next_sessions(entry, now):
        if (s.starts.weekday(), s.starts.time()) in seen:  # the same weekly session a week later
            continue
        seen.add((s.starts.weekday(), s.starts.time()))
        ev = Event()
        ev.add("uid", hashlib.sha256(f"{entry.iri} {s.starts:%w%H%M}".encode()).hexdigest()[:32] + "@linkwork")
        ev.add("summary", entry.label)
        ev.add("dtstart", s.starts.replace(tzinfo=LONDON))
        ev.add("dtend", s.ends.replace(tzinfo=LONDON))
        ev.add("dtstamp", now.replace(tzinfo=LONDON))
        ev.add("rrule", {"freq": "weekly", "byday": _BYDAY[(s.starts.weekday() + 1) % 7]})
        where = [model.areas[a].label for a in entry.areas if a in model.areas]
        if where:
            ev.add("location", ", ".join(where))
        if entry.conference_url:
            ev.add("url", entry.conference_url)
        cal.add_component(ev)
    return cal.to_ical()
