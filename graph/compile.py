"""Compile the store into the in-memory model the engines use.

One SPARQL query per class pulls every statement about its instances; the
records are then built in Python. Run once per store version (the core caches
it), so a navigator's query never waits on SPARQL.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, time

from linkwork.graph.model import (
    Area,
    Contact,
    Criterion,
    Dimension,
    Entry,
    Exclusion,
    FundingStream,
    GroupKind,
    Hours,
    Location,
    Model,
    Organisation,
    Route,
    Rule,
    TargetGroup,
    Touchpoint,
    key_of,
    rule_set,
)
from linkwork.graph.namespaces import LW
from linkwork.graph.store import Store

__all__ = ["compile_model", "index_model"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_SOURCE = "http://purl.org/dc/terms/source"
_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"
_SELF = str(LW.SelfReferral)

Props = dict[str, dict[str, list[str]]]


def _props(store: Store, cls: str) -> Props:
    """Every (predicate, object) of every instance of ``cls``, values as lexical strings."""
    out: Props = defaultdict(lambda: defaultdict(list))
    for row in store.query(f"SELECT ?s ?p ?o WHERE {{ ?s a <{cls}> ; ?p ?o }}"):
        out[row["s"].value][row["p"].value].append(row["o"].value)
    return out


def _one(p: dict[str, list[str]], prop, default=None):
    v = p.get(str(prop))
    return min(v) if v else default  # min: deterministic when data has several


def _all(p: dict[str, list[str]], prop) -> list[str]:
    return sorted(set(p.get(str(prop), ())))


def _date(v: str | None) -> date | None:
    return date.fromisoformat(v[:10]) if v else None


def _float(v: str | None) -> float | None:
    return float(v) if v not in (None, "") else None


def _bool(v: str | None) -> bool:
    return v in ("true", "1")


def _time(v: str) -> time:
    if v.startswith("24:00"):
        return time(23, 59, 59)
    hh, mm = v.split(":")[:2]
    return time(int(hh), int(mm))


def compile_model(store: Store) -> Model:
    """Build the :class:`Model` from the live sources of ``store``."""
    m = Model(place_key=store.place_key)
    _labels(store, m)
    _schemes(store, m)
    _dimensions(store, m)
    _areas(store, m)
    locations = m.locations = _locations(store)
    criteria = _criteria(store, m)
    rules = _rules(store, criteria)
    exclusions = _exclusions(store, criteria)
    windows, fellowships = _hours(store), _group_fellowships(store)
    contacts = _contacts(store)
    for cls, kind in ((LW.Service, "service"), (LW.Meeting, "meeting"), (LW.CommunityAsset, "asset")):
        for iri, p in _props(store, str(cls)).items():
            m.entries[iri] = _entry(iri, kind, p, m, rules, exclusions, locations, windows, fellowships, contacts)
    for iri, p in _props(store, str(LW.Touchpoint)).items():
        loc = locations.get(_one(p, LW.location))
        area = _one(p, LW.withinArea) or (loc.area if loc else None)
        m.touchpoints[iri] = Touchpoint(iri, m.label(iri), key_of(_one(p, LW.touchpointType, "")) or None, area, loc)
    for cls in (LW.Organisation, LW.Commissioner):
        for iri, p in _props(store, str(cls)).items():
            m.organisations[iri] = Organisation(
                iri, m.label(iri), key_of(_one(p, LW.orgType, "")) or None, _one(p, LW.parentOrganisation),
                _one(p, LW.hostedBy), _date(_one(p, LW.validFrom)), _date(_one(p, LW.validTo)), _one(p, _SOURCE),
                _one(p, LW.sourceLines), _date(_one(p, LW.lastVerified)), _one(p, _COMMENT, ""))
    for iri, p in _props(store, str(LW.FundingStream)).items():
        m.funding[iri] = FundingStream(iri, m.label(iri), _one(p, LW.funder), _bool(_one(p, LW.ringFenced)),
                                       _date(_one(p, LW.validFrom)), _date(_one(p, LW.validTo)))
    _group_kinds(store, m)
    for row in store.query(f"SELECT ?g ?r WHERE {{ ?g <{LW.membershipRule}> ?r }}"):
        g, r = row["g"].value, row["r"].value
        k = key_of(g)
        if r in rules:
            old = m.target_groups.get(k) or TargetGroup(k, m.label(g))
            m.target_groups[k] = TargetGroup(k, old.label, tuple(sorted((*old.rules, rules[r]), key=lambda x: x.iri)))
    for iri, p in _props(store, str(LW.ReferralRoute)).items():
        m.routes.append(_route(iri, p, criteria))
    m.routes.sort(key=lambda r: r.iri)
    index_model(m)
    return m


def _labels(store: Store, m: Model) -> None:
    for row in store.query(f"SELECT ?s ?l WHERE {{ {{ ?s <{_LABEL}> ?l }} UNION {{ ?s <{_PREF}> ?l }} }}"):
        m.labels.setdefault(row["s"].value, row["l"].value)


def _schemes(store: Store, m: Model) -> None:
    members: dict[str, set[str]] = defaultdict(set)
    for row in store.query(f"SELECT ?c ?s WHERE {{ ?c <{_IN_SCHEME}> ?s }}"):
        members[key_of(row["s"].value)].add(key_of(row["c"].value))
    m.schemes = {k: frozenset(v) for k, v in members.items()}
    ranks: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.query(f"SELECT ?c ?s ?r WHERE {{ ?c <{_IN_SCHEME}> ?s ; <{LW.rank}> ?r }}"):
        ranks[key_of(row["s"].value)][key_of(row["c"].value)] = int(row["r"].value)
    m.ranks = dict(ranks)
    for row in store.query(f"SELECT ?c ?code WHERE {{ ?c <{_IN_SCHEME}> <https://w3id.org/linkwork/vocab/meeting-type> ; "
                           f"<{LW.meetingGuideCode}> ?code }}"):
        m.meeting_codes.setdefault(row["code"].value, key_of(row["c"].value))
    for row in store.query(f"SELECT ?c ?d WHERE {{ ?c <{_IN_SCHEME}> <https://w3id.org/linkwork/vocab/substance> ; <{LW.needDomain}> ?d }}"):
        m.substance_domains[key_of(row["c"].value)] = key_of(row["d"].value)
    for row in store.query(f"SELECT ?c ?d WHERE {{ ?c <{_IN_SCHEME}> <https://w3id.org/linkwork/vocab/order-requirement> ; <{LW.needDomain}> ?d }}"):
        m.requirement_domains[key_of(row["c"].value)] = key_of(row["d"].value)


def _group_kinds(store: Store, m: Model) -> None:
    m.group_kinds = _kinds(store, m, "https://w3id.org/linkwork/vocab/group-kind")
    m.help_kinds = _kinds(store, m, "https://w3id.org/linkwork/vocab/mutual-aid-help")


def _kinds(store: Store, m: Model, scheme: str) -> dict[str, GroupKind]:
    """Concepts of ``scheme`` with the meeting types, audiences and fellowships that make a meeting one."""
    out: dict[str, GroupKind] = {}
    rows: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in store.query(f"SELECT ?c ?p ?o WHERE {{ ?c <{_IN_SCHEME}> <{scheme}> ; ?p ?o }}"):
        rows[row["c"].value][row["p"].value].append(row["o"].value)
    for iri, p in rows.items():
        k = key_of(iri)
        out[k] = GroupKind(
            k, m.label(iri), frozenset(key_of(v) for v in p.get(str(LW.matchesMeetingType), ())),
            frozenset(key_of(v) for v in p.get(str(LW.matchesAudience), ())),
            frozenset(key_of(v) for v in p.get(str(LW.matchesFellowship), ())), _bool(_one(p, LW.criticalMassCheck)))
    return out


def _dimensions(store: Store, m: Model) -> None:
    for iri, p in _props(store, str(LW.Dimension)).items():
        k = key_of(iri)
        scheme = _one(p, LW.valueScheme)
        m.dimensions[k] = Dimension(
            k, _one(p, LW.dimensionKind, "set"), m.label(iri), _one(p, LW.question, f"What is your {k}?"),
            _bool(_one(p, LW.perDomain)), _one(p, LW.unit), key_of(scheme) if scheme else None)


def _areas(store: Store, m: Model) -> None:
    raw = _props(store, str(LW.Area))
    parents = {iri: tuple(_all(p, LW.partOf)) for iri, p in raw.items()}

    def ancestors(iri: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        out = {iri}
        for parent in parents.get(iri, ()):
            if parent not in seen:
                out |= ancestors(parent, seen | {iri})
        return frozenset(out)

    for iri, p in raw.items():
        pop = _one(p, LW.population)
        codes = tuple(c.upper().replace(" ", "") for c in _all(p, LW.postcodeDistrict))
        m.areas[iri] = Area(iri, m.label(iri), key_of(_one(p, LW.areaType, "")) or None, parents[iri],
                            ancestors(iri), codes, _float(_one(p, LW.latitude)), _float(_one(p, LW.longitude)),
                            int(pop) if pop else None, _bool(_one(p, LW.smallTown)), gss_code=_one(p, LW.gssCode))
        for c in codes:
            m.postcode_areas.setdefault(c, iri)
    for iri in sorted(m.areas):  # the first IRI in order wins, as for postcode districts
        if m.areas[iri].gss_code:
            m.gss_areas.setdefault(m.areas[iri].gss_code, iri)


def _locations(store: Store) -> dict[str, Location]:
    out = {}
    for iri, p in _props(store, str(LW.Location)).items():
        out[iri] = Location(iri, _one(p, LW.withinArea), _float(_one(p, LW.latitude)), _float(_one(p, LW.longitude)),
                            _bool(_one(p, LW.confidential)), _one(p, _LABEL, ""))
    return out


def _criteria(store: Store, m: Model) -> dict[str, Criterion]:
    out = {}
    kinds = {"RangeCriterion": "range", "SetCriterion": "set", "AreaCriterion": "area",
             "RequirementCriterion": "requirement"}
    for cls, kind in kinds.items():
        for iri, p in _props(store, str(LW[cls])).items():
            dim_key = key_of(_one(p, LW.dimension, ""))
            dim = m.dimensions.get(dim_key)
            lo, hi = _float(_one(p, LW.minimum)), _float(_one(p, LW.maximum))
            lo_l, hi_l = _one(p, LW.minimumLevel), _one(p, LW.maximumLevel)
            if dim is not None and dim.kind == "ordinal":
                scale = m.ranks.get(dim.scheme or "", {})
                if lo_l:
                    lo = float(scale.get(key_of(lo_l), 0))
                if hi_l:
                    hi = float(scale.get(key_of(hi_l), 0))
            req = _one(p, LW.requiredValue)
            domain = _one(p, LW.needDomain)
            out[iri] = Criterion(
                iri, kind, dim_key, key_of(domain) if domain else None, lo, hi,
                frozenset(key_of(v) for v in _all(p, LW.allowedValue)), _one(p, LW.withinArea),
                None if req is None else _bool(req), _one(p, LW.unit),
                _date(_one(p, LW.validFrom)), _date(_one(p, LW.validTo)),
                _one(p, LW.plainWords, "") or m.label(iri), _one(p, _SOURCE), _one(p, LW.sourceLines),
                key_of(lo_l) if lo_l else None, key_of(hi_l) if hi_l else None,
                last_verified=_date(_one(p, LW.lastVerified)))
    return out


def _rules(store: Store, criteria: dict[str, Criterion]) -> dict[str, Rule]:
    out = {}
    for iri, p in _props(store, str(LW.EligibilityRule)).items():
        crit = tuple(criteria[c] for c in _all(p, LW.criterion) if c in criteria)
        out[iri] = Rule(iri, crit, _one(p, _LABEL, ""), _date(_one(p, LW.validFrom)), _date(_one(p, LW.validTo)))
    return out


def _exclusions(store: Store, criteria: dict[str, Criterion]) -> dict[str, Exclusion]:
    out = {}
    for iri, p in _props(store, str(LW.Exclusion)).items():
        crit = tuple(criteria[c] for c in _all(p, LW.criterion) if c in criteria)
        out[iri] = Exclusion(iri, crit, _one(p, LW.reason, ""), _date(_one(p, LW.validFrom)), _date(_one(p, LW.validTo)))
    return out


def _hours(store: Store) -> dict[str, list[Hours]]:
    out: dict[str, list[Hours]] = defaultdict(list)
    for row in store.query(
        f"SELECT ?s ?d ?o ?c WHERE {{ ?s <{LW.hours}> ?h . ?h <{LW.day}> ?d ; <{LW.opens}> ?o ; <{LW.closes}> ?c }}"
    ):
        try:
            out[row["s"].value].append(Hours(int(row["d"].value), _time(row["o"].value), _time(row["c"].value)))
        except ValueError:
            continue  # malformed times are reported by validation at load
    return out


def _group_fellowships(store: Store) -> dict[str, str]:
    return {row["g"].value: key_of(row["f"].value)
            for row in store.query(f"SELECT ?g ?f WHERE {{ ?g <{LW.fellowship}> ?f }}")}


def _contacts(store: Store) -> dict[str, Contact]:
    out = {}
    for iri, p in _props(store, str(LW.Contact)).items():
        out[iri] = Contact(_one(p, LW.telephone), _one(p, LW.email), _one(p, LW.contactTitle), _bool(_one(p, LW.staffOnly)))
    return out


def _entry_contacts(p, contacts: dict[str, Contact]) -> tuple[Contact, ...]:
    """The entry's own public telephone and email, then its contacts, public ones first."""
    own = [Contact(telephone=t) for t in _all(p, LW.telephone)] + [Contact(email=e) for e in _all(p, LW.email)]
    linked = sorted((contacts[c] for c in _all(p, LW.contact) if c in contacts),
                    key=lambda c: (c.staff_only, c.title or "", c.telephone or "", c.email or ""))
    return tuple(own + linked)


