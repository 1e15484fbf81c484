"""Typed shapes of what linkwork answers, shared by the API's responses and the CLI's ``--json``.

The engines return plain data; these models describe it exactly, and both the
CLI (``route --json``, ``gaps --json``, ``search --json``, ``show --json``) and
the API serialise through them, so the two cannot disagree. Request bodies have
their own models (a profile is :class:`linkwork.graph.profile.Profile`).

Models keep a field they do not describe (``extra="allow"``) rather than drop
it silently; ``tests/test_schemas.py`` fails when an engine returns one, so the
models follow the engines.
"""
from __future__ import annotations

from linkwork.api.schemas.base import Ref, Schema, dump, undescribed
from linkwork.api.schemas.gaps import GapPublic, LadderRow, RankedChange, WhatIfPublic, WhatIfRequest
from linkwork.api.schemas.plan import Plan
from linkwork.api.schemas.record import RecordPublic
from linkwork.api.schemas.search import SearchHit, SearchPagePublic
from linkwork.api.schemas.verdicts import CriterionVerdict, EligibilityPublic, EligibilityReport

__all__ = ["Schema", "Ref", "dump", "undescribed", "Plan", "GapPublic", "WhatIfPublic", "WhatIfRequest", "RankedChange",
           "LadderRow", "RecordPublic", "SearchHit", "SearchPagePublic", "CriterionVerdict", "EligibilityPublic",
           "EligibilityReport"]
