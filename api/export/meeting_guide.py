"""Meeting Guide JSON out: every meeting as the code4recovery spec lists it.

The loader's mapping run backwards, so a feed loaded and exported keeps its
slugs, days, times, types, places and links. Confidential places show their
area only (``approximate: "yes"``, no address or coordinates).
"""
from __future__ import annotations

import json

from linkwork.api.export.data import confidential, data_graph, label, of_type, text
from linkwork.graph.namespaces import LW
from linkwork.loaders.records import vocabulary
from rdflib import URIRef
from rdflib.namespace import DCTERMS, SKOS

__all__ = ["export_meeting_guide", "meetings"]


def export_meeting_guide(store, **_) -> str:
    return json.dumps(meetings(data_graph(store)), indent=2, ensure_ascii=False) + "\n"


def _codes() -> dict[URIRef, str]:
    from linkwork.ontology import ontology_graph

    g = ontology_graph()
    return {c: str(g.value(c, LW.meetingGuideCode)) for c in set(vocabulary("meeting-type").values())
            if g.value(c, LW.meetingGuideCode) is not None}


def meetings(g) -> list[dict]:
    codes = _codes()
    out = []
    for s in of_type(g, LW.Meeting):
        m: dict = {"name": label(g, s), "slug": text(g, s, LW.slug) or str(s).rsplit("/", 1)[-1]}
        days = sorted(int(d) for d in g.objects(s, LW.day))
        if days and text(g, s, LW.opens):
            m["day"] = days[0] if len(days) == 1 else days
            m["time"] = text(g, s, LW.opens)
            if text(g, s, LW.closes):
                m["end_time"] = text(g, s, LW.closes)
        m["types"] = sorted(codes[t] for t in g.objects(s, LW.meetingType) if t in codes)
        for fld, prop in (("url", LW.url), ("conference_url", LW.conferenceUrl), ("conference_phone", LW.conferencePhone),
                          ("timezone", LW.timezone), ("notes", LW.notes)):
            if text(g, s, prop):
                m[fld] = text(g, s, prop)
        mode = g.value(s, LW.attendanceMode)
        if mode is not None:
            m["attendance_option"] = str(mode).rsplit("/", 1)[-1].replace("-", "_")
        if g.value(s, LW.updated) is not None:
            m["updated"] = str(g.value(s, LW.updated)).replace("T", " ")[:19]
        group = g.value(s, LW.group)
        if group is not None:
            m["group"] = label(g, group)
        _place(g, s, m)
        org = g.value(s, DCTERMS.publisher)
        if org is not None:
            m["entity"] = label(g, org)
            for fld, prop in (("entity_url", LW.url), ("entity_email", LW.email), ("entity_phone", LW.telephone),
                              ("entity_location", LW.notes)):
                if text(g, org, prop):
                    m[fld] = text(g, org, prop)
        out.append(m)
    return sorted(out, key=lambda m: m["slug"])


def _place(g, s, m: dict) -> None:
    area = g.value(s, LW.areaServed)
    loc = g.value(s, LW.location)
    if area is not None:
        chain: list[str] = []
        a = area
        while a is not None and len(chain) < 6:
            chain.append(label(g, a))
            a = g.value(a, LW.partOf)
        m["regions"] = list(reversed(chain))
    if loc is None:
        return
    if confidential(g, loc):
        m["formatted_address"] = label(g, area) if area is not None else ""
        m["approximate"] = "yes"
        return
    if g.value(loc, SKOS.prefLabel) or g.value(loc, URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
        m["location"] = label(g, loc)
    if text(g, loc, LW.address):
        m["formatted_address"] = text(g, loc, LW.address)
    for fld, prop in (("latitude", LW.latitude), ("longitude", LW.longitude)):
        if g.value(loc, prop) is not None:
            m[fld] = float(g.value(loc, prop))
    if g.value(loc, LW.approximate) is not None:
        m["approximate"] = "yes" if g.value(loc, LW.approximate).toPython() else "no"
