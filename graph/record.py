"""One record shown whole: ``linkwork show ID`` and ``GET /records/{id}``.

A service, meeting or asset comes with its rules and exclusions (each criterion
with its dates, source and last-verified day), the referral routes into and out
of it, where it is (a confidential place as its area only), and its provenance:
the research source and lines, the last-verified date, and which loaded source
holds it. Organisations, locations and touchpoints are shown with what they run
or hold. Ids are looked up in the compiled model, never pasted into a query.

>>> from linkwork.graph.model import Entry, Model
>>> m = Model(entries={"https://x.org/cdt": Entry("https://x.org/cdt", "service", "Drug team")})
>>> find_record(m, "cdt")
('entry', 'https://x.org/cdt')
>>> record(m, "https://x.org/cdt")["label"]
'Drug team'
"""
from __future__ import annotations

from datetime import date
from typing import Any

from linkwork.graph.model import Criterion, Entry, Exclusion, Model, Organisation, Route, Rule, key_of
from linkwork.graph.search import attendance_mode, contact_rows, entry_hours, public_location

from linkwork.errors import LinkworkError

__all__ = ["RecordNotFound", "find_record", "record", "criterion_row", "route_row"]


class RecordNotFound(LinkworkError):
    """No record with that id (or short name); the API answers 404."""

    def __init__(self, ident: str, *, ambiguous: list[str] | None = None):
        if ambiguous:
            super().__init__(f"{len(ambiguous)} records end in that name; give the full id, one of: {', '.join(ambiguous[:5])}")
        else:
            super().__init__("no record with that id (see `linkwork search`)")
        self.ident = ident
        self.ambiguous = ambiguous or []


def find_record(model: Model, ident: str) -> tuple[str, str]:
    """``(kind, IRI)`` of the record with IRI ``ident``, or whose IRI ends in ``/ident`` or ``#ident``.

    A confidential location has no public id and is never found.

    Raises
    ------
    RecordNotFound
        none, or several short-name matches.
    """
    tables = _tables(model)
    for kind, table in tables:
        if ident in table and _findable(kind, table[ident]):
            return kind, ident
    found = sorted((kind, iri) for kind, table in tables for iri, rec in table.items()
                   if key_of(iri) == ident and _findable(kind, rec))
    if len(found) == 1:
        return found[0]
    raise RecordNotFound(ident, ambiguous=[iri for _, iri in found] if found else None)


def _tables(model: Model) -> list[tuple[str, dict[str, Any]]]:
    return [("entry", model.entries), ("organisation", model.organisations), ("location", model.locations),
            ("touchpoint", model.touchpoints)]


def _findable(kind: str, rec: Any) -> bool:
    return not (kind == "location" and rec.confidential)


def record(model: Model, ident: str, *, on: date | None = None, sources: dict[str, list[dict]] | None = None,
           staff: bool = False) -> dict[str, Any]:
    """The record ``ident`` whole, as plain data (see ``linkwork.api.schemas.record``); staff-only
    contacts only with ``staff`` (navigators and above).

    ``sources`` maps IRIs to the loaded sources holding them (``{"source", "loaded_at"}``),
    as :meth:`linkwork.graph.store.Store.sources_about` gives them.
    """
    kind, iri = find_record(model, ident)
    on = on or date.today()
    loaded = (sources or {}).get(iri, [])
    if kind == "entry":
        return _entry(model, model.entries[iri], on, loaded, staff)
    if kind == "organisation":
        return _organisation(model, model.organisations[iri], on, loaded)
    if kind == "location":
        loc = model.locations[iri]
        at = sorted(e.iri for e in model.entries.values() if e.location is not None and e.location.iri == iri)
        return {"id": iri, "kind": "location", "label": loc.label or None, "location": public_location(model, loc),
                "services": [_ref(model, i) for i in at], "provenance": _provenance(None, None, None, loaded)}
    tp = model.touchpoints[iri]
    present = sorted(e.iri for e in model.entries.values() if iri in e.touchpoints and e.in_force(on))
    return {"id": iri, "kind": "touchpoint", "label": tp.label, "touchpoint_type": tp.type, "areas": [_ref(model, tp.area)] if tp.area else [],
            "location": public_location(model, tp.location) if tp.location else None,
            "services": [_ref(model, i) for i in present], "routes_out": [route_row(model, r, on) for r in model.routes_out.get(iri, [])],
            "provenance": _provenance(None, None, None, loaded)}


