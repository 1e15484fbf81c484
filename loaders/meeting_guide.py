"""Meeting Guide JSON feeds (code4recovery), as AA intergroups, Al-Anon and others publish them.

The spec is ../shared/standards/meeting-guide/README.md: an array of meetings,
``name`` and ``slug`` required; ``day`` an integer 0 (Sunday) to 6 or a list
of them; ``time``/``end_time`` as HH:MM; ``types`` codes mapped one to one to
the meeting-type scheme (unknown codes are warnings: the spec lets areas add
their own); ``approximate`` locations; online and hybrid meetings with
conference links. Meetings are keyed by the feed (the file's name, or
``--source-iri``) and their slug, so a reload replaces the same meetings.

What the types say about who may come becomes eligibility, evaluated like any
service's: ``W`` women only, ``M`` men only, ``C`` closed (for AA: people with
a desire to stop drinking). A navigator never sends someone to a meeting whose
data says it would turn them away.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from linkwork.graph.namespaces import DIM, FEL, GENDER, LW, MODE, ORG, SRCK, SUB
from linkwork.loaders.base import Loader, Parsed, SourceInfo, source_key
from linkwork.loaders.jsonfile import MISSING, pointer, read_json
from linkwork.loaders.records import Records
from linkwork.loaders.values import (
    kind_of,
    parse_bool,
    parse_day,
    parse_identifier,
    parse_number,
    parse_text,
    parse_time,
    shown,
)
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

__all__ = ["MeetingGuideLoader", "fellowship_of", "add_meeting", "TEXT_FIELDS", "DIGIT_FIELDS", "ID_FIELDS"]

_MODES = {"in_person": MODE["in-person"], "online": MODE.online, "hybrid": MODE.hybrid}

#: Fields the spec gives as strings: anything else there (an object, a list, a number) is an error,
#: never stored as its Python repr.
TEXT_FIELDS = (
    "name", "time", "end_time", "timezone", "location", "location_notes", "group", "group_notes", "notes",
    "updated", "url", "conference_url", "conference_url_notes", "conference_phone_notes", "formatted_address",
    "address", "city", "state", "country", "region", "sub_region", "entity", "entity_email", "entity_location",
    "entity_url", "entity_website_url", "attendance_option",
)
#: Strings a feed may also write as a whole number (a telephone number, a ZIP code).
DIGIT_FIELDS = ("conference_phone", "postal_code", "entity_phone")
#: Identifiers: text or a whole number.
ID_FIELDS = ("slug", "location_id", "group_id")


def fellowship_of(*names: object) -> URIRef:
    """Which fellowship a feed is for, from its entity or group names; Meeting Guide is AA's by default.

    >>> fellowship_of("Al-Anon Family Groups of Georgia").endswith("al-anon")
    True
    >>> fellowship_of("District 123").endswith("/aa")
    True
    """
    text = " ".join(str(n) for n in names if n).lower()
    for needle, fel in (("al-anon", FEL["al-anon"]), ("alateen", FEL["al-anon"]), ("narcotics", FEL.na),
                        ("cocaine", FEL.ca), ("crystal meth", FEL.cma), ("smart recovery", FEL.smart),
                        ("gamblers", FEL.ga), ("families anonymous", FEL["families-anonymous"])):
        if needle in text:
            return fel
    return FEL.aa


class MeetingGuideLoader(Loader):
    """Meeting Guide JSON (``.json`` whose first item has ``slug`` and ``day`` or ``types``)."""

    suffixes = (".json",)
    kind = SRCK["mutual-aid-feed"]

    def sniff(self, path: Path, head: bytes) -> bool:
        if Path(path).suffix.lower() != ".json":
            return False
        text = head.lstrip()[:4096]
        return text.startswith(b"[") and b'"slug"' in text

    def sniff_document(self, path: Path, doc: object) -> bool:
        items = doc.get("meetings") if isinstance(doc, dict) else doc
        return isinstance(items, list) and bool(items) and isinstance(items[0], dict) and "slug" in items[0]

    def parse(self, path: Path, source: SourceInfo, context=None) -> Parsed:
        parsed = Parsed()
        doc = read_json(path, parsed)
        if doc is MISSING:
            return parsed
        rec = Records(parsed, source, context, key=source_key(source))
        if isinstance(doc, dict) and isinstance(doc.get("meetings"), list):
            doc = doc["meetings"]  # some servers wrap the array
        if not isinstance(doc, list):
            rec.error("/", None, "a Meeting Guide feed is a JSON array of meetings")
            return parsed
        if not doc:
            rec.error("/", None, "the feed lists no meetings")
        seen: dict[str, int] = {}
        fellowship = fellowship_of(*(m.get("entity") for m in doc if isinstance(m, dict) and isinstance(m.get("entity"), str)))
        for i, m in enumerate(doc):
            if not rec.record(pointer(i)):
                continue
            if not isinstance(m, dict):
                rec.error(pointer(i), None, "each meeting must be a JSON object")
                continue
            slug = m.get("slug")
            if isinstance(slug, (str, int)) and str(slug) in seen:
                rec.error(pointer(i, "slug"), "slug", f"{shown(slug)} is used twice (first at {pointer(seen[str(slug)])}); slugs must be unique")
                continue
            if isinstance(slug, (str, int)):
                seen[str(slug)] = i
            add_meeting(rec, m, pointer(i), fellowship)
        return parsed


class _At:
    """Where a meeting's field is, by JSON Pointer, under the name its own feed uses (BMLT's ``start_time``
    for Meeting Guide's ``time``)."""

    def __init__(self, where: str, names: dict[str, str] | None = None):
        self.where, self.names = where, names or {}

    def __call__(self, fld: str, *more: object) -> str:
        return self.where + pointer(self.names.get(fld, fld), *more)

    def name(self, fld: str) -> str:
        return self.names.get(fld, fld)


