"""Open Referral UK 1.0 as councils publish it, read into the shape of HSDS 3.0 records.

Most UK council and Family Hub directories still publish Open Referral UK 1.0
(also called HSDS-UK), through Placecube's Open Place Directory, Outpost and
others. This module tells which version and dialect a JSON document is
(:func:`dialect_of`) and turns each v1 record into the HSDS 3.0 record
:mod:`linkwork.loaders.openreferral` builds statements from, so the two
versions share one builder and one set of strict value readers:

* the v1 page envelope (``totalElements``, ``content``...) as well as 3.0's
  (``total_items``, ``contents``...), bare arrays and single records;
* v1 names: ``regular_schedules``, ``holiday_schedules``, ``service_taxonomys``,
  ``eligibilitys``, ``physical_addresses``, ``accessibility_for_disabilities``;
* Placecube: ``regular_schedule`` (singular), ``holidayScheduleCollection``,
  ``pc_*`` extensions, HTML descriptions and empty strings for missing values;
* Outpost: ``organisation``, integer ids, ``locations[]`` on the service with
  GeoJSON ``[longitude, latitude]``, weekday names, ``contacts[].phone`` and
  ``cost_options[].amount`` as text.

ORUK 1.0 publishes no JSON Schema, so each value is read by the strict
readers of :mod:`linkwork.loaders.values` at its own JSON Pointer; what is
read differently from the letter of the standard (a 12-hour time, a day name
in ``freq``) is a warning naming the record, and what linkwork does not model
(holiday schedules, reviews, ``pc_*`` fields) is counted in one warning per
source, never dropped in silence. Each upgraded record carries where it came
from (``ROW``, and ``FROM`` for fields moved into it), so every problem is
located in the source as published.

>>> str(dialect_of({"totalElements": 1, "content": [{"id": 7, "organisation": {"id": 3}}]}))
'Open Referral UK 1.0, Outpost dialect'
>>> str(dialect_of([{"id": "x", "regular_schedule": [], "pc_extra": 1}]))
'Open Referral UK 1.0, Placecube dialect'
>>> dialect_of({"contents": [{"id": "x", "schedules": []}]}).version
'3.0'
"""
from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from linkwork.loaders.jsonfile import pointer
from linkwork.loaders.values import (
    DAY_CODES,
    is_twelve_hour,
    kind_of,
    parse_day,
    parse_identifier,
    parse_number,
    parse_time,
    shown,
)

__all__ = ["Dialect", "Notes", "dialect_of", "page_items", "v1_services", "ROW", "FROM", "is_uuid"]

#: Where an upgraded record (or a CSV row) came from: a JSON Pointer or ``file:row N``.
ROW = "_row"
#: field of an upgraded record -> the JSON Pointer of the value it was read from, where the two differ.
FROM = "_from"

V1_PAGE = ("totalElements", "totalPages", "number", "size", "first", "last", "empty", "content")
#: Service fields only ORUK 1.0 (and its dialects) have.
V1_SERVICE = frozenset({"regular_schedules", "holiday_schedules", "service_taxonomys", "eligibilitys",
                        "regular_schedule", "holidayScheduleCollection", "organisation",
                        "attending_type", "attending_access", "deliverable_type", "reviews", "fundings"})
V1_LOCATION = frozenset({"physical_addresses", "accessibility_for_disabilities"})

#: Fields read elsewhere in this module or by the 3.0 builder, per record kind.
_SERVICE_READ = frozenset({
    "id", "name", "description", "url", "email", "status", "application_process", "eligibility_description",
    "assured_date", "last_modified", "updated_at", "minimum_age", "maximum_age", "organization", "organisation",
    "organization_id", "regular_schedules", "regular_schedule", "schedules", "holiday_schedules",
    "holidayScheduleCollection", "eligibilitys", "service_areas", "service_at_locations", "locations", "contacts",
    "phones", "cost_options", "service_taxonomys", "attributes"})
#: Fields of an upgraded record read as numbers or identifiers rather than text.
_NUMBERS = frozenset({"latitude", "longitude", "minimum_age", "maximum_age", "organization_id", "parent_organization_id"})


@dataclass(frozen=True)
class Dialect:
    """The version of Open Referral a document follows and, for 1.0, whose dialect."""

    version: str
    name: str = ""
    standard: str = "Open Referral UK"

    def __str__(self) -> str:
        said = f"{self.standard} {self.version}"
        return f"{said}, {self.name} dialect" if self.name else said


