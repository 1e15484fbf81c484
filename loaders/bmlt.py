"""BMLT JSON: Narcotics Anonymous meeting lists from a BMLT root server.

The shape is what ``client_interface/json/?switcher=GetSearchResults`` returns:
an array of meetings with ``id_bigint``, ``meeting_name``, ``weekday_tinyint``
(1 = Sunday to 7 = Saturday), ``start_time`` and ``duration_time``
(``HH:MM:SS``), ``formats`` (comma-separated format codes), ``venue_type``
(1 in person, 2 virtual, 3 hybrid), ``virtual_meeting_link``,
``phone_meeting_number`` and ``location_*`` fields. Each meeting is turned into
its Meeting Guide equivalent and goes through the same record builder, so both
feeds give the same statements for the same facts.
"""
from __future__ import annotations

from pathlib import Path

from linkwork.graph.namespaces import FEL, SRCK
from linkwork.loaders.base import Loader, Parsed, SourceInfo, source_key
from linkwork.loaders.jsonfile import MISSING, pointer, read_json
from linkwork.loaders.meeting_guide import add_meeting
from linkwork.loaders.records import Records
from linkwork.loaders.values import parse_text, parse_time, shown

__all__ = ["BmltLoader", "as_meeting_guide", "FORMAT_CODES", "FIELD_NAMES"]

#: Meeting Guide field -> the BMLT field it is read from, so problems name the feed's own fields.
FIELD_NAMES = {
    "name": "meeting_name", "slug": "id_bigint", "day": "weekday_tinyint", "time": "start_time",
    "end_time": "duration_time", "types": "formats", "attendance_option": "venue_type", "location": "location_text",
    "address": "location_street", "city": "location_municipality", "state": "location_province",
    "postal_code": "location_postal_code_1", "country": "location_nation", "conference_url": "virtual_meeting_link",
    "conference_phone": "phone_meeting_number", "timezone": "time_zone", "location_notes": "location_info",
    "notes": "comments", "regions": "location_municipality",
}
#: BMLT fields read as text (a root server sends every value as a string; numbers are taken where digits are meant).
_TEXT = ("meeting_name", "start_time", "duration_time", "formats", "location_text", "location_street",
         "location_municipality", "location_province", "location_neighborhood", "location_postal_code_1",
         "location_nation", "virtual_meeting_link", "phone_meeting_number", "time_zone", "location_info", "comments")
_DIGITS = ("location_postal_code_1", "phone_meeting_number", "venue_type", "published", "weekday_tinyint")

#: BMLT (NAWS) format codes -> Meeting Guide type codes; the rest are kept in the notes.
FORMAT_CODES = {
    "O": "O", "C": "C", "W": "W", "M": "M", "D": "D", "SP": "SP", "ST": "ST", "WC": "X", "GL": "LGBTQ",
    "Y": "Y", "BEG": "BE", "NC": "BE", "LIT": "LIT", "Ti": "D", "TOP": "D", "TC": "TC", "ES": "S",
    "JFT": "LIT", "BT": "LIT", "IW": "LIT", "CAN": "CAN", "CW": "CF", "SM": "SM", "MED": "MED", "SD": "D",
    "QA": "D", "VM": None, "HY": None, "NS": None,  # venue formats: read from venue_type instead
}
_VENUES = {"1": "in_person", "2": "online", "3": "hybrid"}


class BmltLoader(Loader):
    """BMLT ``GetSearchResults`` JSON (``.json`` whose items have ``id_bigint``)."""

    suffixes = (".bmlt",)
    kind = SRCK["mutual-aid-feed"]

    def sniff(self, path: Path, head: bytes) -> bool:
        return Path(path).suffix.lower() in (".bmlt", ".json") and b'"id_bigint"' in head[:4096]

    def sniff_document(self, path: Path, doc: object) -> bool:
        return isinstance(doc, list) and bool(doc) and isinstance(doc[0], dict) and "id_bigint" in doc[0]

    def parse(self, path: Path, source: SourceInfo, context=None) -> Parsed:
        parsed = Parsed()
        doc = read_json(path, parsed)
        if doc is MISSING:
            return parsed
        rec = Records(parsed, source, context, key=source_key(source))
        if not isinstance(doc, list):
            rec.error("/", None, "a BMLT result is a JSON array of meetings")
            return parsed
        if not doc:
            rec.error("/", None, "the result lists no meetings")
        seen: set[str] = set()
        for i, row in enumerate(doc):
            if not rec.record(pointer(i)):
                continue
            if not isinstance(row, dict):
                rec.error(pointer(i), None, "each meeting must be a JSON object")
                continue
            if str(row.get("id_bigint")) in seen:
                rec.error(pointer(i, "id_bigint"), "id_bigint", f"{shown(row.get('id_bigint'))} is used twice")
                continue
            seen.add(str(row.get("id_bigint")))
            m = as_meeting_guide(rec, row, pointer(i))
            if m is not None:
                add_meeting(rec, m, pointer(i), FEL.na, FIELD_NAMES)
        return parsed