def _clean(rec: Records, m: dict, at: _At) -> dict:
    """The meeting with every value of the wrong kind reported and left out, so the rest can be read."""
    out = dict(m)
    for fld in (*TEXT_FIELDS, *DIGIT_FIELDS):
        if out.get(fld) is not None:
            try:
                out[fld] = parse_text(out[fld], numbers=fld in DIGIT_FIELDS)
            except ValueError as exc:
                rec.error(at(fld), at.name(fld), str(exc))
                del out[fld]
    for fld in ID_FIELDS:
        if out.get(fld) not in (None, ""):
            try:
                out[fld] = parse_identifier(out[fld])
            except ValueError as exc:
                rec.error(at(fld), at.name(fld), str(exc))
                del out[fld]
    for fld in ("regions", "types"):
        value = out.get(fld)
        if isinstance(value, list):
            bad = [j for j, v in enumerate(value) if not isinstance(v, str)]
            for j in bad:
                rec.error(at(fld, j), at.name(fld), f"expected text, found {kind_of(value[j])}")
            out[fld] = [v for v in value if isinstance(v, str)]
        elif value is not None and not isinstance(value, str):
            rec.error(at(fld), at.name(fld), f"{fld} must be a list of text, not {kind_of(value)}")
            del out[fld]
    return out