@dataclass
class Notes:
    """What a source did that is announced once for the whole source rather than per record."""

    counts: Counter[str] = field(default_factory=Counter)
    first: dict[str, str] = field(default_factory=dict)

    def note(self, what: str, where: str, n: int = 1) -> None:
        self.counts[what] += n
        self.first.setdefault(what, where)


def is_uuid(value: object) -> bool:
    """Whether an identifier is a UUID (a global id: the same record in two files is one record).

    >>> is_uuid("ac148810-d857-441c-9679-408f346de14b"), is_uuid("1234"), is_uuid(12)
    (True, False, False)
    """
    if not isinstance(value, str) or len(value) not in (32, 36, 38):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def page_items(doc: object) -> list[tuple[str, object]] | None:
    """The items of a page in either envelope (v1 ``content``, 3.0 ``contents``), of a bare array, or the
    one record a document is; None if the document is none of these."""
    if isinstance(doc, dict):
        for key in ("content", "contents"):
            if isinstance(doc.get(key), list) and (key == "contents" or any(k in doc for k in V1_PAGE[:4])):
                return [(pointer(key, i), x) for i, x in enumerate(doc[key])]
        return [("", doc)]
    if isinstance(doc, list):
        return [(pointer(i), x) for i, x in enumerate(doc)]
    return None


def dialect_of(doc: object) -> Dialect:
    """Which Open Referral version and dialect ``doc`` is, from its envelope and its records' fields."""
    items = page_items(doc) or []
    v1_page = isinstance(doc, dict) and "content" in doc and any(k in doc for k in V1_PAGE[:4])
    placecube = outpost = v1 = False
    for _, item in items:
        if not isinstance(item, dict):
            continue
        services = [s for s in item["services"] if isinstance(s, dict)] if isinstance(item.get("services"), list) else []
        for rec in services if "services" in item else [item]:  # an organisation's own fields say nothing
            keys = set(rec)
            placecube |= bool({"regular_schedule", "holidayScheduleCollection"} & keys) or any(k.startswith("pc_") for k in keys)
            outpost |= "organisation" in keys  # 3.0 organisations have locations[] too: not a sign by itself
            v1 |= bool(V1_SERVICE & keys) or _has_v1_location(rec)
            outpost |= isinstance(rec.get("id"), int) and not isinstance(rec.get("id"), bool) and v1
    if placecube:
        return Dialect("1.0", "Placecube")
    if outpost:
        return Dialect("1.0", "Outpost")
    if v1 or v1_page:
        return Dialect("1.0")
    return Dialect("3.0")


def _has_v1_location(rec: dict) -> bool:
    for sal in rec.get("service_at_locations") or [] if isinstance(rec.get("service_at_locations"), list) else []:
        loc = sal.get("location") if isinstance(sal, dict) else None
        if isinstance(loc, dict) and V1_LOCATION & set(loc):
            return True
    return False


# -- reading v1 records ------------------------------------------------------------

