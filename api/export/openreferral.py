"""HSDS 3.0 and Open Referral UK 3.0 out: a JSON array of full service records, or a tabular package.

Eligibility rules become ``attributes`` (one per criterion in force, taxonomy
``linkwork:eligibility``, with the criterion's plain words as the value) and a
rendered ``eligibility_description``; linkwork's service types, need domains
and audiences are attributes too, in taxonomies the HSDS loader reads back.
Every record is validated against the official schema before it is written.
ORUK output is the same records cut to the fields the UK profile has.
"""
from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date
from pathlib import Path

from linkwork.api.export.data import code, confidential, data_graph, hsds_id, in_force, label, of_type, text
from linkwork.graph.namespaces import LW
from linkwork.graph.terms import sorted_terms
from linkwork.loaders.openreferral import TAXONOMIES, schema_file, validator
from linkwork.loaders.records import UNSTATED_AREA
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDFS

from linkwork.errors import LinkworkError

__all__ = ["export_hsds", "export_oruk", "service_records", "eligibility_description", "write_tabular", "cut_to_schema",
           "taxonomy_id"]

_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
_TAXONOMY_OF = {prop: name for name, (_, prop) in TAXONOMIES.items()}


def export_hsds(store, *, on: date | None = None, tabular: Path | None = None, progress=None, **_) -> str:
    return _export(store, "hsds-3.0", on, tabular, progress)


def export_oruk(store, *, on: date | None = None, tabular: Path | None = None, progress=None, **_) -> str:
    return _export(store, "oruk-3.0", on, tabular, progress)


def _export(store, standard: str, on: date | None, tabular: Path | None, progress=None) -> str:
    if progress:
        progress("reading the store", 0, 0)
    records = service_records(data_graph(store), standard, on or date.today(), progress=progress)
    if tabular is not None:
        write_tabular(records, Path(tabular))
        return f"{len(records)} services written to {tabular}\n"
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def service_records(g: Graph, standard: str = "hsds-3.0", on: date | None = None, progress=None) -> list[dict]:
    """Every service as a full HSDS (or ORUK) record, validated; sorted by id for stable output.

    Ids of nested records derive from the service's HSDS id, so an export reloaded
    and exported again gives the same ids.
    """
    on = on or date.today()
    check = validator(standard, "service")
    schema = check.schema
    out = []
    services = of_type(g, LW.Service)
    for n, s in enumerate(services):
        if progress and n % 500 == 0:
            progress(f"{standard} records", n, len(services))
        record = _service(g, s, on)
        if standard != "hsds-3.0":
            record = _cut(record, schema, standard)
        errors = list(check.iter_errors(record))
        if errors:  # a bug in this module, not in the data: say which record and field
            e = errors[0]
            raise LinkworkError(f"export of {s} does not validate ({standard}): /{'/'.join(map(str, e.absolute_path))}: {e.message}")
        out.append(record)
    return sorted(out, key=lambda r: r["id"])


def _service(g: Graph, s: URIRef, on: date) -> dict:
    rid = hsds_id(s)
    r: dict = {"id": rid, "name": label(g, s), "status": text(g, s, LW.status) or "active"}
    for fld, prop in (("description", RDFS.comment), ("url", LW.url), ("email", LW.email),
                      ("application_process", LW.applicationProcess)):
        if text(g, s, prop):
            r[fld] = text(g, s, prop)
    r["eligibility_description"] = text(g, s, LW.eligibilityDescription) or eligibility_description(g, s, on)
    lo, hi = _ages(g, s, on)
    if lo is not None:
        r["minimum_age"] = lo
    if hi is not None:
        r["maximum_age"] = hi
    if g.value(s, LW.lastVerified) is not None:
        r["assured_date"] = str(g.value(s, LW.lastVerified))
    if g.value(s, LW.updated) is not None:
        r["last_modified"] = str(g.value(s, LW.updated)) + "Z"
    org = g.value(s, LW.providedBy)
    if org is not None:
        r["organization_id"] = hsds_id(org)
        r["organization"] = {"id": hsds_id(org), "name": label(g, org),
                             "description": text(g, org, RDFS.comment) or label(g, org)}
        for fld, prop in (("website", LW.url), ("email", LW.email)):
            if text(g, org, prop):
                r["organization"][fld] = text(g, org, prop)
    r["phones"] = [{"id": _uid(rid, "phone", n), "number": str(n)} for n in sorted_terms(g.objects(s, LW.telephone))]
    r["schedules"] = _schedules(g, s, rid)
    r["service_areas"] = [{"id": hsds_id(a), "name": label(g, a)}
                          for a in sorted_terms(g.objects(s, LW.areaServed)) if a != UNSTATED_AREA]
    locations = sorted(g.objects(s, LW.location), key=lambda n: (isinstance(n, BNode), str(n) if isinstance(n, URIRef) else ""))
    r["service_at_locations"] = [
        {"id": _uid(rid, "at", i), "location": _location(g, loc, hsds_id(loc) if isinstance(loc, URIRef) else _uid(rid, "location", i))}
        for i, loc in enumerate(locations)]
    r["attributes"] = _attributes(g, s, rid, on)
    return r


