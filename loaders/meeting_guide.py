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

import contextlib
import hashlib
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from linkwork.graph.namespaces import DIM, FEL, GENDER, LW, MODE, ORG, SRCK, SUB
from linkwork.loaders.base import Loader, Parsed, SourceInfo, source_key
from linkwork.loaders.jsonfile import MISSING, pointer, read_json
from linkwork.loaders.records import Records
from linkwork.loaders.richtext import read_text_as_published
from linkwork.loaders.values import (
    is_twelve_hour,
    kind_of,
    parse_bool,
    parse_day,
    parse_identifier,
    parse_number,
    parse_slash_datetime,
    parse_text,
    parse_time,
    shown,
    slash_date_order,
)
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

__all__ = ["MeetingGuideLoader", "fellowship_of", "add_meeting", "placeholder_url", "made_slug", "town_of", "TEXT_FIELDS", "DIGIT_FIELDS", "ID_FIELDS"]

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
        if not (isinstance(items, list) and items and isinstance(items[0], dict)):
            return False
        first = set(items[0])
        # a slug; or, in a feed that leaves it out, a name and a time with a day, types or an address, and no id
        return "slug" in first or ({"name", "time"} <= first and "id" not in first and "id_bigint" not in first
                                   and bool({"day", "types", "formatted_address", "address"} & first))

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
        dates = _date_order(rec, doc)
        for i, m in enumerate(doc):
            if not rec.record(pointer(i)):
                continue
            if not isinstance(m, dict):
                rec.error(pointer(i), None, "each meeting must be a JSON object")
                continue
            made = m.get("slug") in (None, "") and isinstance(m.get("name"), str) and m["name"].strip()
            if made:
                m = dict(m, slug=made_slug(m))
                rec.warn(pointer(i), "slug", f"no slug: keyed by its name, day, time and address as {shown(m['slug'])}, "
                         "which changes if they do")
            slug = m.get("slug")
            if isinstance(slug, (str, int)) and str(slug) in seen:
                first = pointer(seen[str(slug)])
                rec.error(pointer(i, "slug"), "slug", f"no slug, and the same name, day, time and address as {first}: give "
                          "each meeting a slug" if made else f"{shown(slug)} is used twice (first at {first}); slugs must be unique")
                continue
            if isinstance(slug, (str, int)):
                seen[str(slug)] = i
            add_meeting(rec, m, pointer(i), fellowship, dates=dates)
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


def add_meeting(rec: Records, m: dict, where: str, fellowship: URIRef, names: dict[str, str] | None = None, *,
                dates: str | None = None) -> URIRef | None:
    """One Meeting Guide meeting as statements; problems are recorded at ``where``, naming each field as
    ``names`` maps it (a feed translated from another format, such as BMLT, names its own fields).
    ``dates`` is the order the feed writes ``6/18/2021``-style dates in (:func:`slash_date_order`)."""
    at = _At(where, names)
    given, m = m, _as_published(rec, _clean(rec, m, at), at, dates)
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
    rec.text(group, LW.notes, read_text_as_published(rec, m.get("group_notes"), at("group_notes"), "group_notes")[0],
             lang=None, where=at("group_notes"), fld="group_notes")
    rec.add(s, LW.group, group)
    if area is not None:
        rec.add(s, LW.areaServed, area)
    for fld, prop in (("url", LW.url), ("conference_url", LW.conferenceUrl), ("conference_phone", LW.conferencePhone),
                      ("timezone", LW.timezone)):
        rec.text(s, prop, m.get(fld), lang=None, where=at(fld), fld=at.name(fld))
    rec.text(s, LW.notes, read_text_as_published(rec, m.get("notes"), at("notes"), at.name("notes"))[0],
             lang=None, where=at("notes"), fld=at.name("notes"))
    _entity(rec, s, m, at)
    _eligibility(rec, s, types, fellowship)
    return s


