"""When a service can next be reached, so a Friday-afternoon release sees what is shut.

Days follow Meeting Guide: 0 = Sunday ... 6 = Saturday.

>>> from datetime import datetime, time
>>> from linkwork.graph.model import Entry, Hours
>>> weekdays = Entry("urn:s", "service", "Drug team", hours=tuple(Hours(d, time(9), time(17)) for d in range(1, 6)))
>>> next_open(weekdays, datetime(2013, 6, 14, 15, 30))   # a Friday afternoon: still open
datetime.datetime(2013, 6, 14, 15, 30)
>>> next_open(weekdays, datetime(2013, 6, 14, 17, 30))   # after closing: Monday morning
datetime.datetime(2013, 6, 17, 9, 0)
"""
from __future__ import annotations

from datetime import datetime, timedelta

from linkwork.graph.model import Entry

__all__ = ["next_open", "meeting_day", "is_open", "closed_spans"]


def meeting_day(t: datetime) -> int:
    """The Meeting Guide day number (0 = Sunday) of a datetime."""
    return (t.weekday() + 1) % 7


def is_open(entry: Entry, t: datetime) -> bool | None:
    """Whether the entry is open at ``t``; None when its hours are not known."""
    if entry.always_open:
        return True
    if not entry.hours:
        return None
    day, now = meeting_day(t), t.time()
    return any(h.day == day and h.opens <= now < h.closes for h in entry.hours)


def next_open(entry: Entry, t: datetime, *, horizon_days: int = 14) -> datetime | None:
    """The first moment at or after ``t`` when the entry is open; ``t`` itself if hours are unknown."""
    if entry.always_open or not entry.hours:
        return t
    for offset in range(horizon_days + 1):
        day_start = (t + timedelta(days=offset)).replace(hour=0, minute=0, second=0, microsecond=0)
        day = meeting_day(day_start)
        for h in sorted(entry.hours, key=lambda h: h.opens):
            if h.day != day:
                continue
            opens = day_start.replace(hour=h.opens.hour, minute=h.opens.minute)
            closes = day_start.replace(hour=h.closes.hour, minute=h.closes.minute)
            if offset == 0 and opens <= t < closes:
                return t
            if opens >= t:
                return opens
    return None


def closed_spans(entry: Entry, start: datetime, end: datetime, *, min_hours: float = 2.0) -> list[tuple[datetime, datetime]]:
    """The stretches between ``start`` and ``end`` when the entry is shut (ignoring gaps under ``min_hours``).

    >>> from datetime import time
    >>> from linkwork.graph.model import Entry, Hours
    >>> e = Entry("urn:s", "service", "Drug team", hours=tuple(Hours(d, time(9), time(17)) for d in range(1, 6)))
    >>> [(a.strftime("%a %H:%M"), b.strftime("%a %H:%M")) for a, b in closed_spans(e, datetime(2013, 6, 14, 15, 30), datetime(2013, 6, 17, 15, 30))]
    [('Fri 17:00', 'Mon 09:00')]
    """
    if entry.always_open or not entry.hours:
        return []
    opens: list[tuple[datetime, datetime]] = []
    day = start.replace(hour=0, minute=0, second=0, microsecond=0)
    while day <= end:
        for h in entry.hours:
            if h.day == meeting_day(day):
                opens.append((day.replace(hour=h.opens.hour, minute=h.opens.minute),
                              day.replace(hour=h.closes.hour, minute=h.closes.minute)))
        day += timedelta(days=1)
    spans, cursor = [], start
    for a, b in sorted(opens):
        if b <= cursor:
            continue
        if a > cursor:
            spans.append((cursor, min(a, end)))
        cursor = max(cursor, b)
        if cursor >= end:
            break
    if cursor < end:
        spans.append((cursor, end))
    return [(a, b) for a, b in spans if (b - a).total_seconds() >= min_hours * 3600]