def _entry(iri, kind, p, m: Model, rules, exclusions, locations, windows, fellowships, contacts) -> Entry:
    loc = locations.get(_one(p, LW.location))
    areas = tuple(_all(p, LW.areaServed)) or ((loc.area,) if loc and loc.area else ())
    return Entry(
        iri=iri, kind=kind, label=m.label(iri), areas=areas,
        types=frozenset(key_of(v) for v in _all(p, LW.serviceType)),
        domains=frozenset(key_of(v) for v in _all(p, LW.needDomain)),
        rules=tuple(rules[r] for r in _all(p, LW.eligibility) if r in rules),
        exclusions=tuple(exclusions[x] for x in _all(p, LW.exclusion) if x in exclusions),
        hours=tuple(_entry_hours(p, windows, iri)),
        always_open=_bool(_one(p, LW.alwaysOpen)), time_limited=_bool(_one(p, LW.timeLimited)),
        broker=_bool(_one(p, LW.broker)), location=loc,
        touchpoints=frozenset(_all(p, LW.servesTouchpoint)),
        holds_status=frozenset(key_of(v) for v in _all(p, LW.holdsStatus)),
        target_groups=frozenset(key_of(v) for v in _all(p, LW.targetGroup)),
        goods=frozenset(key_of(v) for v in _all(p, LW.supportsGood)),
        capitals=frozenset(key_of(v) for v in _all(p, LW.buildsCapital)),
        ways=frozenset(key_of(v) for v in _all(p, LW.wellbeingWay)),
        audiences=frozenset(key_of(v) for v in _all(p, LW.audience)),
        meeting_types=frozenset(key_of(v) for v in _all(p, LW.meetingType)),
        fellowship=key_of(_one(p, LW.fellowship, "")) or fellowships.get(_one(p, LW.group, "")),
        attendance_mode=key_of(_one(p, LW.attendanceMode, "")) or None,
        conference_url=_one(p, LW.conferenceUrl),
        funding=frozenset(_all(p, LW.fundedBy)), provider=_one(p, LW.providedBy),
        valid_from=_date(_one(p, LW.validFrom)), valid_to=_date(_one(p, LW.validTo)),
        status=_one(p, LW.status), source=_one(p, _SOURCE), lines=_one(p, LW.sourceLines),
        last_verified=_date(_one(p, LW.lastVerified)), description=_one(p, _COMMENT, ""),
        url=_one(p, LW.url), contacts=_entry_contacts(p, contacts),
    )


