"""GeoJSON out: services, meetings, community assets and touchpoints as points on a map.

A confidential location is drawn at its area's point (where the area has one)
and says only the area's name, never its own coordinates.
"""
from __future__ import annotations

import json

from linkwork.api.export.data import code, confidential, data_graph, label, of_type, text
from linkwork.graph.namespaces import LW

__all__ = ["export_geojson", "features"]

_KINDS = ((LW.Service, "service"), (LW.Meeting, "meeting"), (LW.CommunityAsset, "asset"), (LW.Touchpoint, "touchpoint"))


def export_geojson(store, **_) -> str:
    g = data_graph(store)
    return json.dumps({"type": "FeatureCollection", "features": features(g)}, indent=1, ensure_ascii=False) + "\n"


def features(g) -> list[dict]:
    out = []
    for cls, kind in _KINDS:
        for s in of_type(g, cls):
            places = list(g.objects(s, LW.location)) or ([s] if g.value(s, LW.latitude) is not None else [])
            for loc in places:
                f = _feature(g, s, kind, loc)
                if f is not None:
                    out.append(f)
    return out


def _point(g, node) -> list[float] | None:
    lat, lon = g.value(node, LW.latitude), g.value(node, LW.longitude)
    return [round(float(lon), 6), round(float(lat), 6)] if lat is not None and lon is not None else None


def _feature(g, s, kind: str, loc) -> dict | None:
    area = g.value(loc, LW.withinArea) or g.value(s, LW.areaServed)
    props = {"id": str(s), "kind": kind, "name": label(g, s), "area": label(g, area) if area is not None else None}
    for prop, key in ((LW.serviceType, "service_type"), (LW.meetingType, "meeting_types"), (LW.assetKind, "asset_kind"),
                      (LW.touchpointType, "touchpoint_type")):
        values = sorted(code(v) for v in g.objects(s, prop))
        if values:
            props[key] = values if key == "meeting_types" else values[0]
    if text(g, s, LW.url):
        props["url"] = text(g, s, LW.url)
    if confidential(g, loc):
        props["confidential"] = True
        point = _point(g, area) if area is not None else None
    else:
        point = _point(g, loc)
        if text(g, loc, LW.address):
            props["address"] = text(g, loc, LW.address)
    if point is None:
        return None
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": point}, "properties": props}
