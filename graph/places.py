"""Where people and services are: resolving a place name or postcode district to an
area, and travel distances between centroids. No addresses are ever needed.

>>> round(distance_km((53.7632, -2.7031), (54.0466, -2.8007)), 1)  # Preston to Lancaster
32.2
"""
from __future__ import annotations

import re
from math import asin, cos, radians, sin, sqrt

from linkwork.graph.model import Area, Entry, Model

__all__ = ["resolve_area", "looks_like_address", "distance_km", "entry_point", "area_point", "contains"]

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
    """The area IRI for an area IRI, an area name (any case) or a postcode district such as ``PR1``.

    A full postcode is not an area: it resolves to nothing (profiles refuse it, see :func:`looks_like_address`).
    """
    if not text:
        return None
    if text in model.areas:
        return text
    key = text.strip().upper().replace(" ", "")
    if key in model.postcode_areas:
        return model.postcode_areas[key]
    lowered = text.strip().lower()
    matches = sorted(a.iri for a in model.areas.values() if a.label.lower() == lowered)
    return matches[0] if matches else None


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