def add_meeting(rec: Records, m: dict, where: str, fellowship: URIRef, names: dict[str, str] | None = None) -> URIRef | None:
    """One Meeting Guide meeting as statements; problems are recorded at ``where``, naming each field as
    ``names`` maps it (a feed translated from another format, such as BMLT, names its own fields)."""
    at = _At(where, names)
    given, m = m, _clean(rec, m, at)
    for required in ("name", "slug"):
        if required not in given or (required in m and m[required] in (None, "")):  # a value of the wrong kind is reported already
            rec.error(at(required), at.name(required), f"{at.name(required)} is required")
    if m.get("slug") in (None, "") or m.get("name") in (None, ""):
        return None
    s, first = rec.define("meeting", m["slug"], at("slug"), at.name("slug"))
    if not first:
        return None
    rec.place(s, at.where)
    rec.typed(s, LW.Meeting, m["name"], where=at("name"), fld=at.name("name"))
    rec.add(s, LW.slug, Literal(str(m["slug"])))
    rec.provenance(s, updated=m.get("updated"), where=at("updated"))
    _schedule(rec, s, m, at)
    types = _types(rec, s, m, at)
    area = _place(rec, s, m, at)
    _mode(rec, s, m, at, types)
    group = rec.iri("group", m.get("group_id") or m.get("group") or "listed-meetings")
    rec.place(group, at.where)
    rec.typed(group, LW.MutualAidGroup, m.get("group") or f"Meetings listed in {rec.file}", where=at("group"), fld="group")
    rec.add(group, LW.fellowship, fellowship)
    if (group, DCTERMS.source, None) not in rec.g:
        rec.provenance(group)
    rec.text(group, LW.notes, m.get("group_notes"), lang=None, where=at("group_notes"), fld="group_notes")
    rec.add(s, LW.group, group)
    if area is not None:
        rec.add(s, LW.areaServed, area)
    for fld, prop in (("url", LW.url), ("conference_url", LW.conferenceUrl), ("conference_phone", LW.conferencePhone),
                      ("timezone", LW.timezone)):
        rec.text(s, prop, m.get(fld), lang=None, where=at(fld), fld=at.name(fld))
    rec.text(s, LW.notes, m.get("notes"), lang=None, where=at("notes"), fld=at.name("notes"))
    _entity(rec, s, m, at)
    _eligibility(rec, s, types, fellowship)
    return s


def _schedule(rec: Records, s: URIRef, m: dict, at: _At) -> None:
    day, time = m.get("day"), m.get("time")
    if day in (None, "") and time in (None, ""):
        return  # by appointment: allowed by the spec
    days = day if isinstance(day, list) else [day]
    parsed_days = [rec.check(parse_day, d, at("day"), at.name("day")) for d in days]
    opens = rec.check(parse_time, time, at("time"), at.name("time"))
    closes = None
    if m.get("end_time") not in (None, ""):
        closes = rec.check(parse_time, m["end_time"], at("end_time"), at.name("end_time"), closing=True)
    elif opens:
        closes = default_end(opens)
    if opens is None or None in parsed_days:
        return
    for d in parsed_days:
        rec.add(s, LW.day, Literal(d))
    rec.add(s, LW.opens, Literal(opens))
    if closes:
        rec.add(s, LW.closes, Literal(closes))


def _types(rec: Records, s: URIRef, m: dict, at: _At) -> set[str]:
    raw = m.get("types") or []
    if isinstance(raw, str):
        raw = [t for t in raw.replace(";", ",").split(",") if t.strip()]
    codes = set()
    for j, code in enumerate(raw):
        c = rec.concept("meeting-type", code.strip(), at("types", j), at.name("types"), strict=False)
        if c is not None:
            rec.add(s, LW.meetingType, c)
            codes.add(code.strip())
    return codes


def _place(rec: Records, s: URIRef, m: dict, at: _At) -> URIRef | None:
    regions = m.get("regions")
    if not isinstance(regions, list):
        regions = [m.get("region"), m.get("sub_region")]
    regions = [r for r in regions if r and r.strip()]
    area = rec.area(regions or [m.get("city")]) or rec.area([m.get("entity_location")])
    address = m.get("formatted_address") or ", ".join(
        m[k] for k in ("address", "city", "state", "postal_code", "country") if m.get(k))
    if not (address or m.get("location") or m.get("latitude") is not None):
        return area
    key = m.get("location_id") or address or m.get("location")
    if m.get("location_id"):  # several meetings meet at one location: the same id must mean the same place
        loc, _ = rec.define("location", key, at("location_id"), at.name("location_id"),
                            content=(address, m.get("location")), shared=True)
    else:
        loc = rec.iri("location", key)
    rec.place(loc, at.where)
    rec.typed(loc, LW.Location, m.get("location"), where=at("location"), fld=at.name("location"))
    rec.text(loc, LW.address, address, lang=None)
    rec.text(loc, LW.town, m.get("city"), lang=None)
    rec.text(loc, LW.postcode, m.get("postal_code"), lang=None)
    rec.text(loc, LW.notes, m.get("location_notes"), lang=None)
    for fld, prop, lo, hi in (("latitude", LW.latitude, -90, 90), ("longitude", LW.longitude, -180, 180)):
        if m.get(fld) not in (None, ""):
            v = rec.check(parse_number, m[fld], at(fld), at.name(fld))
            if v is not None and not lo <= v <= hi:
                rec.error(at(fld), at.name(fld), f"{v} is out of range ({lo} to {hi})")
            elif v is not None:
                rec.add(loc, prop, Literal(float(v)))
    if m.get("approximate") not in (None, ""):
        approx = rec.check(parse_bool, m["approximate"], at("approximate"), "approximate")
        if approx is not None:
            rec.add(loc, LW.approximate, Literal(approx))
    if area is not None:
        rec.add(loc, LW.withinArea, area)
    else:
        rec.error(at.where or "/", at.name("regions"),
                  "the meeting has an address but no region, city or entity_location to place it in an area")
    rec.add(s, LW.location, loc)
    return area


