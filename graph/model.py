"""The compiled model: plain, frozen records built once from the store.

The engines (eligibility, pathways, gaps) read these rather than RDF, so a
navigator's query touches Python objects, not SPARQL. Concept values are kept
as short keys (the last segment of the concept IRI: ``on-script``,
``moderate``), the words navigators and profiles use.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

__all__ = [
    "Criterion", "Rule", "Exclusion", "Hours", "Location", "Area", "Entry", "Route",
    "Touchpoint", "Dimension", "FundingStream", "Organisation", "Contact", "Model", "key_of", "in_force", "rule_set",
]


def key_of(iri: str) -> str:
    """The short key of a concept or record IRI.

    >>> key_of("https://w3id.org/linkwork/vocab/use-status/on-script")
    'on-script'
    >>> key_of("https://w3id.org/linkwork/ns#SelfReferral")
    'SelfReferral'
    """
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def in_force(valid_from: date | None, valid_to: date | None, on: date) -> bool:
    """Whether something dated ``valid_from``..``valid_to`` (inclusive) applies on ``on``.

    >>> in_force(date(2015, 2, 1), None, date(2013, 6, 14))
    False
    >>> in_force(None, date(2015, 1, 31), date(2013, 6, 14))
    True
    """
    return (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to)


@dataclass(frozen=True)
class Dimension:
    """One axis of a person's situation, as ``ontology/dimensions.ttl`` defines it."""

    key: str
    kind: str  # number | ordinal | set | multiset | boolean | area
    label: str
    question: str
    per_domain: bool = False
    unit: str | None = None
    scheme: str | None = None


@dataclass(frozen=True)
class Criterion:
    """A dated, sourced condition on one dimension.

    ``minimum``/``maximum`` are numbers for number dimensions and ranks for
    ordinal ones; ``values`` are the allowed keys of a set criterion.
    """

    iri: str
    kind: str  # range | set | area | requirement
    dimension: str
    domain: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    values: frozenset[str] = frozenset()
    area: str | None = None
    required: bool | None = None
    unit: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    plain: str = ""
    source: str | None = None
    lines: str | None = None
    min_label: str | None = None
    max_label: str | None = None
    last_verified: date | None = None

    def in_force(self, on: date) -> bool:
        return in_force(self.valid_from, self.valid_to, on)

    def signature(self) -> tuple:
        """What the criterion tests, without its provenance: equal signatures behave alike."""
        return (self.kind, self.dimension, self.domain, self.minimum, self.maximum,
                self.values, self.area, self.required)


@dataclass(frozen=True)
class Rule:
    """One way in: every criterion must hold."""

    iri: str
    criteria: tuple[Criterion, ...]
    label: str = ""
    valid_from: date | None = None
    valid_to: date | None = None

    def criteria_in_force(self, on: date) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.in_force(on))

    def in_force(self, on: date) -> bool:
        """A rule applies when its own dates do and at least one criterion is in force."""
        return in_force(self.valid_from, self.valid_to, on) and (
            not self.criteria or any(c.in_force(on) for c in self.criteria))


@dataclass(frozen=True)
class Exclusion:
    """A NOT clause: a person meeting every criterion is turned away, for ``reason``."""

    iri: str
    criteria: tuple[Criterion, ...]
    reason: str
    valid_from: date | None = None
    valid_to: date | None = None

    def criteria_in_force(self, on: date) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.in_force(on))

    def in_force(self, on: date) -> bool:
        return in_force(self.valid_from, self.valid_to, on) and any(c.in_force(on) for c in self.criteria)


@dataclass(frozen=True)
class Hours:
    """A weekly opening window; ``day`` 0 = Sunday as in Meeting Guide."""

    day: int
    opens: time
    closes: time


@dataclass(frozen=True)
class Location:
    iri: str
    area: str | None
    lat: float | None
    lon: float | None
    confidential: bool = False
    label: str = ""


@dataclass(frozen=True)
class Contact:
    """A way to reach an entry; ``staff_only`` ones (a referral line) are for navigators, never public."""

    telephone: str | None = None
    email: str | None = None
    title: str | None = None
    staff_only: bool = False


@dataclass(frozen=True)
class Area:
    iri: str
    label: str
    type: str | None
    parents: tuple[str, ...]
    ancestors: frozenset[str]  # itself and every area it lies within
    postcode_districts: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    small_town: bool = False
    #: the ONS GSS code (E07000123), by which real postcode data finds the area
    gss_code: str | None = None