def _entry_hours(p, windows: dict[str, list[Hours]], iri: str) -> list[Hours]:
    """Opening windows; meetings give their day and time directly."""
    hours = list(windows.get(iri, []))
    days, opens = _all(p, LW.day), _one(p, LW.opens)
    if days and opens and not hours:
        closes = _one(p, LW.closes) or opens
        hours = [Hours(int(d), _time(opens), _time(closes)) for d in days]
    return sorted(hours, key=lambda h: (h.day, h.opens))


def _route(iri: str, p, criteria: dict[str, Criterion]) -> Route:
    origin = _one(p, LW["from"])
    wait = _float(_one(p, LW.waitingDays))
    return Route(
        iri=iri, target=_one(p, LW.to, ""), origin="self" if origin == _SELF else origin,
        origin_type=key_of(_one(p, LW.fromServiceType, "")) or None,
        method=key_of(_one(p, LW.method, "")) or None, coercion=key_of(_one(p, LW.coercion, "")) or None,
        requirements=tuple(criteria[c] for c in _all(p, LW.requirement) if c in criteria),
        prerequisites=frozenset(key_of(v) for v in _all(p, LW.prerequisite)),
        waiting_days=wait if wait is not None else 0.0,
        handover=key_of(_one(p, LW.handover, "")) or None, carried_by=_one(p, LW.carriedBy),
        valid_from=_date(_one(p, LW.validFrom)), valid_to=_date(_one(p, LW.validTo)),
        source=_one(p, _SOURCE), lines=_one(p, LW.sourceLines),
    )


