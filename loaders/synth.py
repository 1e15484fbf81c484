"""A deterministic, national-size directory for benchmarks and scale tests.

Areas nest as regions > counties > districts; each district gets services whose
eligibility rules, exclusions and referral routes follow the shapes of the
illustrative Lancashire graph (drug teams for opiate users, talking therapies
that exclude dependence, secondary care for severe illness only, housing that
needs a local connection, probation dated at 1 February 2015, a detox with no
way out...), plus touchpoints, meetings, community assets and funding. Output is
N-Triples written with plain string formatting, in sorted, seeded order: the
same seed gives byte-identical files.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> summary = write_synth(out, services=200, seed=7)
>>> summary["services"], sorted(p.name for p in out.iterdir())
(200, ['synth.nt'])
>>> write_synth(out, services=200, seed=7)["sha256"] == summary["sha256"]
True
"""
from __future__ import annotations

import hashlib
import random
from pathlib import Path

__all__ = ["write_synth", "TEMPLATES"]

NS = "https://w3id.org/linkwork/"
LW = NS + "ns#"
V = NS + "vocab/"
DIM = NS + "dimension/"
SYN = NS + "synth/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SOURCE = "http://purl.org/dc/terms/source"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: A SetCriterion's allowed values, a RangeCriterion's (minimum, maximum) or a RequirementCriterion's required value.
_Values = tuple[str | int | None, ...] | bool

# criterion key -> (class, dimension, need domain, values or (min, max), unit/level kind, valid from, valid to)
CRITERIA: dict[str, tuple[str, str, str | None, _Values, str | None, str, str | None]] = {
    "dependent-or-script": ("SetCriterion", "use-status", None, ("active", "on-script", "on-script-using-on-top"), "use-status", "2008-04-01", None),
    "opiates": ("SetCriterion", "substance", None, ("opiates", "crack", "benzodiazepines"), "substance", "2008-04-01", None),
    "alcohol": ("SetCriterion", "substance", None, ("alcohol",), "substance", "2010-04-01", None),
    "mh-mild-moderate": ("RangeCriterion", "severity", "mental-health", ("mild", "moderate"), "severity", "2010-04-01", None),
    "mh-mild-only": ("RangeCriterion", "severity", "mental-health", ("mild", "mild"), "severity", "2010-04-01", None),
    "mh-severe": ("RangeCriterion", "severity", "mental-health", ("severe", None), "severity", "2010-04-01", None),
    "any-dependence": ("SetCriterion", "use-status", None, ("active", "on-script", "on-script-using-on-top"), "use-status", "2010-04-01", None),
    "active-use": ("SetCriterion", "use-status", None, ("active", "on-script-using-on-top"), "use-status", "2010-04-01", None),
    "local-connection": ("RequirementCriterion", "local-connection", None, True, None, "1996-01-20", None),
    "intentionally-homeless": ("RequirementCriterion", "intentionally-homeless", None, True, None, "1996-01-20", None),
    "photo-id": ("RequirementCriterion", "photo-id", None, True, None, "2010-04-01", None),
    "abstinent": ("SetCriterion", "use-status", None, ("abstinent",), "use-status", "2010-04-01", None),
    "stable-script": ("SetCriterion", "use-status", None, ("on-script",), "use-status", "2008-04-01", None),
    "mh-not-complex": ("RangeCriterion", "severity", "mental-health", (None, "mild"), "severity", "2008-04-01", None),
    "risk-medium": ("RangeCriterion", "risk-tier", None, (None, "medium"), "risk", "2013-01-01", None),
    "supervised": ("SetCriterion", "cj-status", None, ("licence", "community-order", "suspended-sentence"), "cj-status", "1991-10-01", None),
    "released": ("SetCriterion", "cj-status", None, ("released",), "cj-status", "1991-10-01", None),
    "sentence-12": ("RangeCriterion", "sentence-months", None, (12, None), "month", "1991-10-01", "2015-01-31"),
    "sentence-any": ("RangeCriterion", "sentence-months", None, (0, None), "month", "2015-02-01", None),
    "not-supervised": ("SetCriterion", "cj-status", None, ("released", "post-supervision", "bail", "police-custody", "none"), "cj-status", "2010-04-01", None),
    "adult": ("RangeCriterion", "age", None, (18, None), "year", "2010-04-01", None),
    "young-adult": ("RangeCriterion", "age", None, (18, 25), "year", "2010-04-01", None),
    "women": ("SetCriterion", "gender", None, ("female",), "gender", "2009-04-01", None),
    "custody": ("SetCriterion", "cj-status", None, ("police-custody", "bail", "remand"), "cj-status", "2009-04-01", None),
    "steroids": ("SetCriterion", "substance", None, ("steroids",), "substance", "2010-04-01", None),
}