@dataclass(frozen=True)
class Entry:
    """A service, a mutual aid meeting or a community asset: anything a person can be offered.

    All three carry eligibility in the same model, so one evaluator serves them all.
    """

    iri: str
    kind: str  # service | meeting | asset
    label: str
    areas: tuple[str, ...] = ()
    types: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    rules: tuple[Rule, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    hours: tuple[Hours, ...] = ()
    always_open: bool = False
    time_limited: bool = False
    broker: bool = False
    location: Location | None = None
    touchpoints: frozenset[str] = frozenset()
    #: target groups the service is designed for (lw:targetGroup), by key
    target_groups: frozenset[str] = frozenset()
    #: criminal-justice statuses whose holders the service already has (probation: licence, community-order)
    holds_status: frozenset[str] = frozenset()
    goods: frozenset[str] = frozenset()
    capitals: frozenset[str] = frozenset()
    ways: frozenset[str] = frozenset()
    audiences: frozenset[str] = frozenset()
    meeting_types: frozenset[str] = frozenset()
    fellowship: str | None = None
    attendance_mode: str | None = None
    conference_url: str | None = None
    funding: frozenset[str] = frozenset()
    provider: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    status: str | None = None
    source: str | None = None
    lines: str | None = None
    last_verified: date | None = None
    description: str = ""
    url: str | None = None
    #: public ways to reach it first, then staff-only ones
    contacts: tuple[Contact, ...] = ()

    def in_force(self, on: date) -> bool:
        return in_force(self.valid_from, self.valid_to, on) and self.status in (None, "active")

    @property
    def timeless(self) -> bool:
        """In force on every day: no dates and no status that could take it out of force."""
        return self.valid_from is None and self.valid_to is None and self.status in (None, "active")


def rule_set(entry: Entry) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What an entry's eligibility is made of: entries with equal rule sets take the same people."""
    return tuple(r.iri for r in entry.rules), tuple(x.iri for x in entry.exclusions)


@dataclass(frozen=True)
class Route:
    """A directed way into a service."""

    iri: str
    target: str
    origin: str | None  # a service or touchpoint IRI, or "self"
    origin_type: str | None  # a service-type key: any service of this type may refer
    method: str | None = None
    coercion: str | None = None
    requirements: tuple[Criterion, ...] = ()
    prerequisites: frozenset[str] = frozenset()
    waiting_days: float = 0.0
    handover: str | None = None
    carried_by: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    source: str | None = None
    lines: str | None = None

    def in_force(self, on: date) -> bool:
        return in_force(self.valid_from, self.valid_to, on)


@dataclass(frozen=True)
class Touchpoint:
    iri: str
    label: str
    type: str | None
    area: str | None
    location: Location | None = None


@dataclass(frozen=True)
class Organisation:
    """A body that runs services (a provider, a council, a commissioner)."""

    iri: str
    label: str
    type: str | None = None
    parent: str | None = None
    hosted_by: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    source: str | None = None
    lines: str | None = None
    last_verified: date | None = None
    description: str = ""

    def in_force(self, on: date) -> bool:
        return in_force(self.valid_from, self.valid_to, on)


@dataclass(frozen=True)
class FundingStream:
    iri: str
    label: str
    funder: str | None
    ring_fenced: bool
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class GroupKind:
    """Who a mutual aid group is for (``vocab/group-kind``): a meeting is of the kind when it has one
    of its meeting types, audiences or fellowships."""

    key: str
    label: str
    meeting_types: frozenset[str] = frozenset()
    audiences: frozenset[str] = frozenset()
    fellowships: frozenset[str] = frozenset()
    #: reported wherever it is missing in a small town (001 L859), not only when a person asks
    critical_mass_check: bool = False

    def matches(self, e: Entry) -> bool:
        return bool(self.meeting_types & e.meeting_types or self.audiences & e.audiences
                    or (e.fellowship is not None and e.fellowship in self.fellowships))


@dataclass(frozen=True)
class TargetGroup:
    """A population services are designed for (the liaison and diversion groups, 003 L2069-2077), with the
    rules that put a person in it (any rule, every criterion of it)."""

    key: str
    label: str
    rules: tuple[Rule, ...] = ()


@dataclass
class Model:
    """Everything the engines need, indexed for the questions they ask."""

    entries: dict[str, Entry] = field(default_factory=dict)
    routes: list[Route] = field(default_factory=list)
    areas: dict[str, Area] = field(default_factory=dict)
    touchpoints: dict[str, Touchpoint] = field(default_factory=dict)
    dimensions: dict[str, Dimension] = field(default_factory=dict)
    funding: dict[str, FundingStream] = field(default_factory=dict)
    #: mutual-aid-help key -> the meetings that give that help (matched as group kinds are)
    help_kinds: dict[str, GroupKind] = field(default_factory=dict)
    #: target-group key -> who falls in it (lw:membershipRule)
    target_groups: dict[str, TargetGroup] = field(default_factory=dict)
    #: group-kind key -> what makes a meeting one of that kind (from the vocabulary)
    group_kinds: dict[str, GroupKind] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    #: every place a service, meeting, asset or touchpoint is at, by IRI
    locations: dict[str, Location] = field(default_factory=dict)
    #: Meeting Guide type code (W, O, C...) -> meeting-type key (women, open, closed...)
    meeting_codes: dict[str, str] = field(default_factory=dict)
    #: the store's key for confidential places' opaque ids (linkwork.graph.confidential); never shown
    place_key: bytes = field(default=b"", repr=False)
    labels: dict[str, str] = field(default_factory=dict)
    #: scheme key -> concept key -> rank, for ordered scales (severity, risk)
    ranks: dict[str, dict[str, int]] = field(default_factory=dict)
    #: scheme key -> concept keys, for validating profiles
    schemes: dict[str, frozenset[str]] = field(default_factory=dict)
    #: substance key -> the need domain it belongs to (alcohol, drugs)
    substance_domains: dict[str, str] = field(default_factory=dict)
    #: order-requirement key -> the need domain the requirement treats (drug-rehabilitation -> drugs)
    requirement_domains: dict[str, str] = field(default_factory=dict)
    #: area IRI -> IRIs of entries whose area served is that area
    by_area: dict[str, list[str]] = field(default_factory=dict)
    #: postcode district (upper case) -> area IRI
    postcode_areas: dict[str, str] = field(default_factory=dict)
    #: GSS code -> area IRI
    gss_areas: dict[str, str] = field(default_factory=dict)
    #: service-type key -> entry IRIs
    by_type: dict[str, list[str]] = field(default_factory=dict)
    #: need-domain key -> entry IRIs
    by_domain: dict[str, list[str]] = field(default_factory=dict)
    #: IRIs of broker services
    brokers: list[str] = field(default_factory=list)
    #: criminal-justice status key -> services that already hold everyone with it
    status_holders: dict[str, list[str]] = field(default_factory=dict)
    #: target-group key -> entries designed for it (lw:targetGroup)
    by_target_group: dict[str, list[str]] = field(default_factory=dict)
    #: (need domain, area node) -> rule-set signature -> services placed there (brokers aside), for the sweep
    rulesets: dict[tuple[str, str], dict[tuple, list[str]]] = field(default_factory=dict)
    #: scratch space for derived indexes (per query date), cleared whenever the model is re-indexed
    cache: dict = field(default_factory=dict, repr=False, compare=False)
    #: target IRI -> routes into it; origin key -> routes out of it
    routes_in: dict[str, list[Route]] = field(default_factory=dict)
    routes_out: dict[str, list[Route]] = field(default_factory=dict)
    #: entry IRI -> its :func:`rule_set`, computed once rather than per person
    rule_sets: dict[str, tuple] = field(default_factory=dict)
    #: entry IRI -> where the navigator shows it to be, for distances (see linkwork.graph.navigator.prepare)
    points: dict[str, tuple[float, float] | None] = field(default_factory=dict, repr=False, compare=False)
    #: area IRI (None: every entry) -> the navigator's layout of the entries serving it (ditto)
    pools: dict = field(default_factory=dict, repr=False, compare=False)

    def label(self, iri: str | None) -> str:
        if iri is None:
            return ""
        if iri in self.labels:
            return self.labels[iri]
        for table in (self.areas, self.entries, self.touchpoints):
            if iri in table and table[iri].label:
                return table[iri].label
        return key_of(iri)

    def services(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == "service"]

    def entries_for_area(self, area: str | None) -> list[Entry]:
        """Entries whose area served contains ``area`` (or every entry if the area is unknown)."""
        if area is None or area not in self.areas:
            return list(self.entries.values())
        out: list[Entry] = [self.entries[i] for i in self.by_area.get("", ())]  # online, national
        for a in sorted(self.areas[area].ancestors):
            out.extend(self.entries[i] for i in self.by_area.get(a, ()))
        return out
