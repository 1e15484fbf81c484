"""The record builder every non-RDF loader shares: one place that turns fields into statements.

HSDS, Open Referral UK, Meeting Guide, BMLT and the commissioner workbook each
read their own layout, then hand plain values to :class:`Records`, which

* mints stable IRIs from the source's own identifiers (an HSDS id, a feed slug),
* stamps every record with its provenance (``dcterms:source`` the source,
  ``lw:lastVerified`` the record's own date where it has one, else the day the
  source was retrieved; ``lw:updated`` when the source says it changed),
* checks values (times, days, codes) and records a located problem instead of
  raising, so one pass reports everything wrong with a source,
* links place names to areas already in the store, so a feed's "Preston" is
  the Preston that services serve.

The value readers live in :mod:`linkwork.loaders.values` (re-exported here), one
strict function per kind of value, so every format reads a number, a date, a
time, a day or a yes/no the same way:

>>> parse_time("19:30"), parse_time("10:00:00"), parse_time("24:00", closing=True)
('19:30', '10:00', '24:00')
>>> parse_time("25:00")
Traceback (most recent call last):
ValueError: '25:00' is not a time of day (HH:MM, 00:00 to 23:59)
>>> parse_day("1"), parse_day(6)
(1, 6)
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache

from linkwork.graph.namespaces import AREA, LW
from linkwork.loaders.base import Parsed, SourceInfo, stable_iri
from linkwork.loaders.values import (
    DAY_CODES,
    kind_of,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_day,
    parse_identifier,
    parse_number,
    parse_text,
    parse_time,
    shown,
)
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

__all__ = [
    "LoadContext", "Records", "parse_time", "parse_day", "parse_date", "parse_datetime", "parse_bool",
    "parse_number", "parse_text", "parse_identifier", "shown", "vocabulary", "DAY_CODES", "UNSTATED_AREA",
]

#: Where records without a stated area are put (exporters leave it out).
UNSTATED_AREA = stable_iri("area", "not-stated")


@cache
def vocabulary(scheme: str) -> Mapping[str, URIRef]:
    """A concept scheme's codes -> concepts: local names, notations and lower-case labels.

    >>> vocabulary("service-type")["community-drug-team"].endswith("service-type/community-drug-team")
    True
    >>> vocabulary("meeting-type")["W"].endswith("meeting-type/women")
    True
    """
    from linkwork.ontology import ontology_graph

    g = ontology_graph()
    scheme_iri = URIRef(f"https://w3id.org/linkwork/vocab/{scheme}")
    out: dict[str, URIRef] = {}
    for c in sorted(g.subjects(SKOS.inScheme, scheme_iri)):
        if not isinstance(c, URIRef):
            continue
        out[str(c).rsplit("/", 1)[-1]] = c
        for n in g.objects(c, SKOS.notation):
            out[str(n)] = c
        for lbl in g.objects(c, SKOS.prefLabel):
            out.setdefault(str(lbl).lower(), c)
    return out


@dataclass
class LoadContext:
    """What a loader may know of the store without touching it: the areas already there,
    by lower-case name and postcode district, so loaded places join the same map."""

    areas: dict[str, URIRef] = field(default_factory=dict)
    #: name -> [(area, source that defines it)], to leave out a source's own areas when it reloads
    by_source: dict[str, list[tuple[URIRef, str]]] = field(default_factory=dict)
    #: the store's key for opaque confidential-place IRIs (:mod:`linkwork.graph.confidential`)
    place_key: bytes = b""
    #: Records (by where they begin: ``/3``, ``services.csv:row 2``) to leave out: ``--skip-invalid`` refused them.
    skip: frozenset[str] = frozenset()
    #: services, touchpoints and organisations already in the store (or earlier in the batch), by lower-case
    #: label and by the end of their IRI, so a workbook may link to them (routes, rules, funders)
    known: dict[str, tuple[URIRef, str]] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store) -> LoadContext:
        rows = store.query_sources(
            "PREFIX lw: <https://w3id.org/linkwork/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?g ?a ?name WHERE { GRAPH ?g { ?a a lw:Area . { ?a rdfs:label ?name } UNION { ?a lw:postcodeDistrict ?name } } }"
        )
        sources = {e.graph: e.source for e in store.sources()}
        found: dict[str, list[tuple[URIRef, str]]] = {}
        for r in rows:
            found.setdefault(r["name"].value.strip().lower(), []).append((URIRef(r["a"].value), sources.get(r["g"].value, "")))
        for v in found.values():
            v.sort()
        known: dict[str, tuple[URIRef, str]] = {}
        for r in store.query_sources(
            "PREFIX lw: <https://w3id.org/linkwork/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?x ?cls ?name WHERE { GRAPH ?g { VALUES ?cls { lw:Service lw:Touchpoint lw:Organisation lw:Commissioner } "
            "?x a ?cls ; rdfs:label ?name } }"
        ):
            kind = r["cls"].value.rsplit("#", 1)[-1].lower()
            _know(known, URIRef(r["x"].value), r["name"].value, "organisation" if kind == "commissioner" else kind)
        return cls({k: v[0][0] for k, v in found.items()}, found, store.place_key, known=known)

    def add_graph(self, graph: Graph, source: str) -> None:
        """Learn the areas (and services and touchpoints) a source parsed earlier in the same batch defines,
        so later ones link to them."""
        for cls, kind in ((LW.Service, "service"), (LW.Touchpoint, "touchpoint"), (LW.Organisation, "organisation"),
                          (LW.Commissioner, "organisation")):
            for x in graph.subjects(RDF.type, cls):
                if isinstance(x, URIRef):
                    for name in graph.objects(x, RDFS.label):
                        _know(self.known, x, str(name), kind)
        for a in graph.subjects(RDF.type, LW.Area):
            if not isinstance(a, URIRef):  # a blank-node area is the source's own: others cannot name it
                continue
            for name in [*graph.objects(a, RDFS.label), *graph.objects(a, LW.postcodeDistrict)]:
                defs = self.by_source.setdefault(str(name).strip().lower(), [])
                if (a, source) not in defs:
                    defs.append((a, source))
                self.areas.setdefault(str(name).strip().lower(), a)

    def for_source(self, source: str) -> LoadContext:
        """The context as a reload of ``source`` must see it: without the areas only it defines,
        so loading the same file twice gives the same statements."""
        areas = {}
        for name, defs in self.by_source.items():
            others = [a for a, src in defs if src != source]
            if others:
                areas[name] = others[0]
        return LoadContext(areas, self.by_source, self.place_key, self.skip, self.known)


def _know(known: dict[str, tuple[URIRef, str]], iri: URIRef, label: str, kind: str) -> None:
    """Index a service or touchpoint (``kind``) by its IRI, the end of its IRI and its label (first IRI wins)."""
    tail = str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    for k in (str(iri), tail.lower(), label.strip().lower()):
        if k not in known or str(iri) < str(known[k][0]):
            known[k] = (iri, kind)


class Records:
    """Statements for one source, with its provenance and problems; see the module docstring."""

    def __init__(self, parsed: Parsed, source: SourceInfo, context: LoadContext | None = None, *, key: str = ""):
        self.parsed = parsed
        self.g: Graph = parsed.graph
        self.file = source.path.name
        self.source = URIRef(source.iri)
        #: Namespaces a source's identifiers, so two feeds' "monday-7pm" stay two meetings.
        self.key = key
        self.context = context or LoadContext()
        self.retrieved = (source.retrieved_at or datetime.now()).date()
        self._areas: dict[tuple, URIRef] = {}
        #: record IRI -> (the identifier as written, where it was defined, its content if compared)
        self._defined: dict[URIRef, tuple[str, str | None, object]] = {}
        #: record IRI -> (where its first copy is, the fields its copies give), for :meth:`agrees`
        self._copies: dict[URIRef, tuple[str | None, dict[str, object]]] = {}
        #: table or sheet -> id -> where the record with that id was (refused by ``--skip-invalid``)
        self.refused_ids: dict[str, dict[str, str]] = {}

    # -- problems ---------------------------------------------------------------
    def error(self, where: str | None, fld: str | None, reason: str) -> None:
        self.parsed.error(self.file, where, fld, reason)

    def warn(self, where: str | None, fld: str | None, reason: str) -> None:
        self.parsed.warn(self.file, where, fld, reason)

    def check(self, parser, value, where: str | None, fld: str, **kw):
        """``parser(value)``, or None with a located error if the value is not valid."""
        try:
            return parser(value, **kw)
        except ValueError as exc:
            self.error(where, fld, str(exc))
            return None

    def agrees(self, kind: str, ident: object, where: str | None, fields: Mapping[str, object]) -> bool:
        """Whether this copy of a record given more than once (an organisation embedded in each service it
        provides, a location several services use) agrees with the copies before it: every field they
        share has the same value. A field that differs is a located error naming the first copy; a field
        only one copy gives is no conflict (the copies together describe one record)."""
        iri = self.iri(kind, ident)
        first = self._copies.setdefault(iri, (where, dict(fields)))
        if first[1] is fields or first == (where, dict(fields)):
            return True
        at, old = first
        clash = sorted(k for k in fields.keys() & old.keys() if fields[k] != old[k])
        for k in clash:
            self.error(where, k, f"the {kind} {shown(str(ident))} is given again with a different {k} "
                       f"({shown(fields[k])}, not {shown(old[k])} as at {at}): one id, one record")
        for k, v in fields.items():
            old.setdefault(k, v)
        return not clash

    def record(self, where: str) -> bool:
        """Note that a record begins at ``where`` and say whether to build it (False: it was refused,
        so ``--skip-invalid`` leaves it out). Every loader calls this once per record it reads."""
        self.parsed.records[where] = None
        return where not in self.context.skip

    # -- nodes ------------------------------------------------------------------
    def iri(self, kind: str, *ident: object) -> URIRef:
        """The stable IRI of a record from its identifier in this source."""
        return stable_iri(kind, *([self.key] if self.key else []), *map(str, ident))

    def define(self, kind: str, ident: object, where: str | None, fld: str = "id", *,
               content: object = None, fold_case: bool = False, shared: bool = False) -> tuple[URIRef, bool]:
        """The IRI of a record defined at ``where``, and whether this is its first definition.

        IRIs are made from identifiers with case, spaces and punctuation folded
        ("CDT North" and "cdt-north" both give ``.../cdt-north``), so two
        identifiers that differ only in those would silently become one record:
        that is a located error naming both places. The same identifier defined
        again is for the caller to judge; given ``content``, a second copy that
        differs is an error and an identical one a warning, or silent if the record
        is ``shared`` by design (a location several meetings meet at). ``fold_case``
        is for identifiers such as UUIDs whose case means nothing.
        """
        iri = self.iri(kind, ident)
        raw = str(ident).strip()
        first = self._defined.get(iri)
        if first is None:
            self._defined[iri] = (raw, where, content)
            return iri, True
        was, at, old = first
        place = f" (at {at})" if at else ""
        if (was.lower() != raw.lower()) if fold_case else (was != raw):
            self.error(where, fld, f"{shown(raw)} and {shown(was)}{place} differ only in case, spaces or punctuation, "
                       f"so they would become one {kind}; give them identifiers that differ in letters or digits")
        elif content is not None and content != old:
            self.error(where, fld, f"{shown(raw)} is used twice{place} for different records; identifiers must be unique")
        elif content is not None and not shared:
            self.warn(where, fld, f"{shown(raw)} is listed twice{place} with the same content; loaded once")
        return iri, False

    def add(self, s, p, o) -> None:
        if o is not None and o != "":
            self.g.add((s, p, o if isinstance(o, (URIRef, BNode, Literal)) else Literal(o)))

    def text(self, s, p, value: object, *, lang: str | None = "en", where: str | None = None, fld: str | None = None,
             numbers: bool = False) -> None:
        """A text field; empty or missing values add nothing, and anything but text (an object, a list,
        a number unless ``numbers``) is an error at ``where``, never its Python repr."""
        if value is None:
            return
        v = self.check(parse_text, value, where, fld or "", numbers=numbers)
        if v:
            self.g.add((s, p, Literal(v, lang=lang) if lang else Literal(v)))

    def place(self, s, where: str | None) -> None:
        """Note where the source defines record ``s``, so what the shapes find wrong with it is located there too."""
        if where:
            self.parsed.places.setdefault(str(s), where)

    def typed(self, s, rdf_type: URIRef, label: object | None = None, *, where: str | None = None,
              fld: str | None = "name") -> URIRef:
        self.g.add((s, RDF.type, rdf_type))
        self.text(s, RDFS.label, label, where=where, fld=fld)
        return s

    def provenance(self, s, *, verified: object = None, updated: object = None, where: str | None = None,
                   verified_field: str = "last_verified", updated_field: str = "updated") -> None:
        """Cite the source; last verified is the record's own date, else the day the source was retrieved."""
        self.g.add((s, DCTERMS.source, self.source))
        day = self.check(parse_date, verified, where, verified_field) if verified not in (None, "") else None
        stamp = self.check(parse_datetime, updated, where, updated_field) if updated not in (None, "") else None
        if day is None:
            day = stamp.date() if stamp else self.retrieved
        self.g.add((s, LW.lastVerified, Literal(day, datatype=XSD.date)))
        if stamp is not None:
            if stamp.tzinfo is not None:  # kept in UTC, so "10:30+05:00" is not stored as 10:30
                stamp = stamp.astimezone(UTC).replace(tzinfo=None)
            self.g.add((s, LW.updated, Literal(stamp.isoformat(timespec="seconds"), datatype=XSD.dateTime)))

    def concept(self, scheme: str, code: object, where: str | None, fld: str, *, strict: bool = True) -> URIRef | None:
        """The concept for ``code`` in ``scheme``; unknown codes are errors, or warnings if not ``strict``."""
        if code is None or str(code).strip() == "":
            return None
        if not isinstance(code, str):
            self.error(where, fld, f"expected a {scheme} code, found {kind_of(code)}")
            return None
        vocab = vocabulary(scheme)
        c = vocab.get(str(code).strip()) or vocab.get(str(code).strip().lower())
        if c is None:
            say = self.error if strict else self.warn
            known = sorted(k for k in vocab if "/" not in k and k == k.lower() and " " not in k)
            say(where, fld, f"unknown {scheme} code {shown(code.strip())}" + (f"; known codes: {', '.join(known[:40])}" if strict else "; ignored"))
        return c

    def area(self, names: Iterable[str], *, top_type: URIRef = AREA.region, leaf_type: URIRef = AREA.locality) -> URIRef | None:
        """The area for a hierarchy of place names, most general first (``["Lancashire", "Preston"]``).

        Names already in the store are reused; new ones become areas of this
        source, each part of the one before.
        """
        names = [str(n).strip() for n in names if n is not None and str(n).strip()]
        parent: URIRef | None = None
        for i, name in enumerate(names):
            key = tuple(names[: i + 1])
            known = self.context.areas.get(name.lower())
            if known is not None and known != stable_iri("area", *key):  # another source's area: link, don't redefine
                parent = known
                continue
            if key not in self._areas:
                a = stable_iri("area", *key)  # not keyed by source: two feeds' "Acworth" is one place
                self.typed(a, LW.Area, name)
                self.g.add((a, LW.areaType, top_type if i == 0 and len(names) > 1 else leaf_type))
                if parent is not None:
                    self.g.add((a, LW.partOf, parent))
                self._areas[key] = a
            parent = self._areas[key]
        return parent

    def unstated_area(self) -> URIRef:
        """The one area for records whose source names none: they are kept, but match nobody's area."""
        a = UNSTATED_AREA
        if (a, RDF.type, LW.Area) not in self.g:
            self.typed(a, LW.Area, "Area not stated by the source")
            self.g.add((a, LW.areaType, AREA.locality))
        return a

    def hours(self, s, day: int, opens: str, closes: str | None) -> None:
        """A weekly opening: one ``lw:OpeningHours`` node per day."""
        h = URIRef(f"{s}#hours-{day}-{opens.replace(':', '')}")
        self.g.add((s, LW.hours, h))
        self.g.add((h, RDF.type, LW.OpeningHours))
        self.g.add((h, LW.day, Literal(day)))
        self.g.add((h, LW.opens, Literal(opens)))
        if closes:
            self.g.add((h, LW.closes, Literal(closes)))

    def criterion(self, owner: URIRef, name: str, kind: URIRef, dimension: URIRef, *,
                  valid_from: date | None = None, plain: str | None = None, **values) -> URIRef:
        """A sourced, dated criterion; ``values`` maps linkwork property names to a value or a list."""
        c = URIRef(f"{owner}#{name}")
        self.g.add((c, RDF.type, kind))
        self.g.add((c, LW.dimension, dimension))
        self.g.add((c, LW.validFrom, Literal(valid_from or date(2000, 1, 1), datatype=XSD.date)))
        self.text(c, LW.plainWords, plain)
        for prop, v in values.items():
            for item in v if isinstance(v, (list, tuple)) else [v]:
                self.add(c, LW[prop], item)
        self.provenance(c, verified=self.g.value(owner, LW.lastVerified))
        return c

    def rule(self, owner: URIRef, name: str, criteria: list[URIRef], label: str | None = None) -> URIRef:
        r = URIRef(f"{owner}#{name}")
        self.g.add((owner, LW.eligibility, r))
        self.typed(r, LW.EligibilityRule, label)
        for c in criteria:
            self.g.add((r, LW.criterion, c))
        return r

    def exclusion(self, owner: URIRef, name: str, criteria: list[URIRef], reason: str) -> URIRef:
        x = URIRef(f"{owner}#{name}")
        self.g.add((owner, LW.exclusion, x))
        self.g.add((x, RDF.type, LW.Exclusion))
        self.text(x, LW.reason, reason)
        for c in criteria:
            self.g.add((x, LW.criterion, c))
        return x
