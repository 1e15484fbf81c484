"""Where people and services are: resolving a place name or postcode district to an
area, and travel distances between centroids. No addresses are ever needed.

>>> round(distance_km((53.7632, -2.7031), (54.0466, -2.8007)), 1)  # Preston to Lancaster
32.2
"""
from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

from linkwork.graph.model import Area, Entry, Model

__all__ = ["resolve_area", "distance_km", "entry_point", "area_point", "contains"]


def resolve_area(model: Model, text: str | None) -> str | None:
    """The area IRI for an area IRI, an area name (any case) or a postcode district such as ``PR1``."""
    if not text:
        return None
    if text in model.areas:
        return text
    key = text.strip().upper().replace(" ", "")
    if key in model.postcode_areas:
        return model.postcode_areas[key]
    # a full postcode: keep only the outward code (we never need the rest)
    if len(key) > 4 and key[:-3] in model.postcode_areas:
        return model.postcode_areas[key[:-3]]
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