def _entry(model: Model, e: Entry, on: date, loaded: list[dict], staff: bool) -> dict[str, Any]:
    return {
        "id": e.iri, "kind": e.kind, "label": e.label, "description": e.description or None,
        "status": e.status, "valid_from": e.valid_from, "valid_to": e.valid_to, "in_force": e.in_force(on),
        "types": sorted(e.types), "domains": sorted(e.domains), "areas": [_ref(model, a) for a in e.areas],
        "provider": _ref(model, e.provider) if e.provider else None,
        "location": public_location(model, e.location) if e.location is not None else None,
        "attendance_mode": attendance_mode(e), "conference_url": e.conference_url, "hours": entry_hours(e),
        "url": e.url, "contacts": contact_rows(e, staff=staff),
        "fellowship": e.fellowship, "meeting_types": sorted(e.meeting_types), "audiences": sorted(e.audiences),
        "goods": sorted(e.goods), "capitals": sorted(e.capitals), "ways": sorted(e.ways),
        "broker": e.broker, "time_limited": e.time_limited,
        "touchpoints": [_ref(model, t) for t in sorted(e.touchpoints)],
        "funding": [_ref(model, f) for f in sorted(e.funding)],
        "rules": [_rule(r, on) for r in e.rules],
        "exclusions": [_exclusion(x, on) for x in e.exclusions],
        "routes_in": [route_row(model, r, on) for r in model.routes_in.get(e.iri, [])],
        "routes_out": [route_row(model, r, on) for r in model.routes_out.get(e.iri, [])],
        "provenance": _provenance(e.source, e.lines, e.last_verified, loaded, model),
    }


def _organisation(model: Model, o: Organisation, on: date, loaded: list[dict]) -> dict[str, Any]:
    runs = sorted(e.iri for e in model.entries.values() if e.provider == o.iri)
    return {"id": o.iri, "kind": "organisation", "label": o.label, "description": o.description or None,
            "org_type": o.type, "valid_from": o.valid_from, "valid_to": o.valid_to, "in_force": o.in_force(on),
            "parent": _ref(model, o.parent) if o.parent else None, "hosted_by": _ref(model, o.hosted_by) if o.hosted_by else None,
            "services": [_ref(model, i) for i in runs],
            "provenance": _provenance(o.source, o.lines, o.last_verified, loaded, model)}


def _rule(r: Rule, on: date) -> dict[str, Any]:
    return {"id": r.iri, "label": r.label, "valid_from": r.valid_from, "valid_to": r.valid_to, "in_force": r.in_force(on),
            "criteria": [criterion_row(c, on) for c in r.criteria]}


def _exclusion(x: Exclusion, on: date) -> dict[str, Any]:
    return {"id": x.iri, "reason": x.reason, "valid_from": x.valid_from, "valid_to": x.valid_to, "in_force": x.in_force(on),
            "criteria": [criterion_row(c, on) for c in x.criteria]}


def criterion_row(c: Criterion, on: date) -> dict[str, Any]:
    """A criterion with its dates and source, whether or not it is in force on ``on``."""
    return {"id": c.iri, "kind": c.kind, "dimension": c.dimension, "domain": c.domain, "words": c.plain,
            "minimum": c.min_label or c.minimum, "maximum": c.max_label or c.maximum, "unit": c.unit,
            "values": sorted(c.values), "area": c.area, "required": c.required,
            "valid_from": c.valid_from, "valid_to": c.valid_to, "in_force": c.in_force(on),
            "source": c.source, "lines": c.lines, "last_verified": c.last_verified}


def route_row(model: Model, r: Route, on: date) -> dict[str, Any]:
    """A referral route with its method, wait, handover, requirements, dates and source."""
    origin = "self-referral" if r.origin == "self" else (model.label(r.origin) if r.origin else None)
    return {"id": r.iri, "from_id": r.origin, "from": origin, "from_type": r.origin_type,
            "to_id": r.target, "to": model.label(r.target), "method": r.method, "coercion": r.coercion,
            "waiting_days": r.waiting_days, "handover": r.handover, "carried_by": r.carried_by,
            "prerequisites": sorted(r.prerequisites), "requirements": [criterion_row(c, on) for c in r.requirements],
            "valid_from": r.valid_from, "valid_to": r.valid_to, "in_force": r.in_force(on),
            "source": r.source, "lines": r.lines}


def _provenance(source: str | None, lines: str | None, verified: date | None, loaded: list[dict],
                model: Model | None = None) -> dict[str, Any]:
    return {"source": _ref(model, source) if source and model else ({"id": source, "label": key_of(source)} if source else None),
            "lines": lines, "last_verified": verified, "loaded_from": loaded}


def _ref(model: Model, iri: str) -> dict[str, str]:
    return {"id": iri, "label": model.label(iri)}
