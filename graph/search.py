"""Find organisations, services, locations, meetings and community assets: the one search
behind ``linkwork search`` and the API's ``GET /search``, so both give the same records.

A plain function over the compiled model: no SPARQL, nothing pasted into a query.
Every filter narrows; a filter that does not apply to a kind of record (a fellowship
for an organisation, opening hours for a location) leaves that kind out, so
``fellowship=aa`` lists meetings only. A confidential place is searched and measured
by its area only, so no answer (nor its absence) reveals where it is.

>>> from linkwork.graph.model import Entry, Model
>>> m = Model(entries={"urn:a": Entry("urn:a", "meeting", "Step by step", fellowship="aa"),
...                    "urn:b": Entry("urn:b", "service", "Drug team", domains=frozenset({"drugs"}))})
>>> [h["id"] for h in search(m, SearchQuery(fellowships=frozenset({"aa"}))).hits]
['urn:a']
>>> search(m, SearchQuery(text="drug")).total
1
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from linkwork.graph.confidential import public_place
from linkwork.graph.model import Entry, Location, Model, Organisation
from linkwork.graph.opening import meeting_day
from linkwork.graph.places import area_point, entry_point, nearest, origin_point, resolve_area

from linkwork.errors import LinkworkError

__all__ = ["KINDS", "WELCOMES", "SearchQuery", "SearchPage", "SearchError", "search", "entry_hours", "attendance_mode", "public_location", "contact_rows"]

#: The kinds of record a search can return, in the order results list them when no distance orders them.
KINDS = ("organisation", "service", "location", "meeting", "asset")
#: ``welcomes`` values -> the audience key that says so (ontology/vocab/audiences.ttl)
WELCOMES = {"on-script": "script-welcome", "still-using": "still-using-welcome"}
#: The most records one page may hold.
MAX_PER_PAGE = 200
_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]


class SearchError(LinkworkError):
    """A search filter that cannot be used, naming the filter (``field``) and why; never echoing free text."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


@dataclass(frozen=True)
class SearchQuery:
    """What to look for; every field left out matches everything."""

    kinds: frozenset[str] = frozenset()
    #: words that must all appear in the record's name, description, types or provider (any case)
    text: str | None = None
    domains: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    #: an area name, IRI or postcode district: records serving or located in it
    area: str | None = None
    #: a postcode, postcode district or area name to measure distance from; results come nearest first
    near: str | None = None
    within_km: float | None = None
    #: open at this moment (hours not known: left out)
    open_at: datetime | None = None
    #: open on this day (0 = Sunday), at ``at`` if given
    day: int | None = None
    at: time | None = None
    attendance: frozenset[str] = frozenset()  # in-person, online, hybrid
    fellowships: frozenset[str] = frozenset()
    #: meeting-type keys (women, secular) or Meeting Guide codes (W, SEC): meetings with every one
    meeting_types: frozenset[str] = frozenset()
    #: on-script, still-using: records that say they welcome such people
    welcomes: frozenset[str] = frozenset()
    #: records in force on this day (default: today)
    on: date | None = None
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class SearchPage:
    """One page of results: ``hits`` as plain data (see ``linkwork.api.schemas.search``)."""

    total: int
    page: int
    per_page: int
    hits: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "page": self.page, "per_page": self.per_page, "pages": self.pages, "hits": self.hits}


def search(model: Model, query: SearchQuery, *, staff: bool = False) -> SearchPage:
    """One page of the records matching every filter of ``query``, nearest first when
    ``near`` is given, else by kind and name.

    Staff-only contacts (a professionals' referral line) are shown only with ``staff``:
    for navigators and above, never in a public answer.

    Raises
    ------
    SearchError
        for an unknown kind, area or vocabulary key, or a page out of range.
    linkwork.graph.postcodes.PostcodeError
        for a ``near`` postcode the directory does not know.
    """
    q = _checked(model, query)
    on = q.on or date.today()
    area = resolve_area(model, q.area) if q.area else None
    if q.area and area is None:
        raise SearchError("area", "no area of that name, IRI or postcode district in the store")
    origin = origin_point(model, q.near) if q.near else None
    if q.near and origin is None:
        raise SearchError("near", "no area of that name or postcode district in the store")
    if q.within_km is not None and origin is None:
        raise SearchError("within_km", "needs near (a postcode, postcode district or area to measure from)")

    rows: list[tuple[tuple, str, Any]] = []  # (sort key, kind, record)
    distances = _distances(model, origin, q.within_km) if origin else None
    for kind, rec in _candidates(model, q, on):
        if not _matches(model, q, kind, rec, area, on):
            continue
        d = None
        if distances is not None:
            d = _distance_of(model, kind, rec, distances)
            if d is None and (q.within_km is not None or kind != "meeting"):
                continue  # nowhere to measure from: only online meetings stay, and only without a radius
            if d is not None and q.within_km is not None and d > q.within_km:
                continue
        key = (d if d is not None else float("inf"),) if distances is not None else ()
        rows.append(((*key, KINDS.index(kind), _label(rec).casefold(), rec.iri), kind, (rec, d)))
    rows.sort(key=lambda r: r[0])
    start = (q.page - 1) * q.per_page
    hits = [_hit(model, kind, rec, d, on, staff) for _, kind, (rec, d) in rows[start:start + q.per_page]]
    return SearchPage(len(rows), q.page, q.per_page, hits)


