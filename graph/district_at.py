"""Which district a point lies in, from the offline district outlines (viz/outlines.py).

A meeting feed that gives coordinates but no town (BMLT's ``location_municipality``
left empty) is placed by this, so it joins the same areas as everything else.
The outlines are derived from ONS postcode centroids (Open Government Licence
v3.0; docs/geography.md), so a point within about 100 m of a boundary may fall
on either side; a point outside England gives None.

>>> district_at(53.7601, -2.7012).name
'Preston'
>>> district_at(48.85, 2.35) is None
True
"""
from __future__ import annotations

from functools import lru_cache

from linkwork.graph import authorities
from linkwork.graph.authorities import Authority

__all__ = ["district_at"]


@lru_cache(maxsize=1)
def _index():
    import shapely
    from linkwork.viz.outlines import outlines

    features = outlines()["features"]
    shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    return shapely.STRtree(shapes), [f["properties"]["code"] for f in features]


def district_at(latitude: float, longitude: float) -> Authority | None:
    """The local authority district of England whose outline holds the point, or None."""
    import shapely

    tree, codes = _index()
    hits = tree.query(shapely.Point(longitude, latitude), predicate="intersects")
    return authorities.authority(codes[int(hits[0])]) if len(hits) else None
