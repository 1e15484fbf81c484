"""Open Referral: HSDS 3.0 and Open Referral UK 3.0, as JSON records or tabular data packages.

JSON input is a ``service_full`` or ``organization_full`` record, an array of
them, or a paged list (``{"contents": [...], "total_items": ...}``). Tabular
input is a directory of CSV files (``services.csv``, ``organizations.csv``,
``locations.csv``, ...) with or without ``datapackage.json``; its rows are
checked for duplicate ids and dangling foreign keys, then joined into full
records. Every record is validated against the official JSON Schema
(``loaders/schemas``) before anything is built, with errors located by JSON
Pointer or CSV row.

HSDS ids are global UUIDs, so a service keeps its IRI whichever file carries
it: ``https://w3id.org/linkwork/id/service/<id>``. What we model is kept and
comes back out on export (api/export/openreferral.py): names, descriptions,
contacts, status, application process, the source's eligibility text, age
limits (as an age criterion), schedules, service areas, locations and
addresses, and linkwork's own taxonomies in ``attributes``. Attributes from
other taxonomies are read but not modelled.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import ClassVar

from jsonschema import Draft202012Validator, FormatChecker
from linkwork.graph.namespaces import AREA, DIM, LW, SRCK, ST
from linkwork.loaders.base import Loader, Parsed, SourceInfo, source_key, stable_iri
from linkwork.loaders.csvfile import read_csv
from linkwork.loaders.jsonfile import MISSING, pointer, read_json
from linkwork.loaders.openreferral_tables_v2 import ELIGIBILITY_SCHEMA, OLD_FILES, normalise_row, old_header, tables_dialect
from linkwork.loaders.openreferral_v1 import (
    FROM,
    ROW,
    Dialect,
    Notes,
    dialect_of,
    is_uuid,
    note_warnings,
    page_items,
    v1_services,
)
from linkwork.loaders.records import DAY_CODES, Records
from linkwork.loaders.richtext import read_text_as_published
from linkwork.loaders.values import parse_bool, parse_number, parse_time, shown
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = ["HsdsLoader", "OrukLoader", "validator", "row_validator", "schema_file", "schema_message", "TAXONOMIES", "TABLES"]

SCHEMAS = Path(__file__).resolve().parent / "schemas"

#: linkwork's own taxonomies in HSDS ``attributes`` (taxonomy_term.taxonomy) -> (scheme, property).
TAXONOMIES: dict[str, tuple[str, URIRef]] = {
    "linkwork:service-type": ("service-type", LW.serviceType),
    "linkwork:need-domain": ("need", LW.needDomain),
    "linkwork:audience": ("audience", LW.audience),
}

#: Tabular resources: table -> (file names HSDS and ORUK use, foreign keys: column -> table).
TABLES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "organizations": (("organizations.csv", "organization.csv"), {"parent_organization_id": "organizations"}),
    "services": (("services.csv", "service.csv"), {"organization_id": "organizations"}),
    "locations": (("locations.csv", "location.csv"), {}),
    "service_at_location": (("service_at_location.csv", "service_at_locations.csv"),
                            {"service_id": "services", "location_id": "locations"}),
    "addresses": (("addresses.csv", "address.csv"), {"location_id": "locations"}),
    "phones": (("phones.csv", "phone.csv"), {"service_id": "services", "location_id": "locations",
                                              "organization_id": "organizations"}),
    "schedules": (("schedules.csv", "schedule.csv"), {"service_id": "services", "location_id": "locations"}),
    "service_areas": (("service_areas.csv", "service_area.csv"), {"service_id": "services"}),
    "taxonomy_terms": (("taxonomy_terms.csv", "taxonomy_term.csv"), {}),
    "attributes": (("attributes.csv", "attribute.csv"), {"taxonomy_term_id": "taxonomy_terms"}),
    # HSDS 2.0 and ORUK 1.0 only (3.0 has eligibility on the service): read from older packages
    "eligibility": ((), {"service_id": "services"}),
}


#: Foreign keys that may point outside the dataset (a warning, not an error).
SOFT_KEYS = {"parent_organization_id"}

#: table -> the official schema its rows follow (``organizations.csv`` rows are ``organization`` records).
TABLE_SCHEMAS = {"organizations": "organization", "services": "service", "locations": "location",
                 "service_at_location": "service_at_location", "addresses": "address", "phones": "phone",
                 "schedules": "schedule", "service_areas": "service_area", "taxonomy_terms": "taxonomy_term",
                 "attributes": "attribute", "eligibility": "eligibility"}

#: Columns the schemas leave optional but without which a row joins nothing linkwork reads.
JOIN_KEYS = {"service_at_location": ("service_id", "location_id"), "addresses": ("location_id",),
             "service_areas": ("service_id",)}

#: Ages outside this range are not ages (a schema "number" may be anything).
AGES = (0, 150)


@cache
def schema_file(standard: str, name: str) -> dict:
    """One of the official schema files (``service.json``, ``phone.json``...), as published."""
    return json.loads((SCHEMAS / standard / name).read_text())


@cache
def validator(standard: str, kind: str) -> Draft202012Validator:
    """The official schema for ``kind`` (service, organization, service_at_location), $refs resolved."""
    registry = Registry().with_resources(
        (f.name, Resource.from_contents(schema_file(standard, f.name), default_specification=DRAFT202012))
        for f in sorted((SCHEMAS / standard).glob("*.json"))
    )
    return Draft202012Validator(schema_file(standard, f"{kind}.json"), registry=registry, format_checker=FormatChecker())


@cache
def row_validator(standard: str, kind: str, older: bool = False) -> Draft202012Validator:
    """The official schema for one CSV row of ``kind``: its scalar columns (text, numbers, yes/no) only,
    since a table carries arrays and nested records as rows of other tables. For an ``older`` (HSDS 1.1
    or 2.0) table, ids need not be UUIDs and only ``id`` (and a service's or organisation's ``name``)
    is required: the columns 3.0 added are not there to give."""
    schema = ELIGIBILITY_SCHEMA if kind == "eligibility" else schema_file(standard, f"{kind}.json")
    scalar = {k: v for k, v in schema.get("properties", {}).items()
              if v.get("type") in ("string", "number", "integer", "boolean")}
    required = [r for r in schema.get("required", []) if r in scalar]
    if older:
        scalar = {k: {f: x for f, x in v.items() if not (f == "format" and x == "uuid")} for k, v in scalar.items()}
        required = [r for r in required if r in ("id", "name") and (r == "id" or kind in ("service", "organization"))]
    row_schema = {"type": "object", "properties": scalar, "required": required}
    return Draft202012Validator(row_schema, format_checker=FormatChecker())


def schema_message(error) -> str:
    """A schema error in words, quoting the value shortened (jsonschema quotes it whole, however long)."""
    if len(error.message) <= 200:
        return error.message
    if error.validator == "format":
        return f"{shown(error.instance)} is not a valid {error.validator_value}"
    if error.validator == "type":
        return f"{shown(error.instance)} is not of type {error.validator_value!r}"
    if error.validator == "enum":
        return f"{shown(error.instance)} is not one of {', '.join(map(str, error.validator_value))}"
    return error.message[:200] + "..."


class OpenReferralRecords(Records):
    """Records for Open Referral: UUID ids are global (the same service in two files is one record);
    any other id (ORUK 1.0's ``1``, ``2``, ``3``) is kept within its source, as given, with an IRI
    made safe (see :meth:`iri`); ``notes`` counts what is announced once per source."""

    #: Identifiers longer than this are shortened in IRIs (the id as given is kept in ``lw:sourceId``).
    LONGEST_ID = 100

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.notes = Notes()

    def iri(self, kind: str, *ident: object) -> URIRef:
        """The record's IRI: ``.../service/<uuid>`` for a UUID, else ``.../service/<source>/<id>``, with
        case, spaces and punctuation folded as for every loader (clashes are located errors, see
        :meth:`define`) and an id too long for an IRI cut and given a hash of the whole.

        >>> from linkwork.loaders.base import Parsed, SourceInfo
        >>> rec = OpenReferralRecords(Parsed(), SourceInfo("urn:x", Path("council.json"), "c"), key="council")
        >>> str(rec.iri("service", "ac148810-d857-441c-9679-408f346de14b")).rsplit("/", 2)[-2:]
        ['service', 'ac148810-d857-441c-9679-408f346de14b']
        >>> str(rec.iri("service", 42)).endswith("service/council/42")
        True
        """
        if len(ident) == 1 and is_uuid(str(ident[0])):
            return stable_iri(kind, str(ident[0]))
        parts = [str(i) for i in ident]
        parts = [p if len(p) <= self.LONGEST_ID else p[:40] + "-" + hashlib.sha1(p.encode()).hexdigest()[:16] for p in parts]
        return stable_iri(kind, *([self.key] if self.key else []), *parts)


class HsdsLoader(Loader):
    """HSDS 3.0 JSON (``service_full``, ``organization_full``, lists) or a tabular directory of CSVs."""

    standard: ClassVar[str] = "hsds-3.0"
    #: The standard's name, for the message that says which version a source was read as.
    title: ClassVar[str] = "HSDS"
    suffixes = (".json",)
    kind = SRCK["official-dataset"]

    def sniff(self, path: Path, head: bytes) -> bool:
        path = Path(path)
        if path.is_dir():
            return any((path / n).exists() for n in TABLES["services"][0] + ("datapackage.json",))
        if path.name == "datapackage.json":
            return True
        text = head[:8192]
        return path.suffix.lower() == ".json" and b'"id"' in text and (
            b'"status"' in text or b'"contents"' in text or b'"services"' in text or b'"organization' in text
            or b'"organisation"' in text or b'"totalElements"' in text)

    def sniff_document(self, path: Path, doc: object) -> bool:
        for key in ("contents", "content"):
            if isinstance(doc, dict) and isinstance(doc.get(key), list):
                doc = doc[key]
        first = doc[0] if isinstance(doc, list) and doc else doc
        return isinstance(first, dict) and "id" in first and bool(
            {"status", "services", "organization", "organisation", "organization_id", "service", "location"} & set(first))

    def parse(self, path: Path, source: SourceInfo, context=None) -> Parsed:
        parsed = Parsed()
        rec = OpenReferralRecords(parsed, source, context)
        path = Path(path)
        if path.is_dir() or path.name == "datapackage.json":
            folder = path if path.is_dir() else path.parent
            older = tables_dialect(folder)
            if older:
                rec.key = source_key(source)  # ids need not be UUIDs: kept within the source
            parsed.dialect = f"{older or self.title + ' 3.0'} tables" + (
                " (read into HSDS 3.0's tables: see docs/formats.md)" if older else "")
            services = _tabular(rec, folder, self.standard, older=bool(older))
        else:
            doc = read_json(path, parsed)
            if doc is MISSING:
                return parsed
            dialect = dialect_of(doc)
            if dialect.version == "1.0":
                rec.key = source_key(source)  # v1 ids are the publisher's own (often 1, 2, 3): kept apart per source
                services = list(v1_services(rec, doc, rec.notes))
                parsed.dialect = f"{dialect} (its fields read into HSDS 3.0's shape: see docs/formats.md)"
            else:
                parsed.dialect = str(Dialect("3.0", standard=self.title))
                services = list(self._records(rec, doc))
        if not services and not parsed.errors and not len(parsed.graph):
            rec.error("/", None, "no services or organisations found: expected HSDS service or organization records")
        untyped = 0
        for where, svc, org in services:
            if not svc:  # an organisation listed without services
                if org:
                    add_organisation(rec, org, where)
                continue
            # a service listed twice: the same record is loaded once (a warning), two records under one id are an error
            _, first = rec.define("service", svc["id"], _at(svc, where, "id"), "id",
                                  content=_content({k: v for k, v in svc.items() if k != "id"}), fold_case=True)
            if first:
                untyped += add_service(rec, svc, where, org) is False
        if untyped:
            rec.warn(None, "attributes", f"{untyped} service{'s' if untyped != 1 else ''} carry no linkwork:service-type "
                     "attribute; typed as 'other' until someone classifies them")
        note_warnings(rec, rec.notes)
        return parsed

    def _records(self, rec: Records, doc: object) -> Iterator[tuple[str, dict, dict | None]]:
        """(pointer, service, organization) for every valid service record in the document."""
        items = page_items(doc)  # a v1 page never reaches here: dialect_of sends it to v1_services
        if items is None:
            rec.error("/", None, "expected a service or organization record, a list of them, or a paged list")
            return
        for where, item in items:
            if where and not rec.record(where):  # one record of a list: --skip-invalid may leave it out
                continue
            if not isinstance(item, dict):
                rec.error(where or "/", None, "each record must be a JSON object")
                continue
            if "service" in item and "location" in item:  # a service_at_location record
                if self._valid(rec, item, "service_at_location", where):
                    svc = dict(item["service"], service_at_locations=[{"id": item["id"], "location": item["location"]}])
                    yield f"{where}/service", svc, svc.get("organization")
                continue
            is_org = "services" in item or ("status" not in item and "organization_id" not in item and "service_at_locations" not in item)
            if isinstance(item.get("id"), str):  # placed even if invalid, so records that refer to it can say so
                rec.place(rec.iri("organisation" if is_org else "service", item["id"]), where)
            if not self._valid(rec, item, "organization" if is_org else "service", where):
                continue
            if is_org:
                for j, svc in enumerate(item.get("services") or []):
                    if rec.record(f"{where}/services/{j}"):
                        yield f"{where}/services/{j}", svc, item
                if not item.get("services"):
                    add_organisation(rec, item, where)
            else:
                yield where, item, item.get("organization")

    def _valid(self, rec: Records, item: dict, kind: str, where: str) -> bool:
        errors = sorted(validator(self.standard, kind).iter_errors(item), key=lambda e: list(map(str, e.absolute_path)))
        for e in errors:
            path = list(e.absolute_path)
            fld = str(path[-1]) if path and not isinstance(path[-1], int) else None
            rec.error(where + pointer(*path) if path else (where or "/"), fld, f"{schema_message(e)} ({self.standard} {kind} schema)")
        return not errors


class OrukLoader(HsdsLoader):
    """Open Referral UK 3.0: HSDS 3.0 with the UK profile's schema."""

    standard = "oruk-3.0"
    title = "Open Referral UK"

    def sniff(self, path: Path, head: bytes) -> bool:
        return False  # same files as HSDS: ask for it with --format oruk


def _scalars(record: dict) -> dict:
    """A record's own fields, without the lists and records nested in it."""
    return {k: v for k, v in record.items() if k != ROW and not isinstance(v, (dict, list, tuple))}


def _plain(rec: Records, value: object, where: str, fld: str):
    """Text as published, read as plain text (see :mod:`linkwork.loaders.richtext`)."""
    return read_text_as_published(rec, value, where, fld)


def _describe(rec: Records, s: URIRef, value: object, where: str, fld: str = "description") -> None:
    """A description as plain text (``rdfs:comment``), with the HTML it was published in kept as
    ``lw:descriptionHtml``."""
    text, html = _plain(rec, value, where, fld)
    rec.text(s, RDFS.comment, text, where=where, fld=fld)
    if html is not None:
        rec.text(s, LW.descriptionHtml, html, lang=None, where=where, fld=fld)


def add_organisation(rec: Records, org: dict, where: str) -> URIRef:
    o = rec.iri("organisation", org["id"])
    if not rec.agrees("organisation", str(org["id"]).lower(), _at(org, where), _scalars(org)):
        return o
    rec.place(o, _at(org, where))
    rec.typed(o, LW.Organisation, _plain(rec, org.get("name"), _at(org, where, "name"), "name")[0], where=_at(org, where, "name"))
    rec.add(o, LW.sourceId, Literal(str(org["id"]), datatype=XSD.string))
    _describe(rec, o, org.get("description"), _at(org, where, "description"))
    rec.text(o, LW.url, org.get("website") or org.get("url"), lang=None, where=_at(org, where, "website"), fld="website")
    rec.text(o, LW.email, org.get("email"), lang=None, where=_at(org, where, "email"), fld="email")
    if org.get("parent_organization_id"):
        rec.add(o, LW.parentOrganisation, rec.iri("organisation", org["parent_organization_id"]))
    rec.provenance(o, where=where)
    return o


def add_service(rec: Records, svc: dict, where: str, org: dict | None) -> bool:
    """One HSDS service as statements; returns whether it carried a linkwork service type."""
    s = rec.iri("service", svc["id"])
    rec.place(s, _at(svc, where))
    rec.typed(s, LW.Service, _plain(rec, svc.get("name"), _at(svc, where, "name"), "name")[0], where=_at(svc, where, "name"))
    rec.add(s, LW.sourceId, Literal(str(svc["id"]), datatype=XSD.string))
    rec.provenance(s, verified=svc.get("assured_date"), updated=svc.get("last_modified"), where=where,
                   verified_field="assured_date", updated_field="last_modified")
    _describe(rec, s, svc.get("description"), _at(svc, where, "description"))
    for fld, prop, lang in (("url", LW.url, None), ("email", LW.email, None),
                            ("status", LW.status, None), ("application_process", LW.applicationProcess, "en"),
                            ("eligibility_description", LW.eligibilityDescription, "en")):
        value = svc.get(fld)
        if fld in ("application_process", "eligibility_description"):  # HTML in these too (kept as text only)
            value = _plain(rec, value, _at(svc, where, fld), fld)[0]
        rec.text(s, prop, value, lang=lang, where=_at(svc, where, fld), fld=fld)
    if org:
        rec.add(s, LW.providedBy, add_organisation(rec, org, where + "/organization"))
    elif svc.get("organization_id"):
        rec.add(s, LW.providedBy, rec.iri("organisation", svc["organization_id"]))
    else:
        rec.error(where or "/", "organization_id", "a service must say which organisation provides it")
    for phone in svc.get("phones") or []:
        rec.text(s, LW.telephone, str(phone.get("number", "")).strip('"'), lang=None)
    _ages(rec, s, svc, where)
    _schedules(rec, s, svc.get("schedules") or [], f"{where}/schedules")
    areas = _areas(rec, s, svc.get("service_areas") or [])
    located = _locations(rec, s, svc.get("service_at_locations") or [], f"{where}/service_at_locations", areas)
    if not areas:
        if located:
            for a in located:
                rec.add(s, LW.areaServed, a)
        else:
            rec.warn(where or "/", "service_areas", "no service area and no located address: the service is kept "
                     "but matched to nobody's area until one is given")
            rec.add(s, LW.areaServed, rec.unstated_area())
    return _attributes(rec, s, svc.get("attributes") or [], f"{where}/attributes")


def _age(value: object) -> float | int:
    """An age in years, as the schema's ``minimum_age`` and ``maximum_age`` hold it."""
    n = parse_number(value)
    if not AGES[0] <= n <= AGES[1]:
        raise ValueError(f"{shown(value)} is not an age in years ({AGES[0]} to {AGES[1]})")
    return n


def _ages(rec: Records, s: URIRef, svc: dict, where: str) -> None:
    """Age limits as an eligibility rule; several different ranges (ORUK 1.0 ``eligibilitys``) as
    alternative rules, one each."""
    if svc.get("_age_ranges"):
        for i, (lo, hi, here) in enumerate(svc["_age_ranges"]):
            _age_rule(rec, s, {"minimum_age": lo, "maximum_age": hi, ROW: here}, here, f"-{i + 1}")
        return
    _age_rule(rec, s, svc, where, "")


def _age_rule(rec: Records, s: URIRef, svc: dict, where: str, suffix: str) -> None:
    lo, hi = svc.get("minimum_age"), svc.get("maximum_age")
    if lo is None and hi is None:
        return
    lo = rec.check(_age, lo, _at(svc, where, "minimum_age"), "minimum_age") if lo is not None else None
    hi = rec.check(_age, hi, _at(svc, where, "maximum_age"), "maximum_age") if hi is not None else None
    if lo is None and hi is None:
        return
    lo, hi = (_number(v) for v in (lo, hi))
    words = "aged " + (f"{lo} to {hi}" if lo is not None and hi is not None else
                       f"{lo} and over" if lo is not None else f"up to {hi}")
    c = rec.criterion(s, "age" + suffix, LW.RangeCriterion, DIM.age, valid_from=date(2000, 1, 1), plain=words,
                      minimum=Literal(lo) if lo is not None else None,
                      maximum=Literal(hi) if hi is not None else None, unit=Literal("year"))
    rec.rule(s, "rule-age" + suffix, [c], words)


def _number(v: float | int | None) -> int | Decimal | None:
    """An integer where the value is whole, else a decimal (xsd:integer or xsd:decimal, never a double)."""
    if v is None:
        return None
    return int(v) if float(v).is_integer() else Decimal(str(v))


def _at(item: dict, where: str, *parts: object) -> str:
    """Where a value of ``item`` is: its CSV row, or its JSON Pointer (``where`` and ``parts``); for a
    record read from Open Referral UK 1.0, the pointer of the value as published (see ``FROM``)."""
    moved = item.get(FROM) or {}
    if parts and parts[0] in moved:
        return moved[parts[0]] + (pointer(*parts[1:]) if parts[1:] else "")
    row = item.get(ROW)
    if row and row.startswith("/"):
        return row + (pointer(*parts) if parts else "")
    return row or (where + pointer(*parts) if parts else where or "/")


def _content(value: object) -> object:
    """A record as compared with another copy of it: without the notes of where it was read from."""
    if isinstance(value, dict):
        return {k: [(lo, hi) for lo, hi, _ in v] if k == "_age_ranges" else _content(v)
                for k, v in value.items() if k not in (ROW, FROM)}
    if isinstance(value, list):
        return [_content(v) for v in value]
    return value


def _schedules(rec: Records, s: URIRef, schedules: list[dict], where: str) -> None:
    for i, sch in enumerate(schedules):
        here = _at(sch, f"{where}/{i}")
        if not sch.get("opens_at"):
            continue
        opens = rec.check(parse_time, sch["opens_at"], _at(sch, here, "opens_at"), "opens_at")
        closes = rec.check(parse_time, sch.get("closes_at") or "24:00", _at(sch, here, "closes_at"), "closes_at", closing=True)
        days = [d.strip().upper()[-2:] for d in str(sch.get("byday") or "").split(",") if d.strip()]
        if not days and str(sch.get("freq", "")).upper() == "DAILY":
            days = list(DAY_CODES)
        bad = [d for d in days if d not in DAY_CODES]
        if bad:
            rec.error(_at(sch, here, "byday"), "byday", f"{', '.join(map(shown, bad))} not days (MO, TU, WE, TH, FR, SA, SU)")
            continue
        if not days:
            rec.warn(here, "byday", "a schedule with opening times but no days is not modelled")
        for d in days:
            if opens and closes:
                rec.hours(s, DAY_CODES[d], opens, closes)


def _areas(rec: Records, s: URIRef, areas: list[dict]) -> list[URIRef]:
    out = []
    for a in areas:
        name = a.get("name") or a.get("description") or a.get("extent")
        if name:
            area = rec.area([name])
            rec.add(s, LW.areaServed, area)
            out.append(area)
    return out


def _locations(rec: Records, s: URIRef, sals: list[dict], where: str, areas: list[URIRef]) -> list[URIRef]:
    """Locations of the service; returns the areas they lie in (when the service names none)."""
    found = []
    for i, sal in enumerate(sals):
        loc = sal.get("location") or ({"id": sal["location_id"]} if sal.get("location_id") else None)
        if not loc:
            continue
        here = _at(loc, f"{where}/{i}/location")
        l_iri = rec.iri("location", loc["id"])
        rec.add(s, LW.location, l_iri)
        first_address: dict = next(iter(loc.get("addresses") or []), {})
        fields = _scalars(loc) | {f"addresses/0/{k}": v for k, v in _scalars(first_address).items()}
        if set(loc) - {ROW, FROM} <= {"id"} or not rec.agrees("location", str(loc["id"]).lower(), here, fields):
            continue
        if (l_iri, LW.withinArea, None) in rec.g:
            continue
        rec.place(l_iri, here)
        rec.typed(l_iri, LW.Location, _plain(rec, loc.get("name"), _at(loc, here, "name"), "name")[0], where=_at(loc, here, "name"))
        rec.add(l_iri, LW.sourceId, Literal(str(loc["id"]), datatype=XSD.string))
        _describe(rec, l_iri, loc.get("description"), _at(loc, here, "description"))
        for fld, prop, lo, hi in (("latitude", LW.latitude, -90, 90), ("longitude", LW.longitude, -180, 180)):
            if loc.get(fld) is not None:
                v = rec.check(parse_number, loc[fld], _at(loc, here, fld), fld)
                if v is not None and lo <= v <= hi:
                    rec.add(l_iri, prop, Literal(float(v)))
                elif v is not None:  # the HSDS schema allows it (its own example has latitude 100)
                    rec.warn(_at(loc, here, fld), fld, f"{v} is out of range ({lo} to {hi}); the location is kept without it")
        addresses = loc.get("addresses") or []
        area = None
        if addresses:
            ad = addresses[0]
            rec.text(l_iri, LW.address, ", ".join(str(ad[k]) for k in ("address_1", "address_2") if ad.get(k)), lang=None)
            rec.text(l_iri, LW.town, ad.get("city"), lang=None)
            rec.text(l_iri, LW.postcode, ad.get("postal_code"), lang=None)
            area = rec.area([ad.get("state_province") or ad.get("region"), ad.get("city")], leaf_type=AREA.town)
        area = area or (areas[0] if areas else None)
        if area is None:
            rec.warn(here, "addresses", "no address with a city and no service area: the location is kept in no known area")
            area = rec.unstated_area()
        if area is not None:
            rec.add(l_iri, LW.withinArea, area)
            found.append(area)
    return found


def _attributes(rec: Records, s: URIRef, attributes: list[dict], where: str) -> bool:
    typed = False
    for i, attr in enumerate(attributes):
        term = attr.get("taxonomy_term") or {}
        taxonomy = term.get("taxonomy") or ""
        if taxonomy not in TAXONOMIES:
            continue  # another taxonomy: valid HSDS, not modelled
        scheme, prop = TAXONOMIES[taxonomy]
        c = rec.concept(scheme, term.get("code"), _at(term, f"{where}/{i}/taxonomy_term", "code"), "code", strict=False)
        if c is not None:
            rec.add(s, prop, c)
            typed |= prop == LW.serviceType
    if not typed:
        rec.add(s, LW.serviceType, ST.other)
    return typed


# -- tabular data packages ---------------------------------------------------------

def _tabular(rec: Records, folder: Path, standard: str, *, older: bool = False) -> list[tuple[str, dict, dict | None]]:
    """Read the CSV tables, check each row against its official schema, check ids and foreign keys,
    and join them into full service records. ``older`` reads HSDS 1.1 and 2.0 tables (see
    :mod:`linkwork.loaders.openreferral_tables_v2`)."""
    tables: dict[str, list[tuple[str, dict]]] = {}
    files: dict[str, str] = {}
    broken: set[str] = set()  # tables with rows that could not be read: keys into them are not checked
    listed = _resources(rec, folder)
    for table, (names, _) in TABLES.items():
        if table == "eligibility" and not older:
            tables[table] = []
            continue
        for n in names + (OLD_FILES.get(table, ()) if older else ()):
            found = folder / n if (folder / n).exists() else listed.get(n)
            if found is not None:
                before = len(rec.parsed.errors)
                tables[table] = _read_csv(rec, found, standard, TABLE_SCHEMAS[table], table if older else None)
                files[table] = found.name
                if len(rec.parsed.errors) > before:
                    broken.add(table)
                break
        else:
            tables[table] = []
    if not files.get("services"):
        rec.error(folder.name, None, f"no services table (services.csv) in {folder}")
        return []
    unread = sorted({p.name for p in [*folder.glob("*.csv"), *listed.values()]} - set(files.values()))
    if unread:
        rec.warn(folder.name, None, f"tables linkwork does not model were not read: {', '.join(unread)}")
    ids: dict[str, dict[str, dict]] = {}
    for table, rows in tables.items():
        ids[table] = {}
        for where, row in rows:
            rid = row.get("id")
            if not rid:
                continue  # reported by the schema check
            if rid in ids[table]:
                rec.error(where, "id", f"{shown(rid)} is used twice in {files[table]} (first at {ids[table][rid][ROW]})")
            else:
                ids[table][rid] = row
    for table, rows in tables.items():
        for where, row in rows:
            for col in JOIN_KEYS.get(table, ()):
                if not row.get(col):
                    rec.error(where, col, f"{col} is empty: a {files[table]} row must name the "
                              f"{TABLES[table][1][col].rstrip('s')} it belongs to")
            for col, target in TABLES[table][1].items():
                if row.get(col) and row[col] not in ids[target] and target not in broken:
                    # a parent organisation may lie outside the dataset; every other key must resolve
                    say = rec.warn if col in SOFT_KEYS else rec.error
                    refused = rec.refused_ids.get(files.get(target, ""), {}).get(row[col])
                    say(where, col, f"{shown(row[col])} is the id of {refused}, which was refused" if refused else
                        f"{shown(row[col])} matches no id in {files.get(target, TABLES[target][0][0])}")
    if rec.parsed.errors:
        return []
    by = lambda table, col: _group(tables[table], col)  # noqa: E731
    addresses, sals, schedules, phones, areas = (by("addresses", "location_id"), by("service_at_location", "service_id"),
                                                 by("schedules", "service_id"), by("phones", "service_id"),
                                                 by("service_areas", "service_id"))
    terms = ids["taxonomy_terms"]
    attributes = by("attributes", "link_id")
    eligibility = by("eligibility", "service_id")
    out = []
    for where, row in tables["services"]:
        svc = {k: v for k, v in row.items() if v not in ("", None)}
        svc["phones"] = phones.get(row["id"], [])
        svc["schedules"] = schedules.get(row["id"], [])
        svc["service_areas"] = areas.get(row["id"], [])
        svc["service_at_locations"] = [
            {"id": sal["id"], "location": {**{k: v for k, v in ids["locations"][sal["location_id"]].items() if v not in ("", None)},
                                           "addresses": addresses.get(sal["location_id"], [])}}
            for sal in sals.get(row["id"], [])
        ]
        svc["attributes"] = [dict(a, taxonomy_term=terms.get(a.get("taxonomy_term_id") or "", {}))
                             for a in attributes.get(row["id"], [])]
        _eligibility_rows(svc, eligibility.get(row["id"], []))
        out.append((where, svc, ids["organizations"].get(row.get("organization_id", ""))))
    return out


def _resources(rec: Records, folder: Path) -> dict[str, Path]:
    """The CSV files ``datapackage.json`` lists, by file name and by resource name (a package may keep
    them in a subfolder, ``data/services.csv``, or under other names, ``{"name": "services", "path":
    "export-1.csv"}``); a path outside the package, or to no file, is an error at its pointer."""
    package = folder / "datapackage.json"
    if not package.exists():
        return {}
    doc = read_json(package, rec.parsed)
    resources = doc.get("resources") if isinstance(doc, dict) else None
    if doc is MISSING or not isinstance(resources, list):
        if doc is not MISSING:
            rec.parsed.error(package.name, "/resources", None, "a data package lists its tables in resources[]")
        return {}
    out: dict[str, Path] = {}
    root = folder.resolve()
    for i, r in enumerate(resources):
        path = r.get("path") if isinstance(r, dict) else None
        if not isinstance(path, str) or not path.lower().endswith(".csv"):
            continue  # a resource in several files, or not a table: the files in the folder are read as they are
        target = (folder / path).resolve()
        where = pointer("resources", i, "path")
        if "://" in path or not target.is_relative_to(root):
            rec.parsed.error(package.name, where, "path", f"{shown(path)} lies outside the package; only files in "
                             "its folder are read")
        elif not target.is_file():
            rec.parsed.error(package.name, where, "path", f"{shown(path)} is listed but there is no such file")
        else:
            out.setdefault(target.name, target)
            if isinstance(r.get("name"), str) and r["name"].strip():  # a table may be named by its resource
                out.setdefault(f"{r['name'].strip()}.csv", target)
    return out


def _eligibility_rows(svc: dict, rows: list[dict]) -> None:
    """HSDS 2.0 ``eligibility.csv`` rows: their words as the eligibility description, their ages as
    age ranges (one, or several as alternatives)."""
    words = [r["eligibility"] for r in rows if r.get("eligibility")]
    if words and not svc.get("eligibility_description"):
        svc["eligibility_description"] = "; ".join(words)
    ranges = [(r.get("minimum_age"), r.get("maximum_age"), r[ROW]) for r in rows
              if r.get("minimum_age") is not None or r.get("maximum_age") is not None]
    if len({(lo, hi) for lo, hi, _ in ranges}) == 1 and "minimum_age" not in svc and "maximum_age" not in svc:
        lo, hi, here = ranges[0]
        svc.update({k: v for k, v in (("minimum_age", lo), ("maximum_age", hi)) if v is not None})
        svc[FROM] = {"minimum_age": here, "maximum_age": here}
    elif ranges:
        svc["_age_ranges"] = ranges


def _group(rows: list[tuple[str, dict]], col: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for _, row in rows:
        if row.get(col):
            out.setdefault(row[col], []).append({k: v for k, v in row.items() if v not in ("", None)})
    return out


def _read_csv(rec: Records, path: Path, standard: str, kind: str, older: str | None = None) -> list[tuple[str, dict]]:
    """Rows as (``file:row N``, values typed by the official schema), each checked against it.

    Row numbers count the header as row 1, as a spreadsheet does. An empty cell
    is an absent value; a cell under a number or yes/no column must read exactly
    (see :mod:`linkwork.loaders.values`), and every schema error is located by
    row and column, as JSON Pointers locate them in JSON packages.
    """
    at = lambda n: f"{path.name}:row {n}"  # noqa: E731
    grid = read_csv(path, lambda n, col, why: rec.error(at(n), col, why),
                    ragged=(lambda n, col, why: rec.warn(at(n), col, why)) if older else None)
    if not grid:
        return []
    header = old_header(older, grid[0][1], path.name) if older else grid[0][1]
    check = row_validator(standard, kind, bool(older))
    schema = dict(check.schema) if isinstance(check.schema, dict) else {}
    props, required = schema["properties"], set(schema["required"])
    rows = []
    for n, cells in grid[1:]:
        where = at(n)
        if not rec.record(where):  # refused by --skip-invalid: its id is remembered, to say why rows naming it go too
            if "id" in header and header.index("id") < len(cells):
                rec.refused_ids.setdefault(path.name, {})[cells[header.index("id")].strip()] = where
            continue
        row: dict = {ROW: where}
        unread: set[str] = set()  # columns whose cell could not be read (already reported)
        for col, cell in zip(header, cells):
            if not col:
                continue
            value = cell.strip()
            kind_ = props.get(col, {}).get("type", "string")
            if value == "":
                if col in required and kind_ == "string":
                    row[col] = ""  # present but blank, as "" is in JSON
                continue
            reader = {"number": parse_number, "integer": partial(parse_number, whole=True), "boolean": parse_bool}.get(kind_)
            if reader is not None:
                value = rec.check(reader, value, where, col)
                if value is None:
                    unread.add(col)
                    continue
            row[col] = value
        if older:
            normalise_row(rec, older, row, where)
        errors = [e for e in check.iter_errors({k: v for k, v in row.items() if k != ROW})
                  if not (e.validator == "required" and any(repr(c) in e.message for c in unread))]
        if not row.get("id"):
            rec.error(where, "id", "every row needs an id")
            errors = [e for e in errors if list(e.absolute_path) != ["id"] and "'id'" not in e.message]
        for e in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
            fld = str(e.absolute_path[0]) if e.absolute_path else None
            rec.error(where, fld, f"{schema_message(e)} ({standard} {kind} schema)")
        rows.append((where, row))
    return rows
