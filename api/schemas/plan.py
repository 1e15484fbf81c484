"""A navigator's plan for one person: ``linkwork route --json`` and ``POST /pathways``
(see :func:`linkwork.graph.navigator.navigate`)."""
from __future__ import annotations

from datetime import date

from linkwork.api.schemas.base import Ref, Schema
from linkwork.api.schemas.verdicts import EligibilityPublic, Outcome
from pydantic import Field

__all__ = ["Plan", "EntryRow", "EligibilityRow", "Need", "PathwayRow", "StepRow"]


class EntryRow(Schema):
    """A service, meeting or asset the person can be offered."""

    id: str
    label: str
    kind: str
    types: list[str]
    outcome: Outcome
    area: str = Field(description="The names of the areas it serves.")
    area_ids: list[str]
    distance_km: float | None = None
    attendance_mode: str | None = None
    meeting_types: list[str]
    audiences: list[str]
    fellowship: str | None = None
    goods: list[str]
    hours: list[str]
    confidential_location: bool = Field(description="True when its address is confidential (distances are then from its area).")
    source: str | None = None
    lines: str | None = None


class MeetingOffer(EntryRow):
    """A mutual aid meeting that fits the person, scored by their preferences."""

    score: float
    questions: list[str]
    #: the kinds of help the person wants that the meeting gives
    gives_help: list[str] = Field(default_factory=list)


class AssetOffer(EntryRow):
    """A community asset matched to what the person values (Good Lives weights)."""

    score: float
    matched_goods: list[str]


class EligibilityRow(EligibilityPublic):
    """A verdict in a plan, with how far away the entry is."""

    distance_km: float | None = None
    types: list[str]
    fellowship: str | None = None


class CurrentRow(EligibilityRow):
    """A service the person is with now."""

    #: the criminal-justice status that holds the person there (probation on licence), if any
    held_by_status: str | None = None


class ShutRow(EligibilityRow):
    gap_types: list[str]


class MissedRow(ShutRow):
    misses_by: int


class StepRow(Schema):
    from_id: str
    from_: str = Field(alias="from")
    to_id: str
    to: str
    route: str
    method: str | None = None
    waiting_days: float
    handover: str | None = None
    carried_by: str | None = None
    requires: list[str]
    coercion: str | None = Field(default=None, description="voluntary, quasi-coercive or coercive (coercion scheme).")
    mandated: bool = False
    choice: str = Field(default="not recorded", description="What the step is for the person: chosen, encouraged or mandated.")
    order_requirements: list[str] = Field(default_factory=list, description="Requirements of the person's order this step delivers.")


class PathwayRow(Schema):
    steps: list[StepRow]
    length: int
    waiting_days: float
    mandated_steps: int = 0
    chosen_steps: int = 0
    fulfils_order: list[str] = Field(default_factory=list)
    distance_km: float | None = None
    cold_handovers: int
    beyond_travel: bool


class NeedGap(Schema):
    types: list[str]
    statement: str
    blocked_by: list[ShutRow | EligibilityRow]
    nearest_missed: list[MissedRow]


class AgeGap(Schema):
    types: list[str]
    starts: date
    statement: str


class AgeTransition(Schema):
    """A service that takes the person only until an age limit, and who takes them on after it."""

    until_age: int
    ends: date
    exact: bool
    services: list[Ref]
    then: list[Ref]
    gap: AgeGap | None = None


class Need(Schema):
    domain: str
    severity: str
    #: requirements of the person's order for this need (pathways that deliver them come first)
    order_requirements: list[str] = Field(default_factory=list)
    current: list[EntryRow]
    eligible: list[EntryRow]
    eligible_count: int
    pathways: list[PathwayRow]
    unknown: list[EligibilityRow]
    unknown_count: int
    shut: list[ShutRow]
    shut_count: int
    gap: NeedGap | None = None
    age_transitions: list[AgeTransition] = Field(default_factory=list)


class ListedVerdict(Schema):
    """A line of the plan's full eligibility list; reasons only for what the person needs and for brokers."""

    id: str
    label: str
    kind: str
    outcome: Outcome
    types: list[str]
    blocking: list[str] | None = None
    questions: list[str] | None = None