def _uid(*parts) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "|".join(map(str, parts))))


def _ages(g: Graph, s, on: date) -> tuple[int | None, int | None]:
    """Age limits, when every rule has the same age criterion (else they live in the rules only)."""
    rules = list(g.objects(s, LW.eligibility))
    bounds = set()
    for rule in rules:
        ages = [c for c in g.objects(rule, LW.criterion)
                if str(g.value(c, LW.dimension)).endswith("/age") and in_force(g, c, on)]
        bounds.add(tuple((g.value(c, LW.minimum), g.value(c, LW.maximum)) for c in ages))
    if len(bounds) != 1:
        return None, None
    (only,) = bounds
    if len(only) != 1:
        return None, None
    lo, hi = only[0]
    return (lo.toPython() if lo is not None else None), (hi.toPython() if hi is not None else None)


def eligibility_description(g: Graph, s, on: date) -> str:
    """The rules in force, in words: who is eligible, and who is turned away."""
    rules = []
    for rule in sorted_terms(g.objects(s, LW.eligibility)):
        words = [_words(g, c) for c in sorted_terms(g.objects(rule, LW.criterion)) if in_force(g, c, on)]
        if words:
            rules.append(" and ".join(words))
    out = "Eligible: " + ("; or ".join(rules) if rules else "anyone in the area served") + "."
    for x in sorted_terms(g.objects(s, LW.exclusion)):
        crit = [_words(g, c) for c in sorted_terms(g.objects(x, LW.criterion)) if in_force(g, c, on)]
        if crit:
            out += f" Not for {' and '.join(crit)}" + (f" ({text(g, x, LW.reason)})" if text(g, x, LW.reason) else "") + "."
    return out


def _words(g: Graph, c) -> str:
    return text(g, c, LW.plainWords) or code(g.value(c, LW.dimension))


def _schedules(g: Graph, s, rid: str) -> list[dict]:
    windows: dict[tuple[str, str], list[int]] = {}
    for h in g.objects(s, LW.hours):
        opens, closes = text(g, h, LW.opens), text(g, h, LW.closes)
        if opens:  # one opening-hours node may hold several days (lw:day 1, 2, 3, 4, 5)
            windows.setdefault((opens, closes or "24:00"), []).extend(int(str(d)) for d in g.objects(h, LW.day))
    out = []
    for (opens, closes), days in sorted(windows.items()):
        if not days:
            continue
        out.append({"id": _uid(rid, "schedule", opens, closes), "freq": "WEEKLY",
                     "byday": ",".join(_DAYS[d] for d in sorted(set(days))),
                     "opens_at": opens, "closes_at": "23:59" if closes == "24:00" else closes})
    return out


def _location(g: Graph, loc, lid: str) -> dict:
    """A location record; blank-node locations get an id derived from their service, so output is stable."""
    area = g.value(loc, LW.withinArea)
    if confidential(g, loc):  # by area only: no name, address or coordinates
        return {"id": lid, "location_type": "physical",
                "name": f"Confidential address in {label(g, area)}" if area is not None else "Confidential address",
                "description": "The address is confidential; contact the service."}
    out: dict = {"id": lid, "location_type": "physical"}
    if g.value(loc, RDFS.label) is not None:
        out["name"] = label(g, loc)
    if text(g, loc, RDFS.comment):
        out["description"] = text(g, loc, RDFS.comment)
    for fld, prop in (("latitude", LW.latitude), ("longitude", LW.longitude)):
        if g.value(loc, prop) is not None:
            out[fld] = float(g.value(loc, prop).toPython())
    if text(g, loc, LW.address) or text(g, loc, LW.town):
        out["addresses"] = [{
            "id": _uid(lid, "address"), "location_id": lid, "address_type": "physical",
            "address_1": text(g, loc, LW.address) or "", "city": text(g, loc, LW.town) or (label(g, area) if area is not None else ""),
            "state_province": _region(g, area), "postal_code": text(g, loc, LW.postcode) or "", "country": "GB",
        }]
    return out


def _region(g: Graph, area) -> str:
    parent = g.value(area, LW.partOf) if area is not None else None
    return label(g, parent) if parent is not None else (label(g, area) if area is not None else "")


def _attributes(g: Graph, s, rid: str, on: date) -> list[dict]:
    out = []
    for prop, taxonomy in _TAXONOMY_OF.items():
        for concept in sorted_terms(g.objects(s, prop)):
            out.append(_attribute(rid, rid, taxonomy, code(concept), concept, "service", code(concept)))
    for link, prop in (("eligibility", LW.eligibility), ("exclusion", LW.exclusion)):
        for holder in sorted_terms(g.objects(s, prop)):
            for c in sorted_terms(g.objects(holder, LW.criterion)):
                if in_force(g, c, on):
                    dim = g.value(c, LW.dimension)
                    out.append(_attribute(rid, c, "linkwork:eligibility", code(dim), dim, link, _words(g, c)))
    return out


