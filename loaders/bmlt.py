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

from linkwork.graph.namespaces import FEL, LW, ORG, SRCK
from linkwork.loaders.base import Loader, Parsed, SourceInfo, source_key
from linkwork.loaders.jsonfile import MISSING, pointer, read_json
from linkwork.loaders.meeting_guide import add_meeting
from linkwork.loaders.records import Records
from linkwork.loaders.values import parse_text, parse_time, shown
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS

__all__ = ["BmltLoader", "as_meeting_guide", "FORMAT_CODES", "FIELD_NAMES", "WORLD_IDS"]

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
#: Formats that say how a meeting is attended, which venue_type says already.
VENUE_FORMATS = {"VM", "HY", "TC", "NS"}
#: NAWS world ids (``world_id`` in a root server's formats list) -> Meeting Guide type codes; the key
#: strings each server shows vary by language and region, the world ids do not.
WORLD_IDS: dict[str, str | None] = {
    "OPEN": "O", "CLOSED": "C", "WCHR": "X", "BEG": "BE", "GL": "LGBTQ", "W": "W", "M": "M", "SPK": "SP",
    "STEP": "ST", "LIT": "LIT", "JFT": "LIT", "BT": "LIT", "IW": "LIT", "TOP": "D", "DISC": "D", "QA": "D",
    "Y": "Y", "TC": "TC", "CAN": "CAN", "SMOK": None, "NS": None, "VM": None, "HYBR": None, "TRAD": None,
    "SPAN": "S", "LANG": None, "CPT": None, "RA": None, "ABSI": "ABSI", "CW": "CF", "MED": "MED", "SD": "D",
}


