"""The Open Referral UK records of one store version, indexed for the API's list filters.

Records come from the exporter (:func:`linkwork.api.export.openreferral.service_records`,
validated, confidential places already reduced to their area); this module only
indexes them, cuts them to the list forms the profile defines and answers the
filters of ``/services`` and ``/service_at_locations``. It is built once per store
version (see :mod:`linkwork.api.state`), so a request scans plain Python tuples.

Filters follow the words of the UK profile's OpenAPI: ``minimum_age=N`` keeps
services whose minimum age is at least N, ``maximum_age=N`` those whose maximum
age is at most N; ``day``, ``start_time`` and ``end_time`` keep services with one
schedule on that day opening at or after ``start_time`` and closing at or before
``end_time``; ``search`` keeps services in which every word of the query begins a
word of the name, description, organisation or taxonomy terms (case aside);
``postcode`` keeps services whose service area holds the postcode (or that state
none), and with ``proximity`` (metres) locations within that distance of the
postcode's centroid, nearest first. A confidential location has
no coordinates here, so no distance can be measured to it.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache

from linkwork.api.export.data import data_graph, hsds_id
from linkwork.api.export.openreferral import cut_to_schema, service_records, taxonomy_id
from linkwork.graph import places
from linkwork.graph.model import Model

__all__ = ["Directory", "Filters", "Listed", "SalEntry", "build_directory", "omit_empty", "list_schema", "DAYS",
           "TAXONOMY_NAMES"]

from linkwork.loaders.openreferral import SCHEMAS as _OFFICIAL

#: the profile's compiled list-item schemas, copied unchanged (see loaders/schemas/README.md)
SCHEMAS = _OFFICIAL / "oruk-3.0-compiled"

#: schedule ``byday`` codes, and the day names a query may use for them.
DAYS = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday", "FR": "friday", "SA": "saturday",
        "SU": "sunday"}

#: linkwork's taxonomies as the ORUK surface lists them: name -> (description, URI of the concept scheme).
TAXONOMY_NAMES = {
    "linkwork:service-type": ("What kind of service it is (linkwork's service types).",
                              "https://w3id.org/linkwork/vocab/service-type/"),
    "linkwork:need-domain": ("The need a service meets: drugs, alcohol, housing, mental health...",
                             "https://w3id.org/linkwork/vocab/need/"),
    "linkwork:audience": ("Whom a service is for: women, young people, people leaving prison...",
                          "https://w3id.org/linkwork/vocab/audience/"),
    "linkwork:eligibility": ("The eligibility criteria in force: each attribute's value is the criterion in words.",
                             "https://w3id.org/linkwork/dimension/"),
}

_WORD = re.compile(r"[0-9a-z]+")


@cache
def list_schema(kind: str) -> dict:
    """The profile's compiled schema of one list item: ``service_list`` or ``service_at_location_list``."""
    return json.loads((SCHEMAS / f"{kind}.json").read_text())