# ---------------------------------------------------------------- checking the query
def _local(t: datetime | None) -> datetime | None:
    """A moment as the wall-clock time opening hours are written in (UK time), without a zone.

    >>> _local(datetime.fromisoformat("2026-07-01T18:30:00+00:00"))
    datetime.datetime(2026, 7, 1, 19, 30)
    """
    if t is None or t.tzinfo is None:
        return t
    return t.astimezone(ZoneInfo("Europe/London")).replace(tzinfo=None)


def _checked(model: Model, q: SearchQuery) -> SearchQuery:
    bad = sorted(set(q.kinds) - set(KINDS))
    if bad:
        raise SearchError("kind", f"must be one of {', '.join(KINDS)}")
    meeting_types = frozenset(model.meeting_codes.get(t, t) for t in q.meeting_types)  # a Meeting Guide code or a key
    for name, values, scheme in (("domain", q.domains, "need"), ("type", q.types, "service-type"),
                                 ("attendance", q.attendance, "attendance-mode"), ("fellowship", q.fellowships, "fellowship"),
                                 ("meeting_type", meeting_types, "meeting-type")):
        allowed = model.schemes.get(scheme)
        if allowed and not set(values) <= allowed:
            raise SearchError(name, f"not a key of the {scheme} list (see `linkwork search --help`)")
    if not set(q.welcomes) <= set(WELCOMES):
        raise SearchError("welcomes", f"must be one of {', '.join(WELCOMES)}")
    if q.day is not None and not 0 <= q.day <= 6:
        raise SearchError("day", "must be 0 (Sunday) to 6 (Saturday)")
    if q.at is not None and q.day is None:
        raise SearchError("time", "needs day")
    if q.open_at is not None and q.day is not None:
        raise SearchError("open_at", "give open_at or day, not both")
    if q.within_km is not None and q.within_km < 0:
        raise SearchError("within_km", "must not be negative")
    if q.page < 1:
        raise SearchError("page", "must be 1 or more")
    if not 1 <= q.per_page <= MAX_PER_PAGE:
        raise SearchError("per_page", f"must be 1 to {MAX_PER_PAGE}")
    text = " ".join(q.text.split()) if q.text else None
    return replace(q, text=text or None, open_at=_local(q.open_at), at=q.at.replace(tzinfo=None) if q.at else None, meeting_types=frozenset(model.meeting_codes.get(t, t) for t in q.meeting_types))


# ---------------------------------------------------------------- candidates and filters
def _candidates(model: Model, q: SearchQuery, on: date) -> Iterable[tuple[str, Any]]:
    kinds = set(q.kinds) or set(KINDS)
    entry_only = bool(q.open_at or q.day is not None or q.attendance)
    meeting_only = bool(q.fellowships or q.meeting_types)
    if "organisation" in kinds and not (entry_only or meeting_only or q.welcomes):
        for o in model.organisations.values():
            if o.in_force(on):
                yield "organisation", o
    if "location" in kinds and not (entry_only or meeting_only or q.welcomes):
        for loc in _locations(model):
            yield "location", loc
    for e in model.entries.values():
        if e.kind in kinds and e.in_force(on) and (e.kind == "meeting" or not meeting_only):
            yield e.kind, e


def _locations(model: Model) -> list[Location]:
    """Every location something is at (a location no record uses is not a place anyone can go)."""
    at = _at(model)
    return [loc for iri, loc in model.locations.items() if iri in at]


def _at(model: Model) -> dict[str, list[Entry]]:
    """Location IRI -> the entries there, built once per model."""
    return _index(model)[0]


