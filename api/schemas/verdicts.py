"""Eligibility verdicts: per criterion, with the criterion, its source and dates."""
from __future__ import annotations

from datetime import date
from typing import Literal

from linkwork.api.schemas.base import Schema
from pydantic import Field

__all__ = ["Outcome", "CriterionVerdict", "RuleVerdict", "ExclusionVerdict", "EligibilityPublic", "EligibilityReport"]

Outcome = Literal["pass", "fail", "unknown"]


class CriterionVerdict(Schema):
    """One criterion's verdict for one person: what the rule says, where it comes from, when it applies."""

    criterion: str = Field(description="The criterion's IRI.")
    outcome: Outcome
    words: str = Field(description="The criterion in plain words.")
    dimension: str
    domain: str | None = None
    found: str | None = Field(default=None, description="What the person has on this dimension (as the navigator gave it).")
    question: str | None = Field(default=None, description="What to ask when the answer is not known.")
    source: str | None = None
    lines: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    last_verified: date | None = None


class RuleVerdict(Schema):
    rule: str
    label: str
    outcome: Outcome
    criteria: list[CriterionVerdict]


class ExclusionVerdict(Schema):
    exclusion: str
    reason: str
    #: "pass" when the exclusion turns the person away
    applies: Outcome
    criteria: list[CriterionVerdict]


class EligibilityPublic(Schema):
    """One service's (or meeting's, or asset's) verdict for one person, with every reason."""

    id: str
    label: str
    kind: str
    outcome: Outcome
    #: whether the entry serves the person's area
    area: Outcome | str
    blocking: list[str]
    questions: list[str]
    rules: list[RuleVerdict]
    exclusions: list[ExclusionVerdict]
    source: str | None = None
    lines: str | None = None


class EligibilityReport(Schema):
    """``POST /eligibility``: the person's verdict on each service asked about (or every one)."""

    as_of: date
    area: str | None = None
    results: list[EligibilityPublic]