def _mode(rec: Records, s: URIRef, m: dict, at: _At, types: set[str]) -> None:
    option = m.get("attendance_option")
    online = bool(m.get("conference_url") or m.get("conference_phone"))
    approximate = m.get("approximate")
    in_person = bool(m.get("formatted_address") or m.get("address")) and not (
        approximate is True or (isinstance(approximate, str) and approximate.strip().lower() == "yes"))
    if option == "inactive" or "TC" in types:
        rec.add(s, LW.status, Literal("temporarily closed"))
        option = None
    if option is not None and option not in _MODES:
        rec.error(at("attendance_option"), at.name("attendance_option"),
                  f"{shown(option)} is not one of in_person, online, hybrid, inactive")
        option = None
    mode = _MODES.get(option) if option else (MODE.hybrid if online and in_person else MODE.online if online else MODE["in-person"])
    rec.add(s, LW.attendanceMode, mode)


def _entity(rec: Records, s: URIRef, m: dict, at: _At) -> None:
    """The service entity responsible for the listing: the meeting's publisher."""
    if not m.get("entity"):
        return
    org = rec.iri("organisation", m["entity"])
    if (org, RDF.type, LW.Organisation) not in rec.g:
        rec.place(org, at("entity"))
        rec.typed(org, LW.Organisation, m["entity"], where=at("entity"), fld="entity")
        rec.add(org, LW.orgType, ORG["mutual-aid"])
        rec.provenance(org)
        rec.text(org, LW.url, m.get("entity_website_url") or m.get("entity_url"), lang=None)
        rec.text(org, LW.email, m.get("entity_email"), lang=None)
        rec.text(org, LW.telephone, m.get("entity_phone"), lang=None)
        rec.text(org, LW.notes, m.get("entity_location"), lang=None)
    rec.add(s, DCTERMS.publisher, org)


def _eligibility(rec: Records, s: URIRef, types: set[str], fellowship: URIRef) -> None:
    since = date(2000, 1, 1)
    if "W" in types and "M" not in types:
        c = rec.criterion(s, "women", LW.SetCriterion, DIM.gender, valid_from=since, plain="women only (type W)",
                          allowedValue=[GENDER.female])
        rec.rule(s, "rule-women", [c], "women only")
    if "M" in types and "W" not in types:
        c = rec.criterion(s, "men", LW.SetCriterion, DIM.gender, valid_from=since, plain="men only (type M)",
                          allowedValue=[GENDER.male])
        rec.rule(s, "rule-men", [c], "men only")
    if "C" in types and fellowship == FEL.aa:
        c = rec.criterion(s, "closed", LW.SetCriterion, DIM.substance, valid_from=since,
                          plain="closed meeting: for people with a desire to stop drinking (type C)",
                          allowedValue=[SUB.alcohol])
        rec.rule(s, "rule-closed", [c], "closed: people who want to stop drinking")


def default_end(opens: str) -> str:
    """One hour after ``opens``, the spec's default end time.

    >>> default_end("19:30"), default_end("23:30")
    ('20:30', '24:00')
    """
    h, mi = map(int, opens.split(":"))
    t = timedelta(hours=h + 1, minutes=mi)
    return "24:00" if t >= timedelta(hours=24) else f"{t.seconds // 3600:02d}:{t.seconds // 60 % 60:02d}"
