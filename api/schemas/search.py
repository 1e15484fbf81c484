"""``linkwork search --json`` and ``GET /search``: one page of records (see :func:`linkwork.graph.search.search`)."""
from __future__ import annotations

from datetime import date
from typing import Literal

from linkwork.api.schemas.base import ContactPublic, PublicLocation, Ref, Schema
from pydantic import Field

__all__ = ["SearchHit", "SearchPagePublic"]

Kind = Literal["organisation", "service", "location", "meeting", "asset"]


class SearchHit(Schema):
    """One record found. Fields that do not apply to its kind are left out of the JSON... or null."""

    id: str | None = Field(description="The record's IRI; for a confidential location, its opaque id.")
    kind: Kind
    label: str | None = None
    description: str | None = None
    distance_km: float | None = Field(default=None, description="From `near`; a confidential place is measured from its area.")
    types: list[str] | None = None
    domains: list[str] | None = None
    areas: list[Ref] | None = None
    attendance_mode: str | None = None
    fellowship: str | None = None
    meeting_types: list[str] | None = None
    audiences: list[str] | None = None
    hours: list[str] | None = None
    provider: Ref | None = None
    url: str | None = None
    #: public contacts; staff-only ones too for navigators and above
    contacts: list[ContactPublic] | None = None
    location: PublicLocation | None = None
    point: list[float] | None = None
    org_type: str | None = None
    #: the services, meetings and assets an organisation runs or a location holds
    services: list[str] | None = None
    source: str | None = None
    lines: str | None = None
    last_verified: date | None = None


class SearchPagePublic(Schema):
    total: int
    page: int
    per_page: int
    pages: int
    hits: list[SearchHit]