class SmallGap(Schema):
    types: list[str]
    statement: str


class OnlineGroup(Schema):
    id: str
    label: str
    hours: list[str]


class NearbyGroup(Schema):
    id: str
    label: str
    area: str
    distance_km: float | None = None


class GroupGap(SmallGap):
    """No group of the kind the person asked for where they live: what there is online, and nearest."""

    group_kind: str | None = None
    online: list[OnlineGroup] = Field(default_factory=list)
    nearest: list[NearbyGroup] = Field(default_factory=list)


class MutualAid(Schema):
    offered: list[MeetingOffer]
    not_for_you: list[EligibilityRow]
    gaps: list[GroupGap]


class TouchpointService(Schema):
    id: str
    label: str
    types: list[str]


class TouchpointRow(Schema):
    id: str
    label: str
    services: list[TouchpointService]
    gaps: list[SmallGap]


class Touchpoints(Schema):
    touchpoints: list[TouchpointRow]


class ReleaseRow(Schema):
    id: str
    label: str
    open_at_release: bool | None = None
    closed_spans: list[tuple[str, str]] | None = None
    next_open: str | None = None
    open_within_72h: bool | None = None
    #: days of waiting on the best way in (0 for a current service; None when no route reaches it)
    waiting_days: float | None = None
    reachable_at: str | None = None
    within_72h: bool | None = None
    closed_for_hours: float | None = None
    on_a_pathway: bool
    note: str | None = None


class Reach(Schema):
    id: str
    label: str
    waiting_days: float | None = None
    reachable_at: str | None = None
    reason: str | None = None


class NeedIn72h(Schema):
    need: str
    reachable: list[Reach]
    not_reachable: list[Reach]


class Release(Schema):
    release: str
    window_end: str
    services: list[ReleaseRow]
    closed_at_release: list[ReleaseRow]
    reachable_in_72h: list[ReleaseRow]
    needs: list[NeedIn72h] = Field(default_factory=list)


class OrderRequirement(Schema):
    requirement: str
    label: str
    domain: str | None = None
    need_stated: bool
    delivered: bool
    pathways: list[PathwayRow]
    statement: str


class Order(Schema):
    """The person's current order and what it requires, and which pathways deliver it."""

    status: str | None = None
    requirements: list[OrderRequirement]


class GroupOpens(Schema):
    """A service designed for a target group: whether it takes the person, and the way in."""

    id: str
    label: str
    outcome: Outcome
    reachable: bool
    way_in: list[str]
    blocking: list[str]


class WantedService(GroupOpens):
    """A service of a kind the person asks for: whether it takes them, the way in, and what to ask next."""

    questions: list[str]


class Wanted(Schema):
    """A kind of service the person asks for (talking therapy...), and the gap when none takes them."""

    service_type: str
    label: str
    services: list[WantedService]
    gap: SmallGap | None = None


class TargetGroup(Schema):
    """A target group the person falls in (or may: what to ask), and what it opens (003 L2069-2077)."""

    group: str
    label: str
    outcome: Outcome
    because: list[str]
    questions: list[str]
    opens: list[GroupOpens]


class Question(Schema):
    question: str
    services: int = Field(description="How many services the answer could open.")


class Plan(Schema):
    """The full plan for one person. Nothing about the person is kept."""

    person: str = Field(description="The profile's pseudonym, or 'anonymous'.")
    as_of: date
    area: str | None = None
    needs: list[Need]
    current_services: list[CurrentRow]
    eligibility: list[ListedVerdict]
    brokers: list[EntryRow]
    mutual_aid: MutualAid
    community_assets: list[AssetOffer]
    #: why no assets are matched (no values given), and what to ask
    community_assets_note: str | None = None
    touchpoint: Touchpoints | None = None
    release: Release | None = None
    order: Order | None = None
    target_groups: list[TargetGroup] = Field(default_factory=list)
    wanted_services: list[Wanted] = Field(default_factory=list)
    questions: list[Question]