def index_model(m: Model) -> None:
    """(Re)build the lookup tables: entries by area and type, routes in and out."""
    # new tables, not cleared ones: a what-if copy of the model must not share them with the original
    m.by_area, m.by_type, m.by_domain, m.routes_in, m.routes_out, m.brokers = {}, {}, {}, {}, {}, []
    m.status_holders, m.by_target_group = {}, {}
    m.cache, m.rulesets, m.rule_sets, m.points, m.pools = {}, {}, {}, {}, {}
    for e in sorted(m.entries.values(), key=lambda e: e.iri):
        for a in e.areas or ("",):  # "" holds entries with no area: online or national
            m.by_area.setdefault(a, []).append(e.iri)
        for t in e.types:
            m.by_type.setdefault(t, []).append(e.iri)
        for d in e.domains:
            m.by_domain.setdefault(d, []).append(e.iri)
        signature = m.rule_sets[e.iri] = rule_set(e)
        if e.kind == "service" and not e.broker:
            for d in e.domains:
                for a in e.areas or ("",):
                    m.rulesets.setdefault((d, a), {}).setdefault(signature, []).append(e.iri)
        if e.broker:
            m.brokers.append(e.iri)
        for st in e.holds_status:
            m.status_holders.setdefault(st, []).append(e.iri)
        for tg in e.target_groups:
            m.by_target_group.setdefault(tg, []).append(e.iri)
    for r in m.routes:
        m.routes_in.setdefault(r.target, []).append(r)
        if r.origin:
            m.routes_out.setdefault(r.origin, []).append(r)
        if r.origin_type:
            for src in m.by_type.get(r.origin_type, ()):
                m.routes_out.setdefault(src, []).append(r)
