"""The query parameters of the Open Referral UK list endpoints, read into :class:`Filters`.

The union of the HSDS 3.0 API and the UK profile: ``search``, ``taxonomy_term_id``,
``taxonomy_id``, ``organization_id``, ``modified_after``, ``minimum_age``,
``maximum_age``, ``day``, ``start_time``, ``end_time``, and on
``/service_at_locations`` ``postcode`` and ``proximity``. A value that cannot be read
is a 422 pointing at its parameter; the message says what is expected, not what came.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from fastapi import Query
from linkwork.api.directory import DAYS, Filters
from linkwork.api.problems import ProblemError, field_error

__all__ = ["service_filters", "Near", "near"]

_DAY_CODES = {**{c.lower(): c for c in DAYS}, **{name: c for c, name in DAYS.items()},
              **{name[:3]: c for c, name in DAYS.items()}}


def _bad(name: str, why: str) -> ProblemError:
    return ProblemError(422, f"query parameter {name} is not valid", errors=[field_error(("query", name), why)])


def _day(text: str | None) -> str | None:
    if text is None:
        return None
    code = _DAY_CODES.get(text.strip().lower())
    if code is None:
        raise _bad("day", "expected a day: MO, TU, WE, TH, FR, SA or SU (or its English name, such as Monday)")
    return code


def _clock(name: str, text: str | None) -> time | None:
    if text is None:
        return None
    try:
        t = time.fromisoformat(text.strip())
    except ValueError:
        raise _bad(name, "expected a time of day as HH:MM or HH:MM:SS, such as 09:30") from None
    return t.replace(tzinfo=None)


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    s = text.strip()
    try:
        t = datetime.fromisoformat(s.replace("Z", "+00:00")) if "T" in s or " " in s else \
            datetime.combine(date.fromisoformat(s), time())
    except ValueError:
        raise _bad("modified_after", "expected a date or date-time (ISO 8601), such as 2026-01-31 or "
                                     "2026-01-31T09:00:00Z") from None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def service_filters(
    search: str | None = Query(None, max_length=200, description="Full text search over a service's name, description, "
                               "organisation and taxonomy terms: every word must appear.", examples=["drug"]),
    taxonomy_term_id: str | None = Query(None, max_length=100, description="Only services with this taxonomy term."),
    taxonomy_id: str | None = Query(None, max_length=100, description="Only services with any term of this taxonomy."),
    organization_id: str | None = Query(None, max_length=100, description="Only services this organisation provides."),
    modified_after: str | None = Query(None, max_length=40, description="Only services modified on or after this date or "
                                       "date-time (ISO 8601).", examples=["2026-01-01"]),
    minimum_age: float | None = Query(None, ge=0, le=200, description="Only services with a minimum age of at least this."),
    maximum_age: float | None = Query(None, ge=0, le=200, description="Only services with a maximum age of at most this."),
    day: str | None = Query(None, max_length=20, description="Only services with a schedule on this day: MO..SU or "
                            "Monday..Sunday.", examples=["MO"]),
    start_time: str | None = Query(None, max_length=20, description="With a schedule opening at or after this time "
                                   "(HH:MM).", examples=["09:00"]),
    end_time: str | None = Query(None, max_length=20, description="With a schedule closing at or before this time (HH:MM).",
                                 examples=["17:00"]),
) -> Filters:
    return Filters(search=search or None, taxonomy_term_id=taxonomy_term_id, taxonomy_id=taxonomy_id,
                   organization_id=organization_id, modified_after=_when(modified_after), minimum_age=minimum_age,
                   maximum_age=maximum_age, day=_day(day), start_time=_clock("start_time", start_time),
                   end_time=_clock("end_time", end_time))


@dataclass(frozen=True)
class Near:
    postcode: str | None = None
    proximity: float | None = None


def near(
    postcode: str | None = Query(None, max_length=12, description="A postcode (PR1 2HE) or postcode district (PR1). "
                                 "Alone: services whose service area holds it. With proximity: locations within that "
                                 "many metres of its centroid (ONS Postcode Directory), nearest first.",
                                 examples=["PR1 2HE"]),
    proximity: float | None = Query(None, gt=0, le=1_000_000, description="Metres from the postcode's centroid; needs "
                                    "postcode.", examples=[1000]),
) -> Near:
    if proximity is not None and not postcode:
        raise _bad("proximity", "proximity needs a postcode to measure from")
    return Near(postcode, proximity)