class _Reader:
    """Upgrades v1 records, reporting through the loader's ``Records`` (``rec``) and ``Notes``."""

    def __init__(self, rec, notes: Notes):
        self.rec, self.notes = rec, notes
        #: schedules given on the service's service_at_locations, gathered while reading its locations
        self.sal_schedules: list[dict] = []

    def error(self, where: str, fld: str | None, reason: str) -> None:
        self.rec.error(where or "/", fld, reason)

    # a value, with "" read as missing (Placecube writes "" for every missing value)
    def get(self, obj: dict, key: str, where: str):
        v = obj.get(key)
        if v == "":
            self.notes.note("empty", pointer_join(where, key))
            return None
        return v

    def listed(self, obj: dict, key: str, where: str) -> list[tuple[str, dict]]:
        """The objects of a list field (a single object is read as a list of one), each with its pointer."""
        v = obj.get(key)
        if v in (None, "", []):
            return []
        here = pointer_join(where, key)
        if isinstance(v, dict):
            return [(here, v)]
        if not isinstance(v, list):
            self.error(here, key, f"expected a list, found {kind_of(v)}")
            return []
        out = []
        for i, x in enumerate(v):
            if isinstance(x, dict):
                out.append((f"{here}/{i}", x))
            else:
                self.error(f"{here}/{i}", key, f"expected an object, found {kind_of(x)}")
        return out

    def ident(self, obj: dict, where: str, what: str) -> str | None:
        v = obj.get("id")
        if v in (None, ""):
            self.error(where, "id", f"a {what} needs an id")
            return None
        try:
            return parse_identifier(v)
        except ValueError as exc:
            self.error(pointer_join(where, "id"), "id", str(exc))
            return None

    def scalars(self, obj: dict, where: str, out: dict, names: dict[str, str]) -> None:
        """Copy ``names`` (v1 name -> 3.0 name) from ``obj``, noting where each came from. Text fields
        must hold text (numbers are read later by the builder, at the pointer noted here)."""
        for old, new in names.items():
            v = self.get(obj, old, where)
            if v is not None and new not in _NUMBERS and not isinstance(v, str):
                self.error(pointer_join(where, old), old, f"expected text, found {kind_of(v)}")
                continue
            if v is not None and new in _NUMBERS and isinstance(v, (dict, list, bool)):
                self.error(pointer_join(where, old), old, f"expected a number, found {kind_of(v)}")
                continue
            if v is not None and new not in out:
                out[new] = v
                if old != new:
                    out[FROM][new] = pointer_join(where, old)

    def unmodelled(self, obj: dict, where: str, read: frozenset[str]) -> None:
        for k, v in obj.items():
            if k in read or v in (None, "", [], {}):
                continue
            self.notes.note(f"field:{k}", pointer_join(where, k))

    # -- records ---------------------------------------------------------------
    def organisation(self, org: dict, where: str) -> dict | None:
        oid = self.ident(org, where, "organisation")
        if oid is None:
            return None
        out: dict = {"id": oid, ROW: where, FROM: {}}
        self.scalars(org, where, out, {"name": "name", "description": "description", "url": "website",
                                        "website": "website", "email": "email", "parent_organization_id": "parent_organization_id"})
        self.unmodelled(org, where, frozenset({"id", "name", "description", "url", "website", "email", "services",
                                               "parent_organization_id"}))
        return out

    def service(self, svc: dict, where: str) -> dict | None:
        sid = self.ident(svc, where, "service")
        if sid is None:
            return None
        out: dict = {"id": sid, ROW: where, FROM: {}}
        self.scalars(svc, where, out, {k: k for k in ("name", "description", "url", "email", "application_process",
                                                       "eligibility_description", "assured_date", "last_modified",
                                                       "organization_id")} | {"updated_at": "last_modified"})
        status = self.get(svc, "status", where)
        if isinstance(status, str) and status.strip().lower() != status:
            self.notes.note("status-case", pointer_join(where, "status"))
            status = status.strip().lower()
        if status is not None:
            out["status"] = status
        for key in ("organization", "organisation"):
            v = svc.get(key)
            if isinstance(v, dict) and v:
                out["organization"] = self.organisation(v, pointer_join(where, key))
                if key == "organisation":
                    out[FROM]["organization"] = pointer_join(where, key)
            elif v not in (None, "", {}):
                self.error(pointer_join(where, key), key, f"expected an organisation object, found {kind_of(v)}")
        out["schedules"] = [s for key in ("regular_schedules", "regular_schedule", "schedules")
                            for here, sch in self.listed(svc, key, where) if (s := self.schedule(sch, here)) is not None]
        for key in ("holiday_schedules", "holidayScheduleCollection"):
            n = len(self.listed(svc, key, where))
            if n:
                self.notes.note("holiday", pointer_join(where, key), n)
        self.eligibility(svc, where, out)
        out["service_areas"] = []
        for here, a in self.listed(svc, "service_areas", where):
            area: dict = {ROW: here, FROM: {}}
            self.scalars(a, here, area, {"service_area": "name", "name": "name", "description": "name"})
            if area.get("name"):
                out["service_areas"].append(area)
        self.sal_schedules = []
        out["service_at_locations"] = self.locations(svc, where, sid)
        out["schedules"].extend(self.sal_schedules)
        out["phones"] = self.phones(svc, where)
        self.costs(svc, where)
        out["attributes"] = self.taxonomies(svc, where) + [a for _, a in self.listed(svc, "attributes", where)]
        self.unmodelled(svc, where, _SERVICE_READ)
        return out

    def schedule(self, sch: dict, where: str) -> dict | None:
        """A weekly opening in 3.0 terms (``byday`` codes, ``HH:MM`` times), or None when it gives no
        opening time (a described or holiday-only entry)."""
        out: dict = {ROW: where, FROM: {}}
        for fld in ("opens_at", "closes_at"):
            v = self.get(sch, fld, where)
            if v is None:
                continue
            try:
                out[fld] = parse_time(v, closing=fld == "closes_at", twelve_hour=True)
            except ValueError as exc:
                self.error(pointer_join(where, fld), fld, str(exc))
                return None
            if is_twelve_hour(v):
                self.rec.warn(pointer_join(where, fld), fld, f"{shown(v)} read as the 12-hour time {out[fld]}")
        days: list[str] = []
        freq = self.get(sch, "freq", where)
        for fld in ("weekday", "byday", "freq"):
            v = self.get(sch, fld, where)
            if v is None:
                continue
            if fld == "freq" and isinstance(v, str) and v.strip().upper() in ("WEEKLY", "DAILY", "MONTHLY", "YEARLY"):
                continue
            if (isinstance(v, (int, float)) and not isinstance(v, bool)) or (isinstance(v, str) and v.strip().isdigit()):
                self.error(pointer_join(where, fld), fld, f"{shown(v)} is a day number, which Open Referral UK 1.0 "
                           "does not define (1 = Monday or Sunday?): write the day's name or code (MO)")
                return None
            if not isinstance(v, str):
                self.error(pointer_join(where, fld), fld, f"expected a day's name or code, found {kind_of(v)}")
                return None
            for part in v.split(","):
                code = part.strip()
                if not code:
                    continue
                if fld == "byday" and code[:1] in "+-0123456789":  # "1MO": the first Monday of a month
                    self.notes.note("monthly", pointer_join(where, fld))
                    return None
                try:
                    d = parse_day(code)
                except ValueError as exc:
                    self.error(pointer_join(where, fld), fld, str(exc))
                    return None
                days.append(next(c for c, n in DAY_CODES.items() if n == d))
            if fld == "freq":
                self.rec.warn(pointer_join(where, fld), fld, f"{shown(v)} is a day, not a frequency: read as weekly on "
                              f"{', '.join(days)}")
        if days:
            out["byday"] = ",".join(dict.fromkeys(days))
        if isinstance(freq, str) and freq.strip().upper() == "DAILY":
            out["freq"] = "DAILY"
        if freq is not None and isinstance(freq, str) and freq.strip().upper() in ("MONTHLY", "YEARLY"):
            self.notes.note("monthly", pointer_join(where, "freq"))
            return None
        if not out.get("opens_at"):
            return None
        out[FROM]["byday"] = pointer_join(where, "weekday" if "weekday" in sch else "byday")
        return out

    def eligibility(self, svc: dict, where: str, out: dict) -> None:
        """``eligibilitys``: their words as the eligibility description, their ages as age ranges
        (several different ranges are alternatives, one rule each)."""
        words, ranges = [], []
        for here, e in self.listed(svc, "eligibilitys", where):
            text = self.get(e, "eligibility", here)
            if text is not None:
                words.append(text)
            lo, hi = self.age(e, "minimum_age", here), self.age(e, "maximum_age", here)
            if lo is not None or hi is not None:
                ranges.append((lo, hi, here))
        if words and "eligibility_description" not in out and all(isinstance(w, str) for w in words):
            out["eligibility_description"] = "; ".join(w.strip() for w in words if w.strip())
        elif words and not all(isinstance(w, str) for w in words):
            self.error(pointer_join(where, "eligibilitys"), "eligibility", "expected text for each eligibility")
        for key in ("minimum_age", "maximum_age"):
            v = self.age(svc, key, where)
            if v is not None:
                ranges.insert(0, (v, None, where) if key == "minimum_age" else (None, v, where))
        distinct = list(dict.fromkeys((lo, hi) for lo, hi, _ in ranges))
        if len(distinct) == 1:
            lo, hi, here = ranges[0]
            for key, v in (("minimum_age", lo), ("maximum_age", hi)):
                if v is not None:
                    out[key] = v
                    out[FROM][key] = pointer_join(here, key)
        elif distinct:
            out["_age_ranges"] = [(lo, hi, here) for lo, hi, here in ranges]

    def age(self, obj: dict, key: str, where: str):
        """An age as given (a number, or text the builder reads as one); anything else is an error here."""
        v = self.get(obj, key, where)
        if isinstance(v, (dict, list, bool)):
            self.error(pointer_join(where, key), key, f"expected an age in years, found {kind_of(v)}")
            return None
        return v

    def locations(self, svc: dict, where: str, sid: str) -> list[dict]:
        out = []
        for here, sal in self.listed(svc, "service_at_locations", where):
            loc = sal.get("location")
            if isinstance(loc, dict):
                upgraded = self.location(loc, pointer_join(here, "location"))
            elif sal.get("location_id") not in (None, ""):
                upgraded = {"id": str(sal["location_id"]), ROW: here, FROM: {}}
            else:
                continue
            if upgraded is not None:
                out.append({"id": str(sal.get("id") or f"{sid}-at-{upgraded['id']}"), ROW: here, FROM: {}, "location": upgraded})
            for key in ("regular_schedules", "regular_schedule"):  # hours at this location: hours of the service
                self.sal_schedules.extend(s for h, sch in self.listed(sal, key, here) if (s := self.schedule(sch, h)) is not None)
            self.unmodelled(sal, here, frozenset({"id", "location", "location_id", "service_id", "regular_schedules",
                                                  "regular_schedule"}))
        for here, loc in self.listed(svc, "locations", where):  # Outpost: the locations themselves
            upgraded = self.location(loc, here)
            if upgraded is not None:
                out.append({"id": f"{sid}-at-{upgraded['id']}", ROW: here, FROM: {}, "location": upgraded})
        return out

    def location(self, loc: dict, where: str) -> dict | None:
        lid = self.ident(loc, where, "location")
        if lid is None:
            return None
        out: dict = {"id": lid, ROW: where, FROM: {}}
        self.scalars(loc, where, out, {"name": "name", "description": "description",
                                        "latitude": "latitude", "longitude": "longitude"})
        geometry = loc.get("geometry")
        if geometry not in (None, "", {}):
            self.geometry(geometry, pointer_join(where, "geometry"), out)
        addresses = []
        for key in ("physical_addresses", "addresses"):
            for here, ad in self.listed(loc, key, where):
                a: dict = {ROW: here, FROM: {}}
                self.scalars(ad, here, a, {k: k for k in ("address_1", "address_2", "city", "state_province",
                                                          "region", "postal_code", "country")})
                addresses.append(a)
        flat: dict = {ROW: where, FROM: {}}
        self.scalars(loc, where, flat, {k: k for k in ("address_1", "address_2", "city", "state_province", "postal_code", "country")})
        if not addresses and len(flat) > 2:  # Outpost: the address fields on the location itself
            addresses.append(flat)
        out["addresses"] = addresses
        self.unmodelled(loc, where, frozenset({"id", "name", "description", "latitude", "longitude", "geometry",
                                               "physical_addresses", "addresses", "address_1", "address_2", "city",
                                               "state_province", "postal_code", "country"}))
        return out

    def geometry(self, geometry: object, where: str, out: dict) -> None:
        """A GeoJSON point, ``[longitude, latitude]``, as the location's coordinates; where the location
        also gives ``latitude`` and ``longitude`` they must agree."""
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if not (isinstance(geometry, dict) and geometry.get("type") == "Point" and isinstance(coords, list) and len(coords) == 2):
            self.error(where, "geometry", "expected a GeoJSON Point with coordinates [longitude, latitude]")
            return
        for i, key in ((1, "latitude"), (0, "longitude")):
            try:
                v = parse_number(coords[i])
            except ValueError as exc:
                self.error(f"{where}/coordinates/{i}", key, str(exc))
                continue
            if key in out:
                try:
                    same = parse_number(out[key]) == v
                except ValueError:
                    continue  # reported when the location's own value is read
                if not same:
                    self.error(f"{where}/coordinates/{i}", key, f"the GeoJSON {key} {shown(coords[i])} differs from the "
                               f"location's {key} {shown(out[key])}: which is right?")
                continue
            out[key] = v
            out[FROM][key] = f"{where}/coordinates/{i}"

    def phones(self, svc: dict, where: str) -> list[dict]:
        """Phone numbers of the service and its contacts (v1 keeps them under ``contacts[].phones``;
        Outpost gives ``contacts[].phone`` as text)."""
        found: list[tuple[str, dict, str]] = [(here, p, "number") for here, p in self.listed(svc, "phones", where)]
        for here, c in self.listed(svc, "contacts", where):
            found.extend((h, p, "number") for h, p in self.listed(c, "phones", here))
            found.append((here, c, "phone"))  # Outpost: the number as text on the contact
        out = []
        for here, p, key in found:
            phone: dict = {ROW: here, FROM: {}}
            self.scalars(p, here, phone, {key: "number"})
            if phone.get("number"):
                out.append(phone)
        return out

    def costs(self, svc: dict, where: str) -> None:
        """Cost options are not kept, but an amount given as text must still read as a number."""
        for here, c in self.listed(svc, "cost_options", where):
            amount = self.get(c, "amount", here)
            if isinstance(amount, str):
                try:
                    parse_number(amount)
                except ValueError as exc:
                    self.error(pointer_join(here, "amount"), "amount", str(exc))
                    continue
                self.notes.note("amount-text", pointer_join(here, "amount"))
            elif amount is not None:
                try:
                    parse_number(amount)
                except ValueError as exc:
                    self.error(pointer_join(here, "amount"), "amount", str(exc))

    def taxonomies(self, svc: dict, where: str) -> list[dict]:
        """``service_taxonomys`` as 3.0 attributes (only linkwork's own vocabularies are modelled)."""
        out = []
        for here, st in self.listed(svc, "service_taxonomys", where):
            tax = st.get("taxonomy")
            if not isinstance(tax, dict):
                continue
            at = pointer_join(here, "taxonomy")
            term: dict = {ROW: at, FROM: {}}
            self.scalars(tax, at, term, {"code": "code", "name": "code", "vocabulary": "taxonomy"})
            term.setdefault("taxonomy", "")
            out.append({ROW: here, FROM: {}, "taxonomy_term": term})
        return out


