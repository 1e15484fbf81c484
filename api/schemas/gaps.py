"""Commissioners' findings: ``linkwork gaps --json`` and ``GET /gaps``, what-if, rankings and ladders."""
from __future__ import annotations

from datetime import date
from typing import Any

from linkwork.api.schemas.base import Ref, Schema
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["GapPublic", "WhatIfCell", "WhatIfPublic", "WhatIfRequest", "RankedChange", "LadderRow"]


class GapPublic(Schema):
    """One finding (see :class:`linkwork.graph.gaps.Gap`)."""

    id: str = Field(description="Stable: the same finding always has the same id.")
    type: str = Field(description="A key of the gap-type scheme: threshold, cumulative-need, coverage...")
    also: list[str]
    statement: str
    area: str | None = None
    domain: str | None = None
    blocking: list[str] = Field(description="The criteria and exclusions that shut the nearby services, with their sources.")
    concerns: list[str]
    detail: dict[str, Any]


class WhatIfCell(Schema):
    domain: str
    area: str
    area_id: str
    statement: str
    cells: int
    detail: dict[str, Any]


class WhatIfPublic(Schema):
    """What a change would close (newly covered) and open (newly uncovered)."""

    change: str
    #: each change in words, and as the --what-if text that makes it
    changes: list[str] = Field(default_factory=list)
    what_if: list[str] = Field(default_factory=list)
    together: bool = Field(default=False, description="True when several changes were applied together.")
    services_removed: list[Ref] = Field(default_factory=list)
    closed: list[WhatIfCell]
    opened: list[WhatIfCell]
    cells_closed: int
    cells_opened: int


class ChangeHolder(Schema):
    """A service a change would touch, with the areas it serves."""

    id: str
    label: str
    areas: list[str]


class RankedChange(Schema):
    change: str
    criterion: str
    what_if: str = Field(description="The --what-if text (and POST /gaps/what-if change) that makes this change.")
    services: list[ChangeHolder] = Field(default_factory=list)
    cells_closed: int
    cells_opened: int
    areas_closed: list[str] = Field(default_factory=list)


class LadderService(Schema):
    id: str
    label: str
    bands: list[str]


class LadderRow(Schema):
    domain: str
    area: str
    services: list[LadderService]
    fully_covered: list[str]
    partly_covered: list[str]
    holes: list[str]


class WhatIfRequest(BaseModel):
    """``POST /gaps/what-if``: the changes to try, as ``linkwork gaps --what-if`` takes them."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    changes: list[str] = Field(min_length=1, max_length=20, examples=[["threshold:crit-cmht-severe:minimum=moderate"]],
                               description="threshold:CRITERION:minimum=LEVEL, threshold:CRITERION:values=A,B, "
                                           "remove:SERVICE, route:ORIGIN->TARGET")
    on: date | None = Field(default=None, alias="date", description="Apply rules as dated on this day (default: today).")
    domains: list[str] = Field(default_factory=list)
    areas: list[str] = Field(default_factory=list)