def _attribute(rid: str, owner, taxonomy: str, term_code: str, term, link_type: str, value: str) -> dict:
    term_id = _uid(taxonomy, term)
    return {"id": _uid(owner, rid, taxonomy, term), "link_id": rid, "link_type": link_type, "link_entity": "service",
            "taxonomy_term_id": term_id, "value": value,
            "taxonomy_term": {"id": term_id, "code": term_code, "name": term_code.replace("-", " "),
                              "description": f"{taxonomy} {term_code}", "taxonomy": taxonomy, "taxonomy_id": taxonomy_id(taxonomy),
                              "term_uri": str(term)}}


def taxonomy_id(taxonomy: str) -> str:
    """The HSDS id of one of linkwork's taxonomies (``linkwork:service-type``...), stable across exports."""
    return _uid("taxonomy", taxonomy)


def cut_to_schema(record: dict, schema: dict, standard: str = "oruk-3.0") -> dict:
    """``record`` cut to the properties ``schema`` defines (recursively), e.g. a full service to
    the ORUK list form."""
    return _cut(record, schema, standard)


def _cut(record, schema: dict, standard: str) -> dict:
    """The record cut to the properties the (profile) schema defines, recursively."""
    props = _properties(schema, standard)
    if not isinstance(record, dict) or props is None:
        return record
    out: dict = {}
    for k, v in record.items():
        if k not in props:
            continue
        sub = props[k]
        if isinstance(v, list):
            out[k] = [_cut(x, sub.get("items", {}), standard) for x in v]
        elif isinstance(v, dict):
            out[k] = _cut(v, sub, standard)
        else:
            out[k] = v
    return out


def _properties(schema: dict, standard: str) -> dict | None:
    """The properties a schema (or the sibling file its $ref names) defines."""
    schema = _deref(schema, standard)
    if schema.get("type") == "array":
        schema = _deref(schema.get("items", {}), standard)
    return schema.get("properties")


def _deref(schema: dict, standard: str) -> dict:
    ref = schema.get("$ref")
    return schema_file(standard, ref) if ref and "#" not in ref else schema


# -- tabular -----------------------------------------------------------------------

def write_tabular(records: list[dict], folder: Path) -> None:
    """An HSDS tabular package: one CSV per table plus datapackage.json, from full records."""
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, dict[str, dict]] = {t: {} for t in (
        "organizations", "services", "locations", "service_at_location", "addresses", "phones", "schedules",
        "service_areas", "attributes", "taxonomy_terms")}
    for r in records:
        flat = {k: v for k, v in r.items() if not isinstance(v, (list, dict))}
        tables["services"][r["id"]] = flat
        if r.get("organization"):
            tables["organizations"][r["organization"]["id"]] = r["organization"]
        for p in r.get("phones", []):
            tables["phones"][p["id"]] = dict(p, service_id=r["id"])
        for sch in r.get("schedules", []):
            tables["schedules"][sch["id"]] = dict(sch, service_id=r["id"])
        for a in r.get("service_areas", []):
            tables["service_areas"][_uid(r["id"], a["id"])] = dict(a, id=_uid(r["id"], a["id"]), service_id=r["id"])
        for sal in r.get("service_at_locations", []):
            loc = sal["location"]
            tables["service_at_location"][sal["id"]] = {"id": sal["id"], "service_id": r["id"], "location_id": loc["id"]}
            tables["locations"][loc["id"]] = {k: v for k, v in loc.items() if k != "addresses"}
            for ad in loc.get("addresses", []):
                tables["addresses"][ad["id"]] = ad
        for at in r.get("attributes", []):
            term = at["taxonomy_term"]
            tables["taxonomy_terms"][term["id"]] = term
            tables["attributes"][at["id"]] = {k: v for k, v in at.items() if k != "taxonomy_term"}
    resources = []
    for table, rows in tables.items():
        columns = sorted({k for row in rows.values() for k in row}, key=lambda k: (k != "id", k))
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns or ["id"], lineterminator="\n")
        w.writeheader()
        for rid in sorted(rows):
            w.writerow(rows[rid])
        (folder / f"{table}.csv").write_text(buf.getvalue(), encoding="utf-8")
        resources.append({"name": table, "path": f"{table}.csv", "format": "csv", "mediatype": "text/csv",
                          "profile": "tabular-data-resource"})
    (folder / "datapackage.json").write_text(json.dumps(
        {"name": "linkwork-export", "profile": "tabular-data-package", "resources": resources}, indent=2) + "\n")
