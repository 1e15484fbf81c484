"""Reading one value exactly: a number, a date, a time, a day, a yes/no, a piece of text, an identifier.

Every loader reads its cells and JSON values through these functions, so a
value means the same in every format and a dialect added later (ORUK 1.0,
older HSDS tables, 12-hour meeting times) builds on the same rules. Each
function returns the value or raises ``ValueError`` with a message naming
the value (shortened) and what was expected; :meth:`Records.check
<linkwork.loaders.records.Records.check>` turns that into a located problem.

A value that cannot be read exactly is an error, never a guess: a date cell
"2026-11-01 (or was it 2019?)" is not cut to its first ten characters,
``inf``, ``NaN`` and ``1e999`` are not numbers, "Wedding" is not Wednesday,
and an object where a name belongs is not stored as its Python repr.

>>> parse_number("12"), parse_number(" 53.76 "), parse_number("18.0", whole=True)
(12.0, 53.76, 18)
>>> parse_number("inf")
Traceback (most recent call last):
ValueError: 'inf' is not a number
>>> parse_number("1e999")
Traceback (most recent call last):
ValueError: '1e999' is too large a number to read exactly (the limit is 10^15)
>>> parse_date("2026-11-01"), parse_date("2024-03-08 01:55:57")
(datetime.date(2026, 11, 1), datetime.date(2024, 3, 8))
>>> parse_date("2026-11-01 (or was it 2019?)")
Traceback (most recent call last):
ValueError: '2026-11-01 (or was it 2019?)' is not a date (YYYY-MM-DD)
>>> parse_time("19:30"), parse_time("10:00:00"), parse_time("24:00", closing=True)
('19:30', '10:00', '24:00')
>>> parse_day("1"), parse_day(6), parse_day("Wed"), parse_day("TH")
(1, 6, 3, 4)
>>> parse_day("Wedding")
Traceback (most recent call last):
ValueError: 'Wedding' is not a day (0 = Sunday to 6 = Saturday)
>>> parse_text({"first": "Sunday"})
Traceback (most recent call last):
ValueError: expected text, found an object
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

__all__ = [
    "parse_number", "parse_date", "parse_datetime", "parse_time", "parse_day", "parse_bool", "parse_text",
    "parse_identifier", "xsd_problem", "shown", "kind_of", "is_twelve_hour", "slash_date_order", "parse_slash_datetime",
    "DAY_CODES", "DAY_NAMES", "MAX_MAGNITUDE", "MAX_TEXT",
]

#: Numbers larger than this are refused: beyond 2^53 (about 9 x 10^15) a float no longer holds every
#: whole number, so an age, a wait or a coordinate this large was not meant and cannot be read exactly.
MAX_MAGNITUDE = 10**15

#: iCalendar day codes (HSDS schedules use them in ``byday``), 0 = Sunday as in Meeting Guide.
DAY_CODES = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}
#: Day names in full and in three letters, lower case.
DAY_NAMES = {
    **{n: i for i, n in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))},
    **{n: i for i, n in enumerate(("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"))},
}

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?"
                       r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?")
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")
_TIME_12H = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?(?::([0-9]{2}))?\s*([AaPp])\.?\s*[Mm]\.?")
_SHOWN = 40

#: The longest text field read, in characters (after inline images are dropped from a description):
#: ten times the longest service description in the official examples would still be far below it, and
#: a field this long is a file pasted into a form, not words for a navigator. Longer text is refused.
MAX_TEXT = 1_000_000


def kind_of(value: object) -> str:
    """What a value is, in the words of JSON, for messages that must not print it.

    >>> kind_of({}), kind_of([1]), kind_of(True), kind_of(None), kind_of(3.5), kind_of("x")
    ('an object', 'a list', 'true', 'nothing (null)', 'the number 3.5', 'text')
    """
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, (int, float)):
        return f"the number {shown(value)}"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def shown(value: object) -> str:
    """A value as a message quotes it: text in quotes and cut to 40 characters; objects and lists by kind.

    >>> shown("eighteen"), shown(7), shown({"a": 1})
    ("'eighteen'", '7', 'an object')
    >>> shown("x" * 200)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (200 characters)"
    """
    if isinstance(value, (dict, list, tuple)) or value is None:
        return kind_of(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < MAX_MAGNITUDE:
        return repr(value)
    if isinstance(value, str):
        if len(value) > _SHOWN:
            return repr(value[:_SHOWN])[:-1] + f"...{repr(value)[0]} ({len(value):,} characters)"
        return repr(value)
    text = repr(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."


def parse_number(value: object, *, whole: bool = False) -> float | int:
    """A finite number from a JSON number or a cell of plain decimal digits; ``whole`` asks for an integer.

    Text is read as written, never through Python's looser ``float()``: ``inf``,
    ``nan``, ``1_000`` and ``0x1F`` are refused, as are numbers too large to hold
    exactly (see :data:`MAX_MAGNITUDE`).

    >>> parse_number(7), parse_number("-2.70"), parse_number("1e3", whole=True)
    (7, -2.7, 1000)
    >>> parse_number("5.5", whole=True)
    Traceback (most recent call last):
    ValueError: '5.5' is not a whole number
    >>> parse_number(float("nan"))
    Traceback (most recent call last):
    ValueError: nan is not a number
    """
    what = "whole number" if whole else "number"
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError(f"{shown(value)} is not a {what}")
    exact: Decimal
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER.fullmatch(text):
            raise ValueError(f"{shown(value)} is not a {what}")
        exact = Decimal(text)
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{shown(value)} is not a number")
    else:
        try:
            exact = Decimal(value)
        except (InvalidOperation, ValueError):
            raise ValueError(f"{shown(value)} is not a {what}") from None
    if not exact.is_finite():
        raise ValueError(f"{shown(value)} is not a number")
    if abs(exact) > MAX_MAGNITUDE:
        raise ValueError(f"{shown(value)} is too large a number to read exactly (the limit is 10^15)")
    if whole:
        if exact != exact.to_integral_value():
            raise ValueError(f"{shown(value)} is not a whole number")
        return int(exact)
    if isinstance(value, int):
        return value
    n = float(exact)
    if n == 0 and exact != 0:
        raise ValueError(f"{shown(value)} is too small a number to read exactly")
    return n


def parse_date(value: object) -> date:
    """A date from ``YYYY-MM-DD``, or the day of a full timestamp (``2024-03-08 01:55:57``, ISO 8601 with zone).

    >>> parse_date("2023-03-15T10:30:45.123Z")
    datetime.date(2023, 3, 15)
    >>> parse_date("2026-02-30")
    Traceback (most recent call last):
    ValueError: '2026-02-30' is not a date (YYYY-MM-DD)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if _DATE.fullmatch(text):
                return date.fromisoformat(text)
            if _DATETIME.fullmatch(text):
                return datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise ValueError(f"{shown(value)} is not a date (YYYY-MM-DD)")