# service type -> (weight, need domains, rules (lists of criterion keys), exclusions, self-referral?, broker, time-limited)
TEMPLATES = {
    "community-drug-team": (8, ("drugs",), [["dependent-or-script", "opiates"]], [], True, False, False),
    "alcohol-service": (5, ("alcohol",), [["alcohol"]], [], True, False, False),
    "primary-mental-health": (8, ("mental-health",), [["mh-mild-moderate"], ["mh-mild-only"]], [["any-dependence"]], True, False, False),
    "secondary-mental-health": (5, ("mental-health",), [["mh-severe"]], [["active-use"]], False, False, False),
    "housing-options": (6, ("housing",), [["local-connection"]], [["intentionally-homeless"]], True, False, False),
    "hostel": (4, ("housing",), [["photo-id"]], [], False, False, False),
    "recovery-housing": (2, ("housing",), [["abstinent"]], [], False, False, False),
    "supported-housing": (3, ("housing",), [], [], False, False, False),
    "shared-care": (3, ("drugs",), [["stable-script", "mh-not-complex"]], [], False, False, False),
    "needle-exchange": (4, ("drugs", "physical-health"), [], [["steroids"]], True, False, False),
    "advice-information": (4, ("drugs", "alcohol"), [], [], True, False, False),
    "detox": (2, ("drugs", "alcohol"), [["dependent-or-script"], ["alcohol"]], [], False, False, True),
    "probation": (1, ("offending",), [["supervised"], ["released", "sentence-12", "sentence-any"]], [], False, False, False),
    "peer-mentoring": (2, ("offending", "employment"), [["risk-medium", "supervised"]], [], False, False, False),
    "link-worker": (2, ("housing", "mental-health", "drugs", "finance"), [["not-supervised", "adult"]], [], True, True, False),
    "liaison-diversion": (1, ("mental-health", "drugs"), [["custody"]], [], False, True, False),
    "womens-centre": (2, ("offending", "family", "domestic-abuse"), [["women"]], [], True, False, False),
    "recovery-coordination": (3, ("employment",), [["dependent-or-script"], ["abstinent"]], [], False, False, False),
    "employment-support": (3, ("employment",), [["adult"], ["young-adult"]], [], True, False, False),
}
# who refers to whom (by service type)
REFERRERS = {
    "secondary-mental-health": ["primary-mental-health", "liaison-diversion", "gp"],
    "hostel": ["housing-options", "link-worker"],
    "recovery-housing": ["community-drug-team"],
    "supported-housing": ["housing-options", "probation"],
    "shared-care": ["community-drug-team"],
    "detox": ["community-drug-team", "alcohol-service"],
    "probation": [],
    "peer-mentoring": ["probation"],
    "liaison-diversion": [],
    "recovery-coordination": ["community-drug-team", "alcohol-service"],
    "community-drug-team": ["liaison-diversion", "link-worker"],
    "primary-mental-health": ["gp"],
}
SCALE_KEYS: dict[str | None, str] = {"use-status": "use-status", "substance": "substance", "severity": "severity", "risk": "risk",
              "cj-status": "cj-status", "gender": "gender"}


def _iri(x: str) -> str:
    return f"<{x}>"