def _runs(model: Model) -> dict[str, list[Entry]]:
    """Organisation IRI -> the entries it provides, built once per model."""
    return _index(model)[1]


def _index(model: Model) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]]]:
    got = model.cache.get("search.index")
    if got is None or got[0] is not model.entries:
        at: dict[str, list[Entry]] = {}
        runs: dict[str, list[Entry]] = {}
        for e in model.entries.values():
            if e.location is not None:
                at.setdefault(e.location.iri, []).append(e)
            if e.provider:
                runs.setdefault(e.provider, []).append(e)
        got = model.cache["search.index"] = (model.entries, at, runs)
    return got[1], got[2]


def _matches(model: Model, q: SearchQuery, kind: str, rec: Any, area: str | None, on: date) -> bool:
    if kind == "organisation":
        return _organisation_matches(model, q, rec, area, on)
    if kind == "location":
        return _location_matches(model, q, rec, area, on)
    e: Entry = rec
    if q.text and not _has_words(q.text, _entry_words(model, e)):
        return False
    if q.domains and e.domains.isdisjoint(q.domains):
        return False
    if q.types and e.types.isdisjoint(q.types):
        return False
    if area is not None and not _serves(model, e.areas, area):
        return False
    if q.attendance and attendance_mode(e) not in q.attendance:
        return False
    if q.fellowships and e.fellowship not in q.fellowships:
        return False
    if q.meeting_types and not q.meeting_types <= e.meeting_types:
        return False
    if q.welcomes and not {WELCOMES[w] for w in q.welcomes} <= e.audiences:
        return False
    if q.open_at is not None:
        return _open_at(e, meeting_day(q.open_at), q.open_at.time())
    if q.day is not None:
        return _open_at(e, q.day, q.at)
    return True


def attendance_mode(e: Entry) -> str | None:
    """How the entry is attended: as recorded, else in person when it has a place, else not known."""
    if e.attendance_mode:
        return e.attendance_mode
    return "in-person" if e.location is not None else None


def _open_at(e: Entry, day: int, at: time | None) -> bool:
    """Open on ``day`` (at ``at``, if given); hours not known never match."""
    if e.always_open:
        return True
    return any(h.day == day and (at is None or h.opens <= at < h.closes) for h in e.hours)


def _organisation_matches(model: Model, q: SearchQuery, o: Organisation, area: str | None, on: date) -> bool:
    if q.text and not _has_words(q.text, [o.label, o.description, o.type or ""]):
        return False
    if not (q.domains or q.types or area is not None):
        return True
    runs = [e for e in _runs(model).get(o.iri, ()) if e.in_force(on)]
    return any((not q.domains or not e.domains.isdisjoint(q.domains)) and (not q.types or not e.types.isdisjoint(q.types))
               and (area is None or _serves(model, e.areas, area)) for e in runs)


def _location_matches(model: Model, q: SearchQuery, loc: Location, area: str | None, on: date) -> bool:
    at = [e for e in _at(model).get(loc.iri, ()) if e.in_force(on)]
    if not at:
        return False
    if q.text:
        words = [model.label(loc.area) if loc.area else ""]
        if not loc.confidential:  # a confidential place is found by its area, never by its name
            words.append(loc.label)
            words.extend(e.label for e in at)
        if not _has_words(q.text, words):
            return False
    if area is not None and not (loc.area and _within(model, loc.area, area)):
        return False
    return not (q.domains or q.types) or any(
        (not q.domains or not e.domains.isdisjoint(q.domains)) and (not q.types or not e.types.isdisjoint(q.types)) for e in at)


def _entry_words(model: Model, e: Entry) -> list[str]:
    words = [e.label, e.description, e.fellowship or "", model.label(e.provider) if e.provider else ""]
    words.extend(t.replace("-", " ") for t in e.types)
    words.extend(d.replace("-", " ") for d in e.domains)
    return words


def _has_words(text: str, haystack: Iterable[str]) -> bool:
    hay = " ".join(h for h in haystack if h).casefold()
    return all(w in hay for w in text.casefold().split())


def _serves(model: Model, areas: tuple[str, ...], area: str) -> bool:
    """Whether something serving ``areas`` serves people in ``area`` or lies within it (no area: everywhere)."""
    if not areas:
        return True
    return any(_within(model, a, area) or _within(model, area, a) for a in areas)


def _within(model: Model, inner: str, outer: str) -> bool:
    a = model.areas.get(inner)
    return inner == outer or (a is not None and outer in a.ancestors)