def parse_datetime(value: object) -> datetime:
    """A timestamp from ISO 8601 or Meeting Guide's ``YYYY-MM-DD HH:MM:SS``; a date alone is not one.

    >>> parse_datetime("2014-05-31 14:32:23")
    datetime.datetime(2014, 5, 31, 14, 32, 23)
    >>> parse_datetime("last week")
    Traceback (most recent call last):
    ValueError: 'last week' is not a date and time (YYYY-MM-DD HH:MM:SS)
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATETIME.fullmatch(value.strip()):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{shown(value)} is not a date and time (YYYY-MM-DD HH:MM:SS)")


_SLASH_DATETIME = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
                             r"\s*(?:([AaPp])\.?[Mm]\.?)?)?")


def slash_date_order(values: Iterable[object]) -> str | None:
    """Whether dates written ``6/18/2021`` in one source put the month first (``"MDY"``, as US feeds
    do) or the day (``"DMY"``): a first number over 12 settles it one way, a second over 12 the other.
    None when no date settles it, so ``6/7/2021`` stays ambiguous rather than guessed.

    >>> slash_date_order(["6/18/2021 10:58:23 AM", "6/7/2021"]), slash_date_order(["18/6/2021"]), slash_date_order(["6/7/2021"])
    ('MDY', 'DMY', None)
    >>> slash_date_order(["6/18/2021", "18/6/2021"])
    Traceback (most recent call last):
    ValueError: the source writes dates both month first (6/18/2021) and day first (18/6/2021)
    """
    mdy = dmy = None
    for v in values:
        m = _SLASH_DATETIME.fullmatch(v.strip()) if isinstance(v, str) else None
        if m and int(m.group(2)) > 12 and mdy is None:
            mdy = m.group(0).split()[0]
        if m and int(m.group(1)) > 12 and dmy is None:
            dmy = m.group(0).split()[0]
    if mdy and dmy:
        raise ValueError(f"the source writes dates both month first ({mdy}) and day first ({dmy})")
    return "MDY" if mdy else "DMY" if dmy else None


def parse_slash_datetime(value: object, order: str | None) -> datetime:
    """A timestamp written ``6/18/2021 10:58:23 AM`` (12- or 24-hour, seconds optional), in the order the
    source as a whole settles (:func:`slash_date_order`); a date that order does not settle is refused.

    >>> parse_slash_datetime("6/18/2021 10:58:23 AM", "MDY"), parse_slash_datetime("7/6/2021 12:05 PM", "DMY")
    (datetime.datetime(2021, 6, 18, 10, 58, 23), datetime.datetime(2021, 6, 7, 12, 5))
    >>> parse_slash_datetime("6/7/2021", None)
    Traceback (most recent call last):
    ValueError: '6/7/2021' could be 7 June or 6 July, and no date in the source settles which: write YYYY-MM-DD HH:MM:SS
    """
    m = _SLASH_DATETIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if not m:
        raise ValueError(f"{shown(value)} is not a date and time (YYYY-MM-DD HH:MM:SS, or M/D/YYYY H:MM:SS AM)")
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if order is None and a != b and a <= 12 and b <= 12:
        months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")
        raise ValueError(f"{shown(value)} could be {b} {months[a - 1]} or {a} {months[b - 1]}, and no date in the "
                         "source settles which: write YYYY-MM-DD HH:MM:SS")
    if order is None:  # the date settles it by itself (or its two numbers are the same)
        order = "DMY" if a > 12 else "MDY"
    month, day = (b, a) if order == "DMY" else (a, b)
    h, mi, sec = int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0)
    if m.group(7):
        if not 1 <= h <= 12:
            raise ValueError(f"{shown(value)} is not a time of day (a 12-hour time has hours 1 to 12)")
        h = h % 12 + (12 if m.group(7).lower() == "p" else 0)
    try:
        return datetime(year, month, day, h, mi, sec)
    except ValueError:
        raise ValueError(f"{shown(value)} is not a date and time") from None


def parse_time(value: object, *, closing: bool = False, twelve_hour: bool = False) -> str:
    """``HH:MM`` from ``H:MM``, ``HH:MM`` or ``HH:MM:00``; ``24:00`` only as a closing time.

    Times are kept to the minute, so seconds other than ``00`` are refused rather than dropped.
    ``twelve_hour`` also reads ``8:30AM``, ``7:00 PM`` and ``8 a.m.`` (hours 1 to 12 only:
    ``12:00 PM`` is noon, ``12:00 AM`` midnight, which as a closing time is ``24:00``); the
    caller announces the reading (see :func:`is_twelve_hour`).

    >>> parse_time("9:05"), parse_time(time(18, 0))
    ('09:05', '18:00')
    >>> parse_time("10:00:30")
    Traceback (most recent call last):
    ValueError: '10:00:30' is not a time of day to the minute (HH:MM, 00:00 to 23:59)
    >>> [parse_time(t, twelve_hour=True) for t in ("8:30AM", "7:00 PM", "12:00 PM", "12:15 am", "8 a.m.")]
    ['08:30', '19:00', '12:00', '00:15', '08:00']
    >>> parse_time("12:00 AM", closing=True, twelve_hour=True)
    '24:00'
    >>> parse_time("13:00 PM", twelve_hour=True)
    Traceback (most recent call last):
    ValueError: '13:00 PM' is not a time of day (a 12-hour time has hours 1 to 12)
    """
    top = "24:00" if closing else "23:59"
    if isinstance(value, time):
        if value.second or value.microsecond:
            raise ValueError(f"{value.isoformat()!r} is not a time of day to the minute (HH:MM, 00:00 to {top})")
        return f"{value.hour:02d}:{value.minute:02d}"
    if twelve_hour and is_twelve_hour(value):
        assert isinstance(value, str)
        m12 = _TIME_12H.fullmatch(value.strip())
        assert m12 is not None
        h, mi = int(m12.group(1)), int(m12.group(2) or 0)
        if m12.group(3) not in (None, "00"):
            raise ValueError(f"{shown(value)} is not a time of day to the minute (HH:MM, 00:00 to {top})")
        if not 1 <= h <= 12 or mi > 59:
            raise ValueError(f"{shown(value)} is not a time of day (a 12-hour time has hours 1 to 12)")
        h = h % 12 + (12 if m12.group(4).lower() == "p" else 0)
        if closing and h == 0 and mi == 0:
            return "24:00"
        return f"{h:02d}:{mi:02d}"
    m = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if m:
        h, mi = int(m.group(1)), int(m.group(2))
        if m.group(3) not in (None, "00"):
            raise ValueError(f"{shown(value)} is not a time of day to the minute (HH:MM, 00:00 to {top})")
        if (h < 24 and mi < 60) or (closing and h == 24 and mi == 0):
            return f"{h:02d}:{mi:02d}"
    raise ValueError(f"{shown(value)} is not a time of day (HH:MM, 00:00 to {top})")


def is_twelve_hour(value: object) -> bool:
    """Whether ``value`` is written as a 12-hour time (``8:30AM``, ``7:00 PM``), which a loader reads
    only where its format allows and then announces.

    >>> is_twelve_hour("8:30AM"), is_twelve_hour("19:00"), is_twelve_hour(7)
    (True, False, False)
    """
    return isinstance(value, str) and _TIME_12H.fullmatch(value.strip()) is not None


def parse_day(value: object) -> int:
    """A day number, 0 = Sunday to 6 = Saturday, from an integer, digits, a day code (``MO``) or a day name.

    >>> parse_day(7)
    Traceback (most recent call last):
    ValueError: 7 is not a day (0 = Sunday to 6 = Saturday)
    """
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():
            return parse_day(int(text[-3:]) if len(text) > 3 else int(text))
        if text.upper() in DAY_CODES:
            return DAY_CODES[text.upper()]
        if text.lower() in DAY_NAMES:
            return DAY_NAMES[text.lower()]
        raise ValueError(f"{shown(value)} is not a day (0 = Sunday to 6 = Saturday)")
    raise ValueError(f"{shown(value)} is not a day (0 = Sunday to 6 = Saturday)")


def parse_bool(value: object) -> bool:
    """True or false from a JSON boolean, 0 or 1, or a cell: yes/no, true/false, y/n, 1/0.

    >>> parse_bool("Yes"), parse_bool(False), parse_bool("0")
    (True, False, False)
    >>> parse_bool("maybe")
    Traceback (most recent call last):
    ValueError: 'maybe' is not yes or no
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("yes", "true", "y", "1"):
            return True
        if text in ("no", "false", "n", "0"):
            return False
    raise ValueError(f"{shown(value)} is not yes or no")