def _lit(v, dt: str | None = None, lang: str | None = None) -> str:
    s = str(v).replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{s}"@{lang}'
    return f'"{s}"^^<{XSD}{dt}>' if dt else f'"{s}"'


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def t(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .")

    def prov(self, s: str) -> None:
        self.t(s, _iri(SOURCE), _iri(SYN + "dataset"))
        self.t(s, _iri(LW + "sourceLines"), _lit("synthetic"))
        self.t(s, _iri(LW + "lastVerified"), _lit("2026-11-24", "date"))


def write_synth(out: Path, *, services: int, seed: int = 1) -> dict:
    """Write ``out/synth.nt`` with about ``services`` services; returns counts and the file's SHA-256."""
    rnd = random.Random(seed)
    w = _Writer()
    T = _iri(RDF_TYPE)
    L = _iri(LABEL)
    ds = _iri(SYN + "dataset")
    w.t(ds, T, _iri(LW + "Source"))
    w.t(ds, L, _lit("Synthetic national directory (generated, not real)", lang="en"))
    w.t(ds, _iri(LW + "sourceKind"), _iri(V + "source-kind/illustrative"))
    w.t(ds, _iri(LW + "illustrative"), _lit("true", "boolean"))

    # areas: regions > counties > districts
    n_districts = max(4, services // 700)
    n_counties = max(1, n_districts // 8)
    n_regions = max(1, n_counties // 5)
    regions = [f"{SYN}area/region-{i}" for i in range(n_regions)]
    counties = [f"{SYN}area/county-{i}" for i in range(n_counties)]
    districts = [f"{SYN}area/district-{i}" for i in range(n_districts)]
    county_of = {}
    for i, r in enumerate(regions):
        w.t(_iri(r), T, _iri(LW + "Area"))
        w.t(_iri(r), L, _lit(f"Region {i} (synthetic)", lang="en"))
        w.t(_iri(r), _iri(LW + "areaType"), _iri(V + "area-type/region"))
    for i, c in enumerate(counties):
        w.t(_iri(c), T, _iri(LW + "Area"))
        w.t(_iri(c), L, _lit(f"County {i} (synthetic)", lang="en"))
        w.t(_iri(c), _iri(LW + "areaType"), _iri(V + "area-type/county"))
        w.t(_iri(c), _iri(LW + "partOf"), _iri(regions[i % n_regions]))
    for i, d in enumerate(districts):
        county = counties[i % n_counties]
        county_of[d] = county
        lat, lon = 50.5 + rnd.random() * 4.5, -3.5 + rnd.random() * 3.5
        w.t(_iri(d), T, _iri(LW + "Area"))
        w.t(_iri(d), L, _lit(f"District {i} (synthetic)", lang="en"))
        w.t(_iri(d), _iri(LW + "areaType"), _iri(V + "area-type/district"))
        w.t(_iri(d), _iri(LW + "partOf"), _iri(county))
        w.t(_iri(d), _iri(LW + "postcodeDistrict"), _lit(f"SY{i}"))
        w.t(_iri(d), _iri(LW + "latitude"), _lit(f"{lat:.4f}", "decimal"))
        w.t(_iri(d), _iri(LW + "longitude"), _lit(f"{lon:.4f}", "decimal"))
        if i % 17 == 5:
            town = f"{SYN}area/town-{i}"
            w.t(_iri(town), T, _iri(LW + "Area"))
            w.t(_iri(town), L, _lit(f"Small town {i} (synthetic)", lang="en"))
            w.t(_iri(town), _iri(LW + "areaType"), _iri(V + "area-type/town"))
            w.t(_iri(town), _iri(LW + "partOf"), _iri(d))
            w.t(_iri(town), _iri(LW + "smallTown"), _lit("true", "boolean"))
            w.t(_iri(town), _iri(LW + "population"), _lit(4000 + i, "integer"))

    # criteria and rules, shared nationally (as national thresholds are)
    for key, (cls, dim, domain, vals, kind, vfrom, vto) in sorted(CRITERIA.items()):
        c = _iri(f"{SYN}criterion/{key}")
        w.t(c, T, _iri(LW + cls))
        w.t(c, _iri(LW + "dimension"), _iri(DIM + dim))
        w.t(c, _iri(LW + "plainWords"), _lit(key.replace("-", " "), lang="en"))
        w.t(c, _iri(LW + "validFrom"), _lit(vfrom, "date"))
        if vto:
            w.t(c, _iri(LW + "validTo"), _lit(vto, "date"))
        if domain:
            w.t(c, _iri(LW + "needDomain"), _iri(V + f"need/{domain}"))
        if isinstance(vals, bool):  # a RequirementCriterion
            w.t(c, _iri(LW + "requiredValue"), _lit("true" if vals else "false", "boolean"))
        elif cls == "SetCriterion":
            for v in vals:
                w.t(c, _iri(LW + "allowedValue"), _iri(V + f"{SCALE_KEYS[kind]}/{v}"))
        else:
            lo, hi = vals
            if kind in ("severity", "risk"):
                if lo:
                    w.t(c, _iri(LW + "minimumLevel"), _iri(V + f"{kind}/{lo}"))
                if hi:
                    w.t(c, _iri(LW + "maximumLevel"), _iri(V + f"{kind}/{hi}"))
            else:
                if lo is not None:
                    w.t(c, _iri(LW + "minimum"), _lit(lo, "integer"))
                if hi is not None:
                    w.t(c, _iri(LW + "maximum"), _lit(hi, "integer"))
                w.t(c, _iri(LW + "unit"), _lit(kind))
        w.prov(c)
    rule_iris: dict[tuple, str] = {}

    def rule(keys: list[str], excl: bool = False) -> str:
        k = (excl, tuple(keys))
        if k not in rule_iris:
            iri = f"{SYN}{'exclusion' if excl else 'rule'}/{'-'.join(keys)}"
            rule_iris[k] = iri
            r = _iri(iri)
            w.t(r, T, _iri(LW + ("Exclusion" if excl else "EligibilityRule")))
            for ck in keys:
                w.t(r, _iri(LW + "criterion"), _iri(f"{SYN}criterion/{ck}"))
            if excl:
                w.t(r, _iri(LW + "reason"), _lit(f"excludes: {' and '.join(keys)}", lang="en"))
        return rule_iris[k]

    org = _iri(SYN + "org/provider")
    w.t(org, T, _iri(LW + "Organisation"))
    w.t(org, L, _lit("Synthetic provider", lang="en"))
    w.prov(org)
    funders = []
    for i in range(len(counties)):
        f = _iri(f"{SYN}funding/county-{i}")
        funders.append(f)
        w.t(f, T, _iri(LW + "FundingStream"))
        w.t(f, L, _lit(f"County {i} public health grant (synthetic)", lang="en"))
        w.t(f, _iri(LW + "funder"), org)
        w.t(f, _iri(LW + "ringFenced"), _lit("false", "boolean"))
        w.prov(f)

    # touchpoints
    touchpoints: dict[str, list[str]] = {}
    for i, d in enumerate(districts):
        for kind in ("police-custody",) + (("court",) if i % 2 == 0 else ()) + (("prison",) if i % 10 == 0 else ()):
            tp = f"{SYN}touchpoint/{kind}-{i}"
            touchpoints.setdefault(d, []).append(tp)
            w.t(_iri(tp), T, _iri(LW + "Touchpoint"))
            w.t(_iri(tp), L, _lit(f"{kind.replace('-', ' ')} {i} (synthetic)", lang="en"))
            w.t(_iri(tp), _iri(LW + "touchpointType"), _iri(V + f"touchpoint/{kind}"))
            w.t(_iri(tp), _iri(LW + "withinArea"), _iri(d))
            w.prov(_iri(tp))

    # services
    types = sorted(TEMPLATES)
    weights = [TEMPLATES[t][0] for t in types]
    by_district_type: dict[tuple[str, str], list[str]] = {}
    route_n = 0
    for n in range(services):
        d = districts[n % n_districts]
        stype = rnd.choices(types, weights)[0]
        _weight, domains, rules, excls, self_ref, broker, limited = TEMPLATES[stype]
        level = rnd.random()
        county = county_of[d]
        area = d if level < 0.85 else (county if level < 0.97 else regions[counties.index(county) % n_regions])
        s = f"{SYN}service/{n}"
        S = _iri(s)
        w.t(S, T, _iri(LW + "Service"))
        w.t(S, L, _lit(f"{stype.replace('-', ' ')} {n} (synthetic)", lang="en"))
        w.t(S, _iri(LW + "providedBy"), org)
        w.t(S, _iri(LW + "serviceType"), _iri(V + f"service-type/{stype}"))
        for dom in domains:
            w.t(S, _iri(LW + "needDomain"), _iri(V + f"need/{dom}"))
        w.t(S, _iri(LW + "areaServed"), _iri(area))
        if rules:
            chosen = rules if len(rules) == 1 or stype in ("probation", "detox", "recovery-coordination") else [rnd.choice(rules)]
            for keys in chosen:
                w.t(S, _iri(LW + "eligibility"), _iri(rule(keys)))
        for x in excls:
            if stype != "needle-exchange" or rnd.random() < 0.3:
                w.t(S, _iri(LW + "exclusion"), _iri(rule(x, excl=True)))
        if broker:
            w.t(S, _iri(LW + "broker"), _lit("true", "boolean"))
        if limited:
            w.t(S, _iri(LW + "timeLimited"), _lit("true", "boolean"))
        if stype == "liaison-diversion":
            for tp in touchpoints.get(d, []):
                if rnd.random() < 0.7:
                    w.t(S, _iri(LW + "servesTouchpoint"), _iri(tp))
        w.t(S, _iri(LW + "fundedBy"), funders[districts.index(d) % n_counties] if n_counties else funders[0])
        w.prov(S)
        by_district_type.setdefault((d, stype), []).append(s)
        # referral routes
        origins: list[tuple[str, bool]] = []  # (origin, whether it is a service type rather than a record)
        if self_ref:
            origins.append(("self", False))
        for ref in REFERRERS.get(stype, []):
            peers = by_district_type.get((d, ref))
            if peers:
                origins.append((rnd.choice(peers), False))
            elif ref == "gp":
                origins.append(("gp", True))
        if stype == "liaison-diversion":
            origins.extend((tp, False) for tp in touchpoints.get(d, []) if "custody" in tp)
        if stype == "probation":
            origins.extend((tp, False) for tp in touchpoints.get(d, []) if "court" in tp or "prison" in tp)
        for origin, of_type in origins:
            r = _iri(f"{SYN}route/{route_n}")
            route_n += 1
            w.t(r, T, _iri(LW + "ReferralRoute"))
            if of_type:
                w.t(r, _iri(LW + "fromServiceType"), _iri(V + f"service-type/{origin}"))
            else:
                w.t(r, _iri(LW + "from"), _iri(LW + "SelfReferral") if origin == "self" else _iri(origin))
            w.t(r, _iri(LW + "to"), S)
            w.t(r, _iri(LW + "method"), _iri(V + ("referral-method/self-referral" if origin == "self" else "referral-method/professional-referral")))
            w.t(r, _iri(LW + "waitingDays"), _lit(rnd.choice([0, 2, 5, 14, 28]), "integer"))
            w.t(r, _iri(LW + "handover"), _iri(V + f"handover/{'cold' if origin == 'self' else rnd.choice(['warm', 'cold'])}"))
            w.prov(r)

    # mutual aid meetings and community assets
    fellowships = ["aa", "na", "smart"]
    n_meetings = services // 4
    for m in range(n_meetings):
        d = districts[m % n_districts]
        fel = fellowships[m % 3]
        M = _iri(f"{SYN}meeting/{m}")
        w.t(M, T, _iri(LW + "Meeting"))
        w.t(M, L, _lit(f"{fel.upper()} meeting {m} (synthetic)", lang="en"))
        w.t(M, _iri(LW + "fellowship"), _iri(V + f"fellowship/{fel}"))
        w.t(M, _iri(LW + "day"), _lit(rnd.randrange(7), "integer"))
        w.t(M, _iri(LW + "opens"), _lit(f"{rnd.choice([10, 12, 18, 19])}:30"))
        w.t(M, _iri(LW + "attendanceMode"), _iri(V + "attendance-mode/in-person"))
        w.t(M, _iri(LW + "areaServed"), _iri(d))
        if fel == "aa":
            w.t(M, _iri(LW + "eligibility"), _iri(rule(["alcohol"])))
        if m % 9 == 0:
            w.t(M, _iri(LW + "meetingType"), _iri(V + "meeting-type/women"))
            w.t(M, _iri(LW + "eligibility"), _iri(rule(["women"])))
        w.prov(M)
    goods = ["knowledge", "excellence-in-work", "community", "relatedness", "inner-peace", "excellence-in-play"]
    for a in range(services // 5):
        d = districts[a % n_districts]
        A = _iri(f"{SYN}asset/{a}")
        w.t(A, T, _iri(LW + "CommunityAsset"))
        w.t(A, L, _lit(f"Community asset {a} (synthetic)", lang="en"))
        w.t(A, _iri(LW + "assetKind"), _iri(V + "asset-kind/" + rnd.choice(["association", "institution", "economic"])))
        w.t(A, _iri(LW + "areaServed"), _iri(d))
        for g in rnd.sample(goods, 2):
            w.t(A, _iri(LW + "supportsGood"), _iri(V + f"good-lives/{g}"))
        w.prov(A)

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(w.lines) + "\n").encode()
    (out / "synth.nt").write_bytes(data)
    return {"services": services, "districts": n_districts, "meetings": n_meetings, "routes": route_n,
            "triples": len(w.lines), "path": str(out / "synth.nt"), "sha256": hashlib.sha256(data).hexdigest()}