def as_meeting_guide(rec: Records, row: dict, where: str) -> dict | None:
    """The Meeting Guide fields for one BMLT meeting (day 1-7 becomes 0-6; duration becomes an end time)."""
    if row.get("id_bigint") in (None, ""):
        rec.error(f"{where}/id_bigint", "id_bigint", "id_bigint is required")
        return None
    row = dict(row)
    for fld in _TEXT + _DIGITS:
        if row.get(fld) is not None:
            try:
                row[fld] = parse_text(row[fld], numbers=fld in _DIGITS)
            except ValueError as exc:
                rec.error(f"{where}/{fld}", fld, str(exc))
                row[fld] = None
    m: dict = {"slug": row["id_bigint"], "name": row.get("meeting_name")}
    weekday = row.get("weekday_tinyint")
    if weekday not in (None, ""):
        n = int(weekday) if weekday.isascii() and weekday.isdigit() and len(weekday) < 3 else -1
        if not 1 <= n <= 7:
            rec.error(f"{where}/weekday_tinyint", "weekday_tinyint", f"{shown(weekday)} is not a weekday (1 = Sunday to 7 = Saturday)")
        else:
            m["day"] = n - 1
    start = row.get("start_time")
    if start not in (None, ""):
        m["time"] = start
        opens = rec.check(parse_time, start, f"{where}/start_time", "start_time")
        duration = row.get("duration_time")
        if opens and duration not in (None, ""):
            length = rec.check(parse_time, duration, f"{where}/duration_time", "duration_time")
            if length:
                end = int(opens[:2]) * 60 + int(opens[3:]) + int(length[:2]) * 60 + int(length[3:])
                m["end_time"] = "24:00" if end >= 1440 else f"{end // 60:02d}:{end % 60:02d}"
        if opens is None:
            m.pop("time")
            m.pop("day", None)
    types, other = [], []
    for code in (row.get("formats") or "").split(","):
        code = code.strip()
        if code in FORMAT_CODES:
            if FORMAT_CODES[code]:
                types.append(FORMAT_CODES[code])
        elif code:
            other.append(code)
    if other:
        rec.warn(f"{where}/formats", "formats", f"format codes with no meeting type: {', '.join(other)}; kept in notes")
    m["types"] = sorted(set(types))
    venue = row.get("venue_type") or ""
    if venue in _VENUES:
        m["attendance_option"] = _VENUES[venue]
    regions = [row.get(k) for k in ("location_province", "location_municipality", "location_neighborhood")]
    m["regions"] = [r for r in regions if r]
    m["location"] = row.get("location_text")
    m["address"] = row.get("location_street")
    m["city"] = row.get("location_municipality")
    m["state"] = row.get("location_province")
    m["postal_code"] = row.get("location_postal_code_1")
    m["country"] = row.get("location_nation")
    for src, dst in (("latitude", "latitude"), ("longitude", "longitude"), ("virtual_meeting_link", "conference_url"),
                     ("phone_meeting_number", "conference_phone"), ("time_zone", "timezone"),
                     ("location_info", "location_notes")):
        if row.get(src) not in (None, ""):
            m[dst] = row[src]
    notes = [(row.get("comments") or "").strip()] + ([f"formats: {', '.join(other)}"] if other else [])
    m["notes"] = "\n".join(n for n in notes if n) or None
    if row.get("published") == "0":
        m["attendance_option"] = "inactive"
    return {k: v for k, v in m.items() if v not in (None, "", [])} | {"slug": m["slug"], "name": m["name"]}
