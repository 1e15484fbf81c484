"""District outlines for maps that work offline: linkwork's own base layer.

``viz/geo/england-districts.geojson`` holds an outline of each of England's 296 local
authority districts, derived from the postcode centroids of the ONS Postcode Directory by
``tools/make_outlines.py`` (a Voronoi tessellation dissolved by district, clipped to a hull
of the points and simplified as a coverage at 100 m; see docs/geography.md). Each feature's
properties are its GSS ``code`` and ONS ``name``; coordinates are WGS84 longitude, latitude.
Derived from ONS data under the Open Government Licence v3.0 (:data:`ATTRIBUTION`).

>>> fc = outlines(["E07000123", "E07000121"])
>>> [f["properties"]["name"] for f in fc["features"]]
['Lancaster', 'Preston']
>>> outlines(["E10000017"])["features"][0]["properties"]
{'code': 'E10000017', 'name': 'Lancashire'}
"""
from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from linkwork.graph import authorities

from linkwork.errors import LinkworkError

__all__ = ["outlines", "area_outlines", "outline_codes", "ATTRIBUTION", "ASSET"]

ASSET = "geo/england-districts.geojson"
ATTRIBUTION = ("District outlines derived from the ONS Postcode Directory. Contains public sector information "
               "licensed under the Open Government Licence v3.0.")


@lru_cache(maxsize=1)
def _collection() -> dict[str, Any]:
    text = resources.files("linkwork.viz").joinpath(ASSET).read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _by_code() -> dict[str, dict[str, Any]]:
    return {f["properties"]["code"]: f for f in _collection()["features"]}


def outline_codes() -> tuple[str, ...]:
    """The district codes that have an outline (every district in England)."""
    return tuple(_by_code())


@lru_cache(maxsize=64)
def _county(code: str) -> dict[str, Any]:
    import shapely

    parts = [shapely.from_geojson(json.dumps(_by_code()[c]["geometry"])) for c in authorities.districts_of(code)]
    merged = shapely.coverage_union_all(parts)
    merged = shapely.set_precision(merged, 1e-5)
    return {"type": "Feature", "properties": {"code": code, "name": authorities.authority(code).name},
            "geometry": json.loads(shapely.to_geojson(merged, indent=None))}


def _feature(code: str) -> dict[str, Any] | None:
    if code in _by_code():
        return _by_code()[code]
    a = authorities.authority(code)
    if a is not None and a.kind == "county":
        return _county(code)
    return None


def outlines(codes: Iterable[str] | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the outlines of ``codes`` (every district when ``None``),
    in code order. A county's code (E10) gives the county as one outline, the union of its
    districts. The collection is the caller's to change.

    Raises
    ------
    LinkworkError
        naming the codes that have no outline (not a current district or county in England).
    """
    wanted = sorted(set(codes)) if codes is not None else list(_by_code())
    found = {c: _feature(c) for c in wanted}
    missing = [c for c, f in found.items() if f is None]
    if missing:
        raise LinkworkError(f"no district outline for {', '.join(missing)}: "
                            "not a current local authority district or county code in England")
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION,
            "features": [copy.deepcopy(found[c]) for c in wanted]}


def area_outlines(model) -> dict[str, Any]:
    """The outlines of the store's areas that carry a district or county GSS code, each
    feature's properties also naming the ``area`` IRI and the store's own ``label``: the
    base layer of a map of the store's areas (the demo's 12 districts, 2 unitaries and county).
    """
    by_code = {code: iri for code, iri in sorted(model.gss_areas.items()) if _feature(code) is not None}
    fc = outlines(by_code)
    for f in fc["features"]:
        iri = by_code[f["properties"]["code"]]
        f["properties"] |= {"area": iri, "label": model.areas[iri].label}
    return fc
