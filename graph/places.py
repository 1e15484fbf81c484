"""Where people and services are: resolving a place name, postcode district or postcode to an
area, and travel distances between points. No addresses are ever needed.

Postcodes and postcode districts anywhere in England resolve through the real ONS
Postcode Directory (:mod:`linkwork.graph.postcodes`) to their local authority district's
GSS code, and from there to the store's area carrying that ``lw:gssCode`` (or, for a
non-metropolitan district the store does not hold, to its county's). This module is the
model-dependent half; the lookups themselves know nothing of the store.

>>> round(distance_km((53.7632, -2.7031), (54.0466, -2.8007)), 1)  # Preston to Lancaster
32.2
"""
from __future__ import annotations

import re
from math import asin, cos, radians, sin, sqrt

import numpy as np
from linkwork.graph import authorities, postcodes
from linkwork.graph.model import Area, Entry, Model

__all__ = ["resolve_area", "looks_like_address", "resolve_postcode", "area_of_district", "distance_km", "entry_point", "area_point",
           "contains", "origin_point", "nearest"]

#: A postcode district (the outward code): PR1, M1, SW1A, BB10.
_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
#: The last word of a street's name; a place called "X Lane" is a street, not an area.
_STREET_WORDS = frozenset({
    "street", "st", "road", "rd", "lane", "ln", "avenue", "ave", "drive", "close", "crescent", "terrace",
    "grove", "mews", "way", "parade", "boulevard",
})


def looks_like_address(text: str) -> bool:
    """Whether ``text`` is more precise than an area: a street address, a house number or a full postcode.

    A person's area is a district, a town or a postcode district, never where
    they live: anything with a number in it other than a postcode district, or
    naming a street, is refused rather than quietly cut down.

    >>> [looks_like_address(t) for t in ("Preston", "PR1", "sw1a", "Kingston upon Hull, City of", "Whitley Bay")]
    [False, False, False, False, False]
    >>> [looks_like_address(t) for t in ("PR1 2HE", "pr12he", "14 Mill Lane", "Mill Lane, Preston", "Flat 2", "PR1 2")]
    [True, True, True, True, True, True]
    """
    t = text.strip()
    if t.startswith(("http://", "https://", "urn:")):
        return False
    if any(c.isdigit() for c in t):
        return not _DISTRICT.fullmatch(t.upper())
    for part in t.split(","):
        words = part.lower().replace(".", " ").split()
        if len(words) >= 2 and words[-1] in _STREET_WORDS:
            return True
    return False


def resolve_area(model: Model, text: str | None) -> str | None:
    """The area IRI for an area IRI, an area name (any case), a postcode district such as ``PR1``
    or a full postcode; ``None`` when the store has no area for it.

    A full postcode is placed by the real directory (then by the store's area for its
    postcode district, if that lies within); a postcode district by the store's
    ``lw:postcodeDistrict`` first, then by the directory. A postcode the directory does
    not know falls back to its postcode district.
    """
    if not text:
        return None
    if text in model.areas:
        return text
    key = text.strip().upper().replace(" ", "")
    if postcodes.is_postcode(text):
        try:
            got = resolve_postcode(model, text)
        except postcodes.PostcodeError:
            got = None
        if got:
            return got
    if key in model.postcode_areas:
        return model.postcode_areas[key]
    # a full postcode: keep only the outward code (we never need the rest)
    if len(key) > 4 and key[:-3] in model.postcode_areas:
        return model.postcode_areas[key[:-3]]
    if postcodes.is_postcode_district(text):
        try:
            return resolve_postcode(model, text)
        except postcodes.PostcodeError:
            return None
    lowered = text.strip().lower()
    matches = sorted(a.iri for a in model.areas.values() if a.label.lower() == lowered)
    return matches[0] if matches else None


def resolve_postcode(model: Model, text: str) -> str | None:
    """The store's area for a postcode or postcode district, through the real directory.

    A full postcode goes to its own district; a postcode district to the district most
    of its postcodes lie in. Where the store maps the postcode district to an area inside
    that district (a town), the town is given.

    >>> from linkwork.graph.model import Area
    >>> m = Model(areas={"urn:preston": Area("urn:preston", "Preston", "district", (), frozenset({"urn:preston"}),
    ...                                      gss_code="E07000123")}, gss_areas={"E07000123": "urn:preston"})
    >>> resolve_postcode(m, "pr1 2he"), resolve_postcode(m, "PR2"), resolve_postcode(m, "M1 1AE")
    ('urn:preston', 'urn:preston', None)

    Raises
    ------
    linkwork.graph.postcodes.PostcodeError
        malformed, or not in the directory.
    """
    pc = postcodes.normalise(text)
    area = area_of_district(model, postcodes.locate(pc).district_code)
    town = model.postcode_areas.get(pc.split(" ")[0])
    if area and town and area in model.areas[town].ancestors:
        return town
    return area