def omit_empty(value):
    """``value`` without empty optional fields (None, [] and {}), as the UK profile asks.

    >>> omit_empty({"id": "a", "phones": [], "organization": {"email": None, "name": "x"}})
    {'id': 'a', 'organization': {'name': 'x'}}
    """
    if isinstance(value, dict):
        out = {k: omit_empty(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [omit_empty(v) for v in value]
    return value


@dataclass(frozen=True)
class Filters:
    """The query parameters that select services; None is "any"."""

    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: datetime | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    day: str | None = None  # a byday code: MO..SU
    start_time: time | None = None
    end_time: time | None = None

    @property
    def words(self) -> list[str]:
        return _WORD.findall((self.search or "").lower())


@dataclass(frozen=True)
class Listed:
    """One service: its full record, its list form, and the facts the filters read."""

    id: str
    record: dict
    item: dict
    text: str
    terms: frozenset[str]
    taxonomies: frozenset[str]
    organization: str | None
    min_age: float | None
    max_age: float | None
    modified: datetime | None
    windows: tuple[tuple[frozenset[str], time, time], ...]
    areas: tuple[str, ...]
    position: int = 0  # in Directory.services

    def matches(self, f: Filters) -> bool:
        """Every filter but ``search`` (which :class:`Directory` answers from its word index)."""
        if f.taxonomy_term_id is not None and f.taxonomy_term_id not in self.terms:
            return False
        if f.taxonomy_id is not None and f.taxonomy_id not in self.taxonomies:
            return False
        if f.organization_id is not None and f.organization_id != self.organization:
            return False
        if f.modified_after is not None and (self.modified is None or self.modified < f.modified_after):
            return False
        if f.minimum_age is not None and (self.min_age is None or self.min_age < f.minimum_age):
            return False
        if f.maximum_age is not None and (self.max_age is None or self.max_age > f.maximum_age):
            return False
        if not (f.day or f.start_time or f.end_time):
            return True
        return any((f.day is None or f.day in days) and (f.start_time is None or opens >= f.start_time)
                   and (f.end_time is None or closes <= f.end_time) for days, opens, closes in self.windows)


@dataclass(frozen=True)
class SalEntry:
    """One service at one location: the full entry, its list form, and where it is (if it may be said)."""

    id: str
    service: Listed
    entry: dict
    item: dict
    point: tuple[float, float] | None


@dataclass
class Directory:
    """Every ORUK record of one store version, with the lookups the endpoints need."""

    model: Model
    services: list[Listed] = field(default_factory=list)
    by_id: dict[str, Listed] = field(default_factory=dict)
    sals: list[SalEntry] = field(default_factory=list)
    sal_by_id: dict[str, SalEntry] = field(default_factory=dict)
    taxonomies: list[dict] = field(default_factory=list)
    taxonomy_by_id: dict[str, dict] = field(default_factory=dict)
    terms: list[dict] = field(default_factory=list)
    term_by_id: dict[str, dict] = field(default_factory=dict)

    words: dict[str, list[int]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)

    def with_words(self, words: list[str]) -> set[int] | None:
        """Positions of the services in which every query word begins a word; None if no words are asked for.

        A word index (word -> services), searched by prefix in the sorted vocabulary, so a
        search costs the services it finds rather than a scan of the directory.
        """
        if not words:
            return None
        found: set[int] | None = None
        for w in sorted(set(words), key=len, reverse=True):
            lo = bisect_left(self.vocabulary, w)
            hi = bisect_left(self.vocabulary, w + "\uffff")
            hits = {i for t in self.vocabulary[lo:hi] for i in self.words[t]}
            found = hits if found is None else found & hits
            if not found:
                return set()
        return found

    def services_matching(self, f: Filters) -> list[Listed]:
        if f == Filters():
            return self.services
        hits = self.with_words(f.words)
        pool = self.services if hits is None else [self.services[i] for i in sorted(hits)]
        return [s for s in pool if s.matches(f)]

    def sals_matching(self, f: Filters, *, postcode_area: str | None = None,
                      origin: tuple[float, float] | None = None, within_m: float | None = None) -> list[SalEntry]:
        """Services at locations: by the service filters, a postcode's area, and distance from ``origin``."""
        hits = self.with_words(f.words)
        out = [e for e in self.sals if (hits is None or e.service.position in hits) and e.service.matches(f)] \
            if f != Filters() else list(self.sals)
        if postcode_area is not None:
            out = [e for e in out if not e.service.areas
                   or any(places.contains(self.model, a, postcode_area) for a in e.service.areas)]
        if origin is not None and within_m is not None:
            near = [(places.distance_km(origin, e.point) * 1000, e) for e in out if e.point is not None]
            out = [e for d, e in sorted(near, key=lambda de: (de[0], de[1].id)) if d <= within_m]
        return out


def build_directory(core, model: Model, on: date | None = None) -> Directory:
    """The directory of ``core``'s store as on ``on`` (default today): every record, indexed."""
    records = [omit_empty(r) for r in service_records(data_graph(core.store), "oruk-3.0", on or date.today())]
    area_of = {hsds_id(iri): iri for iri in model.areas}
    d = Directory(model)
    service_list, sal_list = list_schema("service_list"), list_schema("service_at_location_list")
    terms: dict[str, dict] = {}
    for r in records:
        attrs = r.get("attributes", [])
        for a in attrs:
            terms.setdefault(a["taxonomy_term_id"], a["taxonomy_term"])
        s = Listed(
            id=r["id"], record=r, item=cut_to_schema(r, service_list),
            text=" ".join([r["name"], r.get("description", ""), r.get("organization", {}).get("name", ""),
                           *(a["taxonomy_term"]["name"] for a in attrs)]).lower(),
            terms=frozenset(a["taxonomy_term_id"] for a in attrs),
            taxonomies=frozenset(a["taxonomy_term"]["taxonomy_id"] for a in attrs if "taxonomy_id" in a["taxonomy_term"]),
            organization=r.get("organization_id"),
            min_age=r.get("minimum_age"), max_age=r.get("maximum_age"),
            modified=_datetime(r.get("last_modified")),
            windows=tuple(_window(sch) for sch in r.get("schedules", []) if sch.get("opens_at") and sch.get("closes_at")),
            areas=tuple(area_of[a["id"]] for a in r.get("service_areas", []) if a["id"] in area_of),
            position=len(d.services),
        )
        for word in set(_WORD.findall(s.text)):
            d.words.setdefault(word, []).append(s.position)
        d.services.append(s)
        d.by_id[s.id] = s
        full = {k: v for k, v in r.items() if k != "service_at_locations"}
        for sal in r.get("service_at_locations", []):
            loc = sal["location"]
            entry = {"id": sal["id"], "service_id": r["id"], "location_id": loc["id"], "location": loc, "service": full}
            point = (loc["latitude"], loc["longitude"]) if "latitude" in loc and "longitude" in loc else None
            e = SalEntry(sal["id"], s, entry, cut_to_schema(entry, sal_list), point)
            d.sals.append(e)
            d.sal_by_id[e.id] = e
    d.sals.sort(key=lambda e: e.id)
    d.vocabulary = sorted(d.words)
    counts: dict[str, int] = {}
    for t in terms.values():
        counts[t["taxonomy"]] = counts.get(t["taxonomy"], 0) + 1
    for name in sorted(counts):
        words, uri = TAXONOMY_NAMES.get(name, (f"The {name} taxonomy.", None))
        tax = {"id": taxonomy_id(name), "name": name, "description": words}
        if uri:
            tax["uri"] = uri
        d.taxonomies.append(tax)
    d.taxonomies.sort(key=lambda t: t["id"])
    d.taxonomy_by_id = {t["id"]: t for t in d.taxonomies}
    d.terms = sorted(terms.values(), key=lambda t: t["id"])
    d.term_by_id = {t["id"]: t for t in d.terms}
    return d


def _datetime(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            t = datetime.combine(date.fromisoformat(text.rstrip("Z")[:10]), time())
        except ValueError:
            return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _window(sch: dict) -> tuple[frozenset[str], time, time]:
    days = frozenset(d.strip() for d in sch.get("byday", "").split(",") if d.strip()) or frozenset(DAYS)
    return days, _time(sch["opens_at"]), _time(sch["closes_at"])


def _time(text: str) -> time:
    hh, mm = text.split(":")[:2]
    return time(min(int(hh), 23), int(mm[:2]))
