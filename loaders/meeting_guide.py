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
from linkwork.loaders.records import Records, parse_bool, parse_day, parse_number, parse_time
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

__all__ = ["MeetingGuideLoader", "fellowship_of", "add_meeting"]

_MODES = {"in_person": MODE["in-person"], "online": MODE.online, "hybrid": MODE.hybrid}


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
        fellowship = fellowship_of(*(m.get("entity") for m in doc if isinstance(m, dict)))
        for i, m in enumerate(doc):
            if not isinstance(m, dict):
                rec.error(pointer(i), None, "each meeting must be a JSON object")
                continue
            slug = m.get("slug")
            if slug is not None and str(slug) in seen:
                rec.error(pointer(i, "slug"), "slug", f"{slug!r} is used twice (first at {pointer(seen[str(slug)])}); slugs must be unique")
                continue
            if slug is not None:
                seen[str(slug)] = i
            add_meeting(rec, m, pointer(i), fellowship)
        return parsed


def add_meeting(rec: Records, m: dict, where: str, fellowship: URIRef) -> URIRef | None:
    """One Meeting Guide meeting as statements; problems are recorded at ``where``."""
    for required in ("name", "slug"):
        if m.get(required) in (None, ""):
            rec.error(f"{where}/{required}", required, f"{required} is required")
    if m.get("slug") in (None, "") or m.get("name") in (None, ""):
        return None
    if not isinstance(m["slug"], (str, int)) or isinstance(m["slug"], bool):
        rec.error(f"{where}/slug", "slug", "slug must be a string or an integer")
        return None
    s = rec.iri("meeting", m["slug"])
    rec.typed(s, LW.Meeting, m["name"])
    rec.add(s, LW.slug, Literal(str(m["slug"])))
    rec.provenance(s, updated=m.get("updated"), where=f"{where}/updated")
    _schedule(rec, s, m, where)
    types = _types(rec, s, m, where)
    area = _place(rec, s, m, where)
    _mode(rec, s, m, where, types)
    group = rec.iri("group", m.get("group_id") or m.get("group") or "listed-meetings")
    rec.typed(group, LW.MutualAidGroup, m.get("group") or f"Meetings listed in {rec.file}")
    rec.add(group, LW.fellowship, fellowship)
    if (group, DCTERMS.source, None) not in rec.g:
        rec.provenance(group)
    rec.text(group, LW.notes, m.get("group_notes"), lang=None)
    rec.add(s, LW.group, group)
    if area is not None:
        rec.add(s, LW.areaServed, area)
    for fld, prop in (("url", LW.url), ("conference_url", LW.conferenceUrl), ("conference_phone", LW.conferencePhone),
                      ("timezone", LW.timezone)):
        rec.text(s, prop, m.get(fld), lang=None)
    rec.text(s, LW.notes, m.get("notes"), lang=None)
    _entity(rec, s, m)
    _eligibility(rec, s, types, fellowship)
    return s


def _schedule(rec: Records, s: URIRef, m: dict, where: str) -> None:
    day, time = m.get("day"), m.get("time")
    if day in (None, "") and time in (None, ""):
        return  # by appointment: allowed by the spec
    days = day if isinstance(day, list) else [day]
    parsed_days = [rec.check(parse_day, d, f"{where}/day", "day") for d in days]
    opens = rec.check(parse_time, time, f"{where}/time", "time")
    closes = None
    if m.get("end_time") not in (None, ""):
        closes = rec.check(parse_time, m["end_time"], f"{where}/end_time", "end_time", closing=True)
    elif opens:
        closes = default_end(opens)
    if opens is None or None in parsed_days:
        return
    for d in parsed_days:
        rec.add(s, LW.day, Literal(d))
    rec.add(s, LW.opens, Literal(opens))
    if closes:
        rec.add(s, LW.closes, Literal(closes))


def _types(rec: Records, s: URIRef, m: dict, where: str) -> set[str]:
    raw = m.get("types") or []
    if isinstance(raw, str):
        raw = [t for t in raw.replace(";", ",").split(",") if t.strip()]
    if not isinstance(raw, list):
        rec.error(f"{where}/types", "types", "types must be a list of type codes")
        return set()
    codes = set()
    for j, code in enumerate(raw):
        c = rec.concept("meeting-type", str(code).strip(), f"{where}/types/{j}", "types", strict=False)
        if c is not None:
            rec.add(s, LW.meetingType, c)
            codes.add(str(code).strip())
    return codes


def _place(rec: Records, s: URIRef, m: dict, where: str) -> URIRef | None:
    regions = m.get("regions")
    if not isinstance(regions, list):
        regions = [m.get("region"), m.get("sub_region")]
    regions = [r for r in regions if r]
    area = rec.area(regions or [m.get("city")]) or rec.area([m.get("entity_location")])
    address = m.get("formatted_address") or ", ".join(
        str(m[k]) for k in ("address", "city", "state", "postal_code", "country") if m.get(k))
    if not (address or m.get("location") or m.get("latitude") is not None):
        return area
    loc = rec.iri("location", m.get("location_id") or address or m.get("location"))
    rec.typed(loc, LW.Location, m.get("location"))
    rec.text(loc, LW.address, address, lang=None)
    rec.text(loc, LW.town, m.get("city"), lang=None)
    rec.text(loc, LW.postcode, m.get("postal_code"), lang=None)
    rec.text(loc, LW.notes, m.get("location_notes"), lang=None)
    for fld, prop, lo, hi in (("latitude", LW.latitude, -90, 90), ("longitude", LW.longitude, -180, 180)):
        if m.get(fld) not in (None, ""):
            v = rec.check(parse_number, m[fld], f"{where}/{fld}", fld)
            if v is not None and not lo <= v <= hi:
                rec.error(f"{where}/{fld}", fld, f"{v} is out of range ({lo} to {hi})")
            elif v is not None:
                rec.add(loc, prop, Literal(float(v)))
    if m.get("approximate") not in (None, ""):
        approx = rec.check(parse_bool, m["approximate"], f"{where}/approximate", "approximate")
        if approx is not None:
            rec.add(loc, LW.approximate, Literal(approx))
    if area is not None:
        rec.add(loc, LW.withinArea, area)
    else:
        rec.error(where, "regions", "the meeting has an address but no region, city or entity_location to place it in an area")
    rec.add(s, LW.location, loc)
    return area


def _mode(rec: Records, s: URIRef, m: dict, where: str, types: set[str]) -> None:
    option = m.get("attendance_option")
    online = bool(m.get("conference_url") or m.get("conference_phone"))
    in_person = bool(m.get("formatted_address") or m.get("address")) and str(m.get("approximate", "no")).lower() != "yes"
    if option == "inactive" or "TC" in types:
        rec.add(s, LW.status, Literal("temporarily closed"))
        option = None
    if option is not None and option not in _MODES:
        rec.error(f"{where}/attendance_option", "attendance_option",
                  f"{option!r} is not one of in_person, online, hybrid, inactive")
        option = None
    mode = _MODES.get(option) if option else (MODE.hybrid if online and in_person else MODE.online if online else MODE["in-person"])
    rec.add(s, LW.attendanceMode, mode)


def _entity(rec: Records, s: URIRef, m: dict) -> None:
    """The service entity responsible for the listing: the meeting's publisher."""
    if not m.get("entity"):
        return
    org = rec.iri("organisation", m["entity"])
    if (org, RDF.type, LW.Organisation) not in rec.g:
        rec.typed(org, LW.Organisation, m["entity"])
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