def _as_published(rec: Records, m: dict, at: _At, dates: str | None) -> dict:
    """The meeting with what feeds in the wild write differently from the spec read as the spec means it,
    each with a warning at the field: ``day`` as a name or a comma-separated list, ``types`` as a
    comma-separated string, ``updated`` as ``6/18/2021 10:58:23 AM``, a placeholder conference URL
    (dropped, so the meeting is not shown as online). What cannot be read for certain is an error."""
    m = dict(m)
    day = m.get("day")
    if isinstance(day, str) and "," in day:
        m["day"] = [d.strip() for d in day.split(",") if d.strip()]
        rec.warn(at("day"), at.name("day"), f"{shown(day)} is a comma-separated list: read as {len(m['day'])} days")
    for j, d in enumerate(m["day"] if isinstance(m.get("day"), list) else [m.get("day")]):
        if isinstance(d, str) and d.strip() and not d.strip().isdigit():
            with contextlib.suppress(ValueError):  # a day that is no day is reported where days are read
                rec.warn(at("day", j) if isinstance(m["day"], list) else at("day"), at.name("day"),
                         f"{shown(d)} is a day name: read as {parse_day(d)}")
    types = m.get("types")
    if isinstance(types, str) and types.strip():
        m["types"] = [t.strip() for t in types.replace(";", ",").split(",") if t.strip()]
        rec.warn(at("types"), at.name("types"), f"{shown(types)} is a comma-separated string, not a list: read as "
                 f"{', '.join(m['types'])}")
    updated = m.get("updated")
    if isinstance(updated, str) and "/" in updated:
        try:
            stamp = parse_slash_datetime(updated, dates)
        except ValueError as exc:
            rec.error(at("updated"), at.name("updated"), str(exc))
            del m["updated"]
        else:
            m["updated"] = stamp.isoformat(sep=" ")
            rec.warn(at("updated"), at.name("updated"), f"{shown(updated)} is not YYYY-MM-DD HH:MM:SS: read as {m['updated']}")
    url = m.get("conference_url")
    if isinstance(url, str) and url.strip() and placeholder_url(url):
        del m["conference_url"]
        rec.warn(at("conference_url"), at.name("conference_url"), f"{shown(url)} is not a link to a meeting: left out")
    return m


def _date_order(rec: Records, doc: list) -> str | None:
    """The order the whole feed writes ``6/18/2021``-style ``updated`` dates in, or None if it does not say."""
    try:
        return slash_date_order(m.get("updated") for m in doc if isinstance(m, dict))
    except ValueError as exc:
        rec.warn("/", "updated", f"{exc}: each is read by itself, and one that could be either is refused")
        return None


#: Conference links that open no meeting: a service's home page or an empty join path.
_NO_MEETING_PATHS = {"", "/", "/j", "/j/", "/join", "/join/", "/my", "/my/", "/meeting", "/meeting/", "/s", "/s/"}