def parse_text(value: object, *, numbers: bool = False) -> str:
    """Text, stripped; ``numbers`` also takes a whole JSON number (a phone number or postcode written as digits).

    >>> parse_text("  Alano Club "), parse_text(30102, numbers=True)
    ('Alano Club', '30102')
    >>> parse_text(42)
    Traceback (most recent call last):
    ValueError: expected text, found the number 42
    """
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ValueError(f"the text is {len(value):,} characters long; the most a text field may hold is "
                             f"{MAX_TEXT:,} (is a file pasted into it?)")
        return value.strip()
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"expected text, found {kind_of(value)}")


def parse_identifier(value: object) -> str:
    """An identifier: text or a whole number, never empty, an object, a list or true/false.

    >>> parse_identifier(65301), parse_identifier(" cdt-north ")
    ('65301', 'cdt-north')
    >>> parse_identifier(" ")
    Traceback (most recent call last):
    ValueError: an identifier cannot be blank
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("an identifier cannot be blank")
        return value.strip()
    raise ValueError(f"expected an identifier (text or a whole number), found {kind_of(value)}")


_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_INTEGERS = frozenset(_XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
_XSD_INTEGER = re.compile(r"[+-]?[0-9]+")
_XSD_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_XSD_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_XSD_DATE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?")
_XSD_DATETIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?)(?:Z|[+-][0-9]{2}:[0-9]{2})?")


#: The datatypes whose literals :func:`xsd_problem` reads (every other literal is taken as written).
CHECKED_DATATYPES = frozenset(_XSD_INTEGERS | {_XSD + t for t in ("decimal", "double", "float", "boolean", "date", "dateTime")})


def xsd_problem(lexical: str, datatype: str) -> str | None:
    """Why an RDF literal of an XSD number, date or yes/no type cannot be read exactly, or None if it can.

    RDF lets any text carry any datatype; linkwork compares ages, dates and
    waits, so a literal its datatype does not fit ("2026-13-45" as a date) or
    no finite number holds (``INF``, ``1e999``) is refused, as in every other format.

    >>> xsd_problem("18", _XSD + "integer") is None, xsd_problem("2026-11-01", _XSD + "date") is None
    (True, True)
    >>> xsd_problem("2026-13-45", _XSD + "date")
    "'2026-13-45' is not a valid xsd:date"
    >>> xsd_problem("INF", _XSD + "double")
    "'INF' is not a finite number (xsd:double)"
    """
    name = "xsd:" + datatype[len(_XSD):] if datatype.startswith(_XSD) else datatype
    text = lexical.strip()
    if datatype in _XSD_INTEGERS or datatype in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
        pattern = _XSD_INTEGER if datatype in _XSD_INTEGERS else _XSD_DECIMAL if datatype == _XSD + "decimal" else _XSD_DOUBLE
        if text in ("INF", "-INF", "+INF", "NaN") and pattern is _XSD_DOUBLE:
            return f"{shown(lexical)} is not a finite number ({name})"
        if not pattern.fullmatch(text):
            return f"{shown(lexical)} is not a valid {name}"
        try:
            parse_number(text)
        except ValueError as exc:
            return f"{exc} ({name})"
        return None
    if datatype == _XSD + "boolean":
        return None if text in ("true", "false", "1", "0") else f"{shown(lexical)} is not a valid {name}"
    for dt, pattern, read in ((_XSD + "date", _XSD_DATE, date.fromisoformat), (_XSD + "dateTime", _XSD_DATETIME, datetime.fromisoformat)):
        if datatype == dt:
            m = pattern.fullmatch(text)
            try:
                if m and read(m.group(1)):
                    return None
            except ValueError:
                pass
            return f"{shown(lexical)} is not a valid {name}"
    return None