def _placed_by_coordinates(rec: Records, row: dict, where: str) -> str | None:
    """The district a meeting with a street but no municipality lies in, by its coordinates; None (and a
    warning: it is kept, placed only as far as the province says) when they are missing or outside England."""
    from linkwork.graph.district_at import district_at

    try:
        lat, lon = float(row.get("latitude") or "x"), float(row.get("longitude") or "x")
    except (TypeError, ValueError):  # not a number (a wrong-kind value is reported where it is read)
        lat = lon = float("nan")
    found = district_at(lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None  # NaN is in no range
    if found is not None:
        rec.warn(f"{where}/location_municipality", "location_municipality",
                 f"no municipality: placed in {found.name} by its coordinates")
        return found.name
    province = row.get("location_province")
    rec.warn(f"{where}/location_municipality", "location_municipality", "no municipality, and no coordinates in a "
             "known district: kept, " + (f"placed only in {shown(province)}" if province else "in no known area"))
    return None


class BmltLoader(Loader):
    """BMLT ``GetSearchResults`` JSON (``.json`` whose items have ``id_bigint``)."""

    suffixes = (".bmlt",)
    kind = SRCK["mutual-aid-feed"]

    def sniff(self, path: Path, head: bytes) -> bool:
        return Path(path).suffix.lower() in (".bmlt", ".json") and b'"id_bigint"' in head[:4096]

    def sniff_document(self, path: Path, doc: object) -> bool:
        items = doc.get("meetings") if isinstance(doc, dict) else doc
        return isinstance(items, list) and bool(items) and isinstance(items[0], dict) and "id_bigint" in items[0]

    def parse(self, path: Path, source: SourceInfo, context=None) -> Parsed:
        parsed = Parsed()
        doc = read_json(path, parsed)
        if doc is MISSING:
            return parsed
        rec = Records(parsed, source, context, key=source_key(source))
        base, meetings, formats, bodies = _parts(rec, doc)
        if meetings is None:
            return parsed
        if not meetings:
            rec.error(base or "/", None, "the result lists no meetings")
        known = _formats(rec, formats)
        publishers = _service_bodies(rec, bodies)
        seen: set[str] = set()
        missing: dict[str, list[str]] = {}  # format codes the formats list lacks -> meetings using them
        for i, row in enumerate(meetings):
            where = base + pointer(i)
            if not rec.record(where):
                continue
            if not isinstance(row, dict):
                rec.error(where, None, "each meeting must be a JSON object")
                continue
            if str(row.get("id_bigint")) in seen:
                rec.error(f"{where}/id_bigint", "id_bigint", f"{shown(row.get('id_bigint'))} is used twice")
                continue
            seen.add(str(row.get("id_bigint")))
            m = as_meeting_guide(rec, row, where, known, missing)
            if m is None:
                continue
            s = add_meeting(rec, m, where, FEL.na, FIELD_NAMES)
            body = str(row.get("service_body_bigint") or "").strip()
            if s is not None and body and publishers is not None:
                if body in publishers:
                    rec.add(s, DCTERMS.publisher, publishers[body])
                else:
                    rec.warn(f"{where}/service_body_bigint", "service_body_bigint",
                             f"{shown(body)} is not a service body of the service bodies listed")
        for code, where in sorted(missing.items()):
            n = len(where)
            rec.warn(f"{where[0]}/formats", "formats", f"format {shown(code)} (on {n} meeting{'s' if n != 1 else ''}) "
                     "is not in the formats list: kept in the notes")
        return parsed


def _parts(rec: Records, doc: object) -> tuple[str, list | None, object, object]:
    """The meetings (and where they are), the formats and the service bodies of a BMLT document: a
    ``GetSearchResults`` array, its ``{meetings, formats}`` envelope (``get_used_formats``), or that with
    ``service_bodies`` (``GetServiceBodies``), as a harvest of a root server writes it."""
    if isinstance(doc, list):
        return "", doc, None, None
    if isinstance(doc, dict) and isinstance(doc.get("meetings"), list):
        return "/meetings", doc["meetings"], doc.get("formats"), doc.get("service_bodies")
    rec.error("/", None, "a BMLT result is a JSON array of meetings, or an object with a meetings array")
    return "", None, None, None


def _formats(rec: Records, formats: object) -> dict[str, str | None] | None:
    """Each format's key string -> the Meeting Guide type it means (None: no type), from a ``GetFormats``
    list (bare, or wrapped as ``{"formats": [...]}``); None when the document has no formats list."""
    if isinstance(formats, dict) and isinstance(formats.get("formats"), list):
        formats, base = formats["formats"], "/formats/formats"
    else:
        base = "/formats"
    if formats is None:
        return None
    if not isinstance(formats, list):
        rec.warn(base, "formats", "the formats list is not a list: format codes are read by their usual meaning")
        return None
    out: dict[str, str | None] = {}
    for j, f in enumerate(formats):
        key = f.get("key_string") if isinstance(f, dict) else None
        if not isinstance(key, str) or not key.strip():
            rec.warn(f"{base}/{j}", "key_string", "a format without a key_string is ignored")
            continue
        world = f.get("world_id")
        world = world.strip().upper() if isinstance(world, str) else ""
        out[key.strip()] = WORLD_IDS[world] if world in WORLD_IDS else FORMAT_CODES.get(key.strip())
    return out


def _service_bodies(rec: Records, bodies: object) -> dict[str, URIRef] | None:
    """The service bodies (areas, regions, zones) as organisations, each part of its parent: ``GetServiceBodies``."""
    if bodies is None:
        return None
    if not isinstance(bodies, list):
        rec.error("/service_bodies", None, "service_bodies must be a list (GetServiceBodies)")
        return None
    out: dict[str, URIRef] = {}
    rows = []
    for j, b in enumerate(bodies):
        where = f"/service_bodies/{j}"
        if not rec.record(where):
            continue
        if not isinstance(b, dict) or str(b.get("id") or "").strip() in ("", "0"):
            rec.error(where, "id", "a service body needs an id")
            continue
        if not isinstance(b.get("name"), str) or not b["name"].strip():
            rec.error(where + "/name", "name", "a service body needs a name")
            continue
        ident = str(b["id"]).strip()
        out[ident] = rec.iri("service-body", ident)
        rows.append((where, ident, b))
    for where, ident, b in rows:
        s = out[ident]
        rec.place(s, where)
        rec.typed(s, LW.Organisation, b["name"], where=where + "/name")
        rec.add(s, LW.orgType, ORG["mutual-aid"])
        rec.provenance(s)
        rec.text(s, LW.url, b.get("url"), lang=None, where=where + "/url", fld="url")
        rec.text(s, RDFS.comment, b.get("description"), where=where + "/description", fld="description")
        parent = str(b.get("parent_id") or "").strip()
        if parent in out and parent != ident:
            rec.add(s, LW.parentOrganisation, out[parent])
        elif parent not in ("", "0"):
            rec.warn(where + "/parent_id", "parent_id", f"{shown(parent)} is not a service body listed: no parent recorded")
    return out


def as_meeting_guide(rec: Records, row: dict, where: str, known: dict[str, str | None] | None = None,
                     missing: dict[str, list[str]] | None = None) -> dict | None:
    """The Meeting Guide fields for one BMLT meeting (day 1-7 becomes 0-6; duration becomes an end time).

    ``known`` is the root server's formats list (key string -> type), when the result carries one; codes it
    lacks are noted in ``missing``. A virtual meeting's coordinates and street (venue type 2) are those
    of somewhere else and are left out; a meeting with an address but no municipality is placed by its
    coordinates."""
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
        if not code:
            continue
        if known is not None and code not in known and missing is not None:
            missing.setdefault(code, []).append(where)  # a warning, never a refusal: read by its usual meaning
        meaning = known[code] if known is not None and code in known else FORMAT_CODES.get(code)
        if meaning:
            types.append(meaning)
        elif code not in VENUE_FORMATS:
            other.append(code)
    if other and known is None:
        rec.warn(f"{where}/formats", "formats", f"format codes with no meeting type: {', '.join(other)}; kept in notes")
    m["types"] = sorted(set(types))
    venue = row.get("venue_type") or ""
    if venue in _VENUES:
        m["attendance_option"] = _VENUES[venue]
    if venue == "2":  # virtual: the coordinates and street are a placeholder's, or the service body's office
        for fld in ("latitude", "longitude", "location_street", "location_text", "location_postal_code_1"):
            row[fld] = None
    elif not row.get("location_municipality") and row.get("location_street"):
        row["location_municipality"] = _placed_by_coordinates(rec, row, where)
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
    if venue == "2":  # no place to go: its area comes from the regions, and no location is made
        for k in ("address", "city", "state", "postal_code", "country", "location"):
            m.pop(k, None)
    return {k: v for k, v in m.items() if v not in (None, "", [])} | {"slug": m["slug"], "name": m["name"]}
