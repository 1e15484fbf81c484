"""``linkwork show ID --json`` and ``GET /records/{id}``: one record whole (see :func:`linkwork.graph.record.record`)."""
from __future__ import annotations

from datetime import date
from typing import Literal

from linkwork.api.schemas.base import ContactPublic, PublicLocation, Ref, Schema
from pydantic import Field

__all__ = ["CriterionPublic", "RulePublic", "ExclusionPublic", "RoutePublic", "Provenance", "RecordPublic"]


class CriterionPublic(Schema):
    """A dated, sourced criterion: thresholds are data, never constants."""

    id: str
    kind: str
    dimension: str
    domain: str | None = None
    words: str
    minimum: float | str | None = None
    maximum: float | str | None = None
    unit: str | None = None
    values: list[str]
    area: str | None = None
    required: bool | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    in_force: bool = Field(description="In force on the day asked about (default: today).")
    source: str | None = None
    lines: str | None = None
    last_verified: date | None = None


class RulePublic(Schema):
    id: str
    label: str
    valid_from: date | None = None
    valid_to: date | None = None
    in_force: bool
    criteria: list[CriterionPublic]


class ExclusionPublic(Schema):
    id: str
    reason: str
    valid_from: date | None = None
    valid_to: date | None = None
    in_force: bool
    criteria: list[CriterionPublic]


class RoutePublic(Schema):
    id: str
    from_id: str | None = None
    from_: str | None = Field(default=None, alias="from")
    from_type: str | None = Field(default=None, description="Any service of this type may refer.")
    to_id: str
    to: str
    method: str | None = None
    coercion: str | None = None
    waiting_days: float
    handover: str | None = None
    carried_by: str | None = None
    prerequisites: list[str]
    requirements: list[CriterionPublic]
    valid_from: date | None = None
    valid_to: date | None = None
    in_force: bool
    source: str | None = None
    lines: str | None = None


class LoadedFrom(Schema):
    source: str
    loaded_at: str


class Provenance(Schema):
    source: Ref | None = Field(default=None, description="The research source or feed the facts come from.")
    lines: str | None = None
    last_verified: date | None = None
    loaded_from: list[LoadedFrom] = Field(description="The loaded sources (named graphs) holding the record.")


class RecordPublic(Schema):
    """A service, meeting, asset, organisation, location or touchpoint, whole."""

    id: str
    kind: Literal["service", "meeting", "asset", "organisation", "location", "touchpoint"]
    label: str | None = None
    description: str | None = None
    status: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    in_force: bool | None = None
    types: list[str] | None = None
    domains: list[str] | None = None
    areas: list[Ref] | None = None
    provider: Ref | None = None
    location: PublicLocation | None = None
    attendance_mode: str | None = None
    conference_url: str | None = None
    hours: list[str] | None = None
    url: str | None = None
    #: public contacts; staff-only ones too for navigators and above
    contacts: list[ContactPublic] | None = None
    fellowship: str | None = None
    meeting_types: list[str] | None = None
    audiences: list[str] | None = None
    goods: list[str] | None = None
    capitals: list[str] | None = None
    ways: list[str] | None = None
    broker: bool | None = None
    time_limited: bool | None = None
    touchpoints: list[Ref] | None = None
    touchpoint_type: str | None = None
    funding: list[Ref] | None = None
    org_type: str | None = None
    parent: Ref | None = None
    hosted_by: Ref | None = None
    services: list[Ref] | None = None
    rules: list[RulePublic] | None = None
    exclusions: list[ExclusionPublic] | None = None
    routes_in: list[RoutePublic] | None = None
    routes_out: list[RoutePublic] | None = None
    provenance: Provenance