def pointer_join(where: str, *parts: object) -> str:
    """``where`` (a JSON Pointer, or "" for the document) extended by ``parts``."""
    return (where or "") + pointer(*parts)


def v1_services(rec, doc: object, notes: Notes) -> Iterator[tuple[str, dict, dict | None]]:
    """(pointer, service, organisation) in HSDS 3.0's shape for every v1 service in ``doc``; an
    organisation listed without services is yielded with ``service`` None."""
    items = page_items(doc)
    if items is None:
        rec.error("/", None, "expected a service or organisation record, a list of them, or a page of them")
        return
    reader = _Reader(rec, notes)
    for where, item in items:
        if where and not rec.record(where):  # one record of a page: --skip-invalid may leave it out
            continue
        if not isinstance(item, dict):
            rec.error(where or "/", None, "each record must be a JSON object")
            continue
        if isinstance(item.get("services"), list):  # an organisation with its services
            org = reader.organisation(item, where)
            for here, svc in reader.listed(item, "services", where):
                if not rec.record(here):
                    continue
                upgraded = reader.service(svc, here)
                if upgraded is not None:
                    yield here, upgraded, upgraded.get("organization") or org
            if not item["services"] and org is not None:
                yield where, {}, org
            continue
        upgraded = reader.service(item, where)
        if upgraded is not None:
            yield where, upgraded, upgraded.get("organization")