def placeholder_url(url: str) -> bool:
    """Whether a conference URL stands in for a link rather than being one: not an http(s) address
    ("TBD", "see website", "zoom"), or a video service's bare home or join page, which opens no meeting.

    >>> placeholder_url("https://zoom.us/j/"), placeholder_url("TBD"), placeholder_url("https://meet.google.com")
    (True, True, True)
    >>> placeholder_url("https://zoom.us/j/81234567890?pwd=abc"), placeholder_url("https://meet.example.org/na-online")
    (False, False)
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or "." not in parts.netloc:
        return True
    host = parts.netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    video = host.endswith(("zoom.us", "zoom.com", "meet.google.com", "teams.microsoft.com", "teams.live.com",
                           "webex.com", "gotomeeting.com", "skype.com", "whereby.com", "meet.jit.si"))
    return video and parts.path.rstrip() in _NO_MEETING_PATHS and not parts.query


def made_slug(m: dict) -> str:
    """A slug for a meeting its feed gave none: its name, days and time, and a short digest of its address.

    >>> made_slug({"name": "Sunday Serenity", "day": 0, "time": "7:00 PM", "formatted_address": "1 Example St"})
    'Sunday Serenity 0 7:00 PM 0f265a'
    """
    day = m.get("day")
    days = " ".join(map(str, day)) if isinstance(day, list) else str(day if day is not None else "")
    place = " ".join(str(m.get(k) or "") for k in ("formatted_address", "address", "location", "city")).strip()
    digest = hashlib.sha1(place.encode()).hexdigest()[:6] if place else ""
    return " ".join(x for x in (m["name"].strip(), days, str(m.get("time") or ""), digest) if x)


def _clock(rec: Records, value: object, where: str, fld: str, *, closing: bool = False) -> str | None:
    """A meeting time: 24-hour as the spec has it, or 12-hour (``7:00 PM``) read exactly and announced,
    never read as 07:00 as some readers do."""
    if not is_twelve_hour(value):
        return rec.check(parse_time, value, where, fld, closing=closing)
    t = rec.check(parse_time, value, where, fld, closing=closing, twelve_hour=True)
    if t is not None:
        rec.warn(where, fld, f"{shown(value)} is a 12-hour time: read as {t}")
    return t


def _schedule(rec: Records, s: URIRef, m: dict, at: _At) -> None:
    day, time = m.get("day"), m.get("time")
    if day in (None, "") and time in (None, ""):
        return  # by appointment: allowed by the spec
    days = day if isinstance(day, list) else [day]
    parsed_days = [rec.check(parse_day, d, at("day"), at.name("day")) for d in days]
    opens = _clock(rec, time, at("time"), at.name("time"))
    closes = None
    if m.get("end_time") not in (None, ""):
        closes = _clock(rec, m["end_time"], at("end_time"), at.name("end_time"), closing=True)
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
    rec.text(loc, LW.notes, read_text_as_published(rec, m.get("location_notes"), at("location_notes"), "location_notes")[0],
             lang=None, where=at("location_notes"), fld="location_notes")
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
    if area is None and m.get("formatted_address"):
        town = town_of(m["formatted_address"])
        area = rec.area([town]) if town else None
        if area is not None:
            rec.warn(at("formatted_address"), at.name("formatted_address"),
                     f"no region or city: placed in {shown(town)}, read from the formatted_address")
    if area is None:
        area = rec.unstated_area()
        rec.warn(at.where or "/", at.name("regions"), "the meeting has an address but no region, city or "
                 "entity_location to place it in an area: kept, in no known area, until the feed says where it is")
    rec.add(loc, LW.withinArea, area)
    rec.add(s, LW.location, loc)
    return area


#: What a formatted address may end with after the town: a country, a US state with its ZIP code,
#: a UK postcode or a state alone.
_COUNTRY = re.compile(r"(usa|us|united states( of america)?|uk|gb|united kingdom|england|scotland|wales|canada|ca)", re.I)
_STATE_ZIP = re.compile(r"([A-Z]{2}( [0-9]{5}(-[0-9]{4})?)?|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}|[0-9]{5})", re.I)


def town_of(address: str) -> str | None:
    """The town in a formatted address with or without its country: the part before the state and ZIP
    or the postcode, or the last part when there is neither; None when no part is left to be a town.

    >>> town_of("4953 W Addison St, Chicago, IL 60641, USA"), town_of("4953 W Addison St, Chicago, IL 60641")
    ('Chicago', 'Chicago')
    >>> town_of("1 Example Street, Preston, PR1 0XX"), town_of("1 Example Street, Preston"), town_of("1 Example Street")
    ('Preston', 'Preston', None)
    """
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if parts and _COUNTRY.fullmatch(parts[-1]):
        parts.pop()
    while parts and _STATE_ZIP.fullmatch(parts[-1]):
        parts.pop()
    if len(parts) < 2 or any(c.isdigit() for c in parts[-1]):
        return None
    return parts[-1]


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