# ---------------------------------------------------------------- distance
def _distances(model: Model, origin: tuple[float, float], within_km: float | None) -> dict[str, float]:
    """Entry IRI -> km from ``origin``, confidential places by their area's centre."""
    return {e.iri: d for d, e in nearest(model, origin, within_km=within_km, public=True)}


def _distance_of(model: Model, kind: str, rec: Any, distances: dict[str, float]) -> float | None:
    if kind in ("service", "meeting", "asset"):
        d = distances.get(rec.iri)
        return None if d is None else round(d, 2)
    if kind == "location":
        at = [distances[e.iri] for e in _at(model).get(rec.iri, ()) if e.iri in distances]
        return round(min(at), 2) if at else None
    runs = [distances[e.iri] for e in _runs(model).get(rec.iri, ()) if e.iri in distances]
    return round(min(runs), 2) if runs else None


# ---------------------------------------------------------------- rows
def _label(rec: Any) -> str:
    return rec.label if not (isinstance(rec, Location) and rec.confidential) else ""


def entry_hours(e: Entry) -> list[str]:
    """Opening windows as ``Mon 09:00-17:00`` (as ``linkwork route`` shows them)."""
    return [f"{_DAYS[h.day]} {h.opens:%H:%M}-{h.closes:%H:%M}" for h in e.hours] or (["always open"] if e.always_open else [])


def public_location(model: Model, loc: Location) -> dict[str, Any]:
    """A location as any response may show it: a confidential one as its area only (no id, name or point)."""
    area = _ref(model, loc.area)
    if loc.confidential:  # the one rendering every output uses: an opaque id, the area, a name saying only that
        place = public_place(loc.iri, loc.area, model.label(loc.area) if loc.area else None, _place_key(model))
        return {"id": place.id, "label": place.name, "area": area, "point": None, "confidential": True}
    point = [loc.lat, loc.lon] if loc.lat is not None and loc.lon is not None else None
    return {"id": loc.iri, "label": loc.label or None, "area": area,
            "point": point or (list(p) if (p := area_point(model, loc.area)) else None), "confidential": False}


def _place_key(model: Model) -> bytes:
    """The store's key for opaque place ids; a model built by hand gets one for its lifetime."""
    if not model.place_key:
        model.place_key = secrets.token_bytes(32)
    return model.place_key


def _ref(model: Model, iri: str | None) -> dict[str, str] | None:
    return {"id": iri, "label": model.label(iri)} if iri else None


def contact_rows(e: Entry, *, staff: bool) -> list[dict[str, Any]]:
    """The entry's contacts as rows; staff-only ones only with ``staff``."""
    return [{"title": c.title, "telephone": c.telephone, "email": c.email, "staff_only": c.staff_only}
            for c in e.contacts if staff or not c.staff_only]


def _hit(model: Model, kind: str, rec: Any, d: float | None, on: date, staff: bool = False) -> dict[str, Any]:
    if kind == "organisation":
        o: Organisation = rec
        services = sorted(e.iri for e in _runs(model).get(o.iri, ()) if e.in_force(on))
        return {"id": o.iri, "kind": kind, "label": o.label, "description": o.description or None, "org_type": o.type,
                "distance_km": d, "services": services, "source": o.source, "lines": o.lines,
                "last_verified": o.last_verified}
    if kind == "location":
        loc: Location = rec
        at = sorted(e.iri for e in _at(model).get(loc.iri, ()) if e.in_force(on))
        shown = public_location(model, loc)
        return {"id": shown["id"], "kind": kind, "label": shown["label"], "distance_km": d, "location": shown, "services": at}
    e: Entry = rec
    point = entry_point(model, e, public=True)
    return {
        "id": e.iri, "kind": kind, "label": e.label, "description": e.description or None,
        "types": sorted(e.types), "domains": sorted(e.domains),
        "areas": [_ref(model, a) for a in e.areas], "distance_km": d,
        "attendance_mode": attendance_mode(e), "fellowship": e.fellowship,
        "meeting_types": sorted(e.meeting_types), "audiences": sorted(e.audiences), "hours": entry_hours(e),
        "provider": _ref(model, e.provider), "url": e.url, "contacts": contact_rows(e, staff=staff),
        "location": public_location(model, e.location) if e.location is not None else None,
        "point": None if point is None or (e.location is not None and e.location.confidential) else list(point),
        "source": e.source, "lines": e.lines, "last_verified": e.last_verified,
    }