#: Words for what :class:`Notes` counted, for the warnings at the end of a load.
NOTE_WORDS = {
    "empty": "empty strings read as missing values",
    "holiday": "holiday schedules not modelled (linkwork keeps weekly opening hours only)",
    "monthly": "monthly or yearly schedules not modelled (linkwork keeps weekly opening hours only)",
    "amount-text": "cost amounts given as text read as numbers (cost options are not kept)",
    "status-case": "statuses in capitals read in lower case",
    "html": "HTML converted to plain text (a description's HTML is kept as lw:descriptionHtml)",
}


def note_warnings(rec, notes: Notes) -> None:
    """One warning per kind of thing counted, with the first place it happened."""
    fields = sorted((k.split(":", 1)[1], n) for k, n in notes.counts.items() if k.startswith("field:"))
    for what, n in sorted(notes.counts.items()):
        if what in NOTE_WORDS:
            rec.warn(notes.first[what], None, f"{NOTE_WORDS[what]}: {n} (the first here)")
    if fields:
        listed = ", ".join(f"{k} ({n})" for k, n in fields[:20]) + (f" and {len(fields) - 20} more" if len(fields) > 20 else "")
        first = notes.first[f"field:{fields[0][0]}"]
        rec.warn(first, None, f"fields linkwork does not model were read and not kept: {listed}")
