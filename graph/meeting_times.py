"""When a weekly meeting next happens, and whether it is on now or starting soon.

Someone in early recovery asks "is there a meeting I can get to now?", so the
service-user page sorts meetings by their next start and says which are in
progress or starting within the hour. Days follow Meeting Guide: 0 = Sunday.

>>> from datetime import datetime, time
>>> from linkwork.graph.model import Entry, Hours
>>> aa = Entry("urn:m", "meeting", "Carnforth AA", hours=(Hours(1, time(19, 30), time(21)),))
>>> monday_evening = datetime(2026, 11, 30, 19, 0)
>>> next_sessions(aa, monday_evening)[0]
Session(starts=datetime.datetime(2026, 11, 30, 19, 30), ends=datetime.datetime(2026, 11, 30, 21, 0), status='starting soon')
>>> next_sessions(aa, datetime(2026, 11, 30, 20, 0))[0].status
'in progress'
>>> next_sessions(aa, datetime(2026, 12, 1, 9, 0))[0].starts.date().isoformat()   # Tuesday: next Monday
'2026-12-07'
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from linkwork.graph.model import Entry
from linkwork.graph.opening import meeting_day

__all__ = ["Session", "next_sessions", "SOON", "LONDON"]

#: the clock meetings keep: hours in the data are local times in England
LONDON = ZoneInfo("Europe/London")

#: how far ahead "starting soon" looks
SOON = timedelta(hours=1)


@dataclass(frozen=True)
class Session:
    starts: datetime
    ends: datetime
    status: str  # "in progress", "starting soon", "today", "this week"


def next_sessions(entry: Entry, now: datetime, *, days: int = 7) -> list[Session]:
    """The entry's sessions that have not ended, from ``now`` to ``days`` ahead, soonest first."""
    out = []
    for offset in range(days + 1):
        day_start = (now + timedelta(days=offset)).replace(hour=0, minute=0, second=0, microsecond=0)
        for h in entry.hours:
            if h.day != meeting_day(day_start):
                continue
            starts = day_start.replace(hour=h.opens.hour, minute=h.opens.minute)
            ends = day_start.replace(hour=h.closes.hour, minute=h.closes.minute)
            if ends <= starts:  # runs past midnight
                ends += timedelta(days=1)
            if ends <= now or starts > now + timedelta(days=days):
                continue
            out.append(Session(starts, ends, _status(starts, ends, now)))
    return sorted(out, key=lambda s: s.starts)


def _status(starts: datetime, ends: datetime, now: datetime) -> str:
    if starts <= now < ends:
        return "in progress"
    if starts - now <= SOON:
        return "starting soon"
    return "today" if starts.date() == now.date() else "this week"