def area_of_district(model: Model, code: str) -> str | None:
    """The store's area with a local authority district's GSS code, else its county's."""
    iri = model.gss_areas.get(code)
    if iri is None:
        county = authorities.county_of(code)
        iri = model.gss_areas.get(county) if county else None
    return iri


def contains(model: Model, outer: str, inner: str) -> bool:
    """Whether area ``inner`` lies within (or is) area ``outer``."""
    a = model.areas.get(inner)
    return a is not None and outer in a.ancestors


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(radians, (a[0], a[1], b[0], b[1]))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(h))


def area_point(model: Model, iri: str | None) -> tuple[float, float] | None:
    """An area's centroid, or the nearest enclosing area's."""
    seen = set()
    while iri and iri not in seen:
        seen.add(iri)
        a: Area | None = model.areas.get(iri)
        if a is None:
            return None
        if a.lat is not None and a.lon is not None:
            return (a.lat, a.lon)
        iri = a.parents[0] if a.parents else None
    return None


def entry_point(model: Model, entry: Entry, *, public: bool = False) -> tuple[float, float] | None:
    """Where an entry is: its location, else its area's centroid.

    With ``public=True`` a confidential location is given only as its area's centroid.
    """
    loc = entry.location
    if loc is not None and loc.lat is not None and loc.lon is not None and not (public and loc.confidential):
        return (loc.lat, loc.lon)
    if loc is not None and loc.area:
        return area_point(model, loc.area)
    return area_point(model, entry.areas[0]) if entry.areas else None


def origin_point(model: Model, text: str | None) -> tuple[float, float] | None:
    """Where distances are measured from for what a person gave: a full postcode's own point,
    a postcode district's centre (both from the real directory), else their area's centroid.

    Raises
    ------
    linkwork.graph.postcodes.PostcodeError
        for text of a postcode's form that the directory does not place, so a search
        "near PR1 9ZZ" is refused rather than measured from somewhere else.
    """
    if not text:
        return None
    if postcodes.is_postcode(text) or postcodes.is_postcode_district(text):
        p = postcodes.locate(text)
        return (p.lat, p.lon)
    return area_point(model, resolve_area(model, text))


def _points(model: Model, public: bool) -> tuple[list[str], np.ndarray, np.ndarray]:
    key = ("places.points", public)
    got = model.cache.get(key)
    if got is None or got[0] is not model.entries:
        iris, lats, lons = [], [], []
        for e in model.entries.values():
            p = entry_point(model, e, public=public)
            if p is not None:
                iris.append(e.iri)
                lats.append(p[0])
                lons.append(p[1])
        got = model.cache[key] = (model.entries, iris, np.radians(lats), np.radians(lons))
    return got[1], got[2], got[3]


def nearest(model: Model, origin: tuple[float, float], *, within_km: float | None = None,
            among: set[str] | None = None, public: bool = True) -> list[tuple[float, Entry]]:
    """Entries by distance from ``origin``, nearest first (then by IRI), as (km, entry);
    entries with no place (online only) are left out.

    With ``public=True`` (the default) a confidential location counts as its area's
    centroid, as every public answer shows it. ``among`` keeps only those IRIs.

    >>> from linkwork.graph.model import Location
    >>> m = Model(entries={"urn:a": Entry("urn:a", "service", "A", location=Location("urn:l", None, 53.76, -2.70)),
    ...                    "urn:b": Entry("urn:b", "service", "B", location=Location("urn:m", None, 54.05, -2.80))})
    >>> [(round(d), e.label) for d, e in nearest(m, (53.76, -2.70))]
    [(0, 'A'), (33, 'B')]
    >>> [e.label for _, e in nearest(m, (53.76, -2.70), within_km=10)]
    ['A']
    """
    iris, lat, lon = _points(model, public)
    if not iris:
        return []
    lat0, lon0 = radians(origin[0]), radians(origin[1])
    h = np.sin((lat - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    km = 2 * 6371.0 * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    keep = np.ones(len(iris), dtype=bool) if within_km is None else km <= within_km
    rows = [(float(km[i]), iris[i]) for i in np.flatnonzero(keep) if among is None or iris[i] in among]
    rows.sort()
    return [(d, model.entries[i]) for d, i in rows]
