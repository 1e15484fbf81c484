"""Who a service will take, and why not: the one eligibility evaluator.

A service's eligibility is a disjunction of rules, each a conjunction of
criteria, minus exclusions, all as dated on the query day. Each criterion
gives pass, fail or unknown (Kleene's three-valued logic), so an unknown fact
can never make a service pass; an unknown names the question to ask. The
navigator calls :func:`assess` per person; the commissioner's threshold sweep
calls :func:`criterion_outcome` on representative values of each population
cell, so both answer from the same code.

Examples
--------
>>> from linkwork.graph.model import Criterion
>>> c = Criterion("urn:c", "range", "age", minimum=18)
>>> criterion_outcome(c, 41), criterion_outcome(c, 16), criterion_outcome(c, None)
(<Outcome.PASS: 'pass'>, <Outcome.FAIL: 'fail'>, <Outcome.UNKNOWN: 'unknown'>)
>>> any_of([Outcome.FAIL, Outcome.UNKNOWN]), all_of([Outcome.PASS, Outcome.UNKNOWN])
(<Outcome.UNKNOWN: 'unknown'>, <Outcome.UNKNOWN: 'unknown'>)
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property
from typing import Any

from linkwork.graph.model import Criterion, Entry, Model, rule_set

__all__ = [
    "Outcome", "CriterionResult", "RuleResult", "ExclusionResult", "Verdict", "Eligibility", "Assessor",
    "criterion_outcome", "all_of", "any_of", "assess",
]


class Outcome(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"

    def negate(self) -> Outcome:
        return {Outcome.PASS: Outcome.FAIL, Outcome.FAIL: Outcome.PASS}.get(self, Outcome.UNKNOWN)


def all_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Kleene AND: fail if any fails, pass if all pass, else unknown."""
    result = Outcome.PASS
    for o in outcomes:
        if o is Outcome.FAIL:
            return Outcome.FAIL
        if o is Outcome.UNKNOWN:
            result = Outcome.UNKNOWN
    return result


def any_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Kleene OR: pass if any passes, fail if all fail (or there are none), else unknown."""
    result = Outcome.FAIL
    for o in outcomes:
        if o is Outcome.PASS:
            return Outcome.PASS
        if o is Outcome.UNKNOWN:
            result = Outcome.UNKNOWN
    return result


def criterion_outcome(c: Criterion, value: Any, *, ranks: dict[str, int] | None = None,
                      ancestors: frozenset[str] | None = None) -> Outcome:
    """Whether a person's ``value`` on the criterion's dimension meets it.

    ``value`` is ``None`` when unknown. Ordinal values (severity, risk) are
    keys ranked by ``ranks``; sets of substances pass when any member is
    allowed; area criteria take the person's area and its ``ancestors``.
    """
    if value is None:
        return Outcome.UNKNOWN
    if c.kind == "range":
        if isinstance(value, str):
            if ranks is None or value not in ranks:
                return Outcome.UNKNOWN
            value = ranks[value]
        ok = (c.minimum is None or value >= c.minimum) and (c.maximum is None or value <= c.maximum)
    elif c.kind == "set":
        ok = bool(value & c.values) if isinstance(value, frozenset) else value in c.values
    elif c.kind == "requirement":
        ok = bool(value) == bool(c.required)
    elif c.kind == "area":
        ok = c.area in (ancestors or frozenset({value}))
    else:
        return Outcome.UNKNOWN
    return Outcome.PASS if ok else Outcome.FAIL


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's verdict for one person, in words a navigator can read out."""

    criterion: Criterion
    outcome: Outcome
    found: str | None
    question: str | None

    @property
    def text(self) -> str:
        words = self.criterion.plain or self.criterion.dimension
        if self.outcome is Outcome.UNKNOWN:
            return f"{words}: not known; ask \"{self.question}\""
        return f"{words}: {self.outcome.value}" + (f" (has {self.found})" if self.found is not None else "")

    def as_dict(self) -> dict:
        c = self.criterion
        return {"criterion": c.iri, "outcome": self.outcome.value, "words": c.plain, "dimension": c.dimension,
                "domain": c.domain, "found": self.found, "question": self.question,
                "source": c.source, "lines": c.lines, "valid_from": _iso(c.valid_from), "valid_to": _iso(c.valid_to),
                "last_verified": _iso(c.last_verified)}


@dataclass(frozen=True)
class RuleResult:
    iri: str
    label: str
    outcome: Outcome
    criteria: tuple[CriterionResult, ...]

    def as_dict(self) -> dict:
        return {"rule": self.iri, "label": self.label, "outcome": self.outcome.value,
                "criteria": [c.as_dict() for c in self.criteria]}


@dataclass(frozen=True)
class ExclusionResult:
    """``applies`` is PASS when the exclusion turns the person away."""

    iri: str
    reason: str
    applies: Outcome
    criteria: tuple[CriterionResult, ...]

    def as_dict(self) -> dict:
        return {"exclusion": self.iri, "reason": self.reason, "applies": self.applies.value,
                "criteria": [c.as_dict() for c in self.criteria]}


@dataclass(frozen=True, eq=False)
class Verdict:
    """A person's verdict on one rule set (rules and exclusions) for entries in one relation to
    their area, with every reason.

    National directories repeat a few rule sets thousands of times, so the
    :class:`Assessor` makes one verdict per rule set and shares it between the
    entries that have it; what blocks and what to ask are worked out once.
    """

    outcome: Outcome
    area: Outcome
    rules: tuple[RuleResult, ...]
    exclusions: tuple[ExclusionResult, ...]
    area_question: str | None = None

    def blocking(self) -> list[str]:
        """Why the door is shut (or may be): failed criteria of the nearest rule and exclusions that apply."""
        return list(self._blocking)

    @cached_property
    def reasons(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """:meth:`blocking` and :meth:`questions` as shared tuples, for listing thousands of entries."""
        return self._blocking, self._questions

    @cached_property
    def _blocking(self) -> tuple[str, ...]:
        out = []
        if self.area is Outcome.FAIL:
            out.append("does not serve the person's area")
        best = self.nearest_rule()
        if best is not None and best.outcome is not Outcome.PASS:
            out.extend(c.text for c in best.criteria if c.outcome is Outcome.FAIL)
        out.extend(f"excluded: {x.reason}" for x in self.exclusions if x.applies is Outcome.PASS)
        return tuple(out)

    def blocking_criteria(self) -> list[CriterionResult]:
        """The failed criteria behind :meth:`blocking`, for provenance."""
        best = self.nearest_rule()
        out = [c for c in best.criteria if c.outcome is Outcome.FAIL] if best and best.outcome is not Outcome.PASS else []
        for x in self.exclusions:
            if x.applies is Outcome.PASS:
                out.extend(c for c in x.criteria if c.outcome is Outcome.PASS)
        return out

    def nearest_rule(self) -> RuleResult | None:
        """The rule the person comes closest to meeting: fewest failed criteria, then most met."""
        return self._nearest

    @cached_property
    def _nearest(self) -> RuleResult | None:
        if not self.rules:
            return None
        return min(self.rules, key=lambda r: (-1 if r.outcome is Outcome.PASS else
                                              sum(c.outcome is Outcome.FAIL for c in r.criteria),
                                              -sum(c.outcome is Outcome.PASS for c in r.criteria),
                                              sum(c.outcome is Outcome.UNKNOWN for c in r.criteria), r.iri))

    def misses_by(self) -> int:
        """How many criteria stand between the person and this entry (0 when eligible)."""
        return self._misses_by

    @cached_property
    def _misses_by(self) -> int:
        n = 0 if self.area is not Outcome.FAIL else 1
        best = self.nearest_rule()
        if best is not None and best.outcome is Outcome.FAIL:
            n += sum(c.outcome is Outcome.FAIL for c in best.criteria)
        return n + sum(x.applies is Outcome.PASS for x in self.exclusions)

    def questions(self) -> list[str]:
        """What to ask next: unknown facts that could still change the answer."""
        return list(self._questions)

    @cached_property
    def _questions(self) -> tuple[str, ...]:
        qs: list[str] = []
        if self.area is Outcome.UNKNOWN and self.area_question:
            qs.append(self.area_question)
        for r in self.rules:
            if r.outcome is Outcome.UNKNOWN:
                qs.extend(c.question for c in r.criteria if c.outcome is Outcome.UNKNOWN and c.question)
        for x in self.exclusions:
            if x.applies is Outcome.UNKNOWN:
                qs.extend(c.question for c in x.criteria if c.outcome is Outcome.UNKNOWN and c.question)
        return tuple(dict.fromkeys(qs))


@dataclass(frozen=True)
class Eligibility:
    """One entry's verdict for one person on one day, with every reason."""

    entry: Entry
    outcome: Outcome
    area: Outcome
    rules: tuple[RuleResult, ...]
    exclusions: tuple[ExclusionResult, ...]
    area_question: str | None = None

    @classmethod
    def of(cls, entry: Entry, verdict: Verdict) -> Eligibility:
        """``entry`` under a (shared) verdict."""
        out = cls(entry, verdict.outcome, verdict.area, verdict.rules, verdict.exclusions, verdict.area_question)
        out.__dict__["verdict"] = verdict  # what cached_property would store: reuse the shared reasons
        return out

    @cached_property
    def verdict(self) -> Verdict:
        """The verdict alone, without the entry."""
        return Verdict(self.outcome, self.area, self.rules, self.exclusions, self.area_question)

    def blocking(self) -> list[str]:
        """Why the door is shut (or may be): failed criteria of the nearest rule and exclusions that apply."""
        return self.verdict.blocking()

    def blocking_criteria(self) -> list[CriterionResult]:
        """The failed criteria behind :meth:`blocking`, for provenance."""
        return self.verdict.blocking_criteria()

    def nearest_rule(self) -> RuleResult | None:
        """The rule the person comes closest to meeting: fewest failed criteria, then most met."""
        return self.verdict.nearest_rule()

    def misses_by(self) -> int:
        """How many criteria stand between the person and this entry (0 when eligible)."""
        return self.verdict.misses_by()

    def questions(self) -> list[str]:
        """What to ask next: unknown facts that could still change the answer."""
        return self.verdict.questions()

    def as_dict(self) -> dict:
        e = self.entry
        return {"id": e.iri, "label": e.label, "kind": e.kind, "outcome": self.outcome.value,
                "area": self.area.value, "blocking": self.blocking(), "questions": self.questions(),
                "rules": [r.as_dict() for r in self.rules], "exclusions": [x.as_dict() for x in self.exclusions],
                "source": e.source, "lines": e.lines}


@dataclass
class Assessor:
    """Evaluates entries for one person on one day, caching each distinct criterion's verdict.

    National directories repeat the same thresholds thousands of times; the
    cache keys on what a criterion tests, so each is evaluated once per person.
    """

    model: Model
    facts: Any  # a Profile, or anything with .fact(dimension, domain)
    on: date
    area: str | None = None
    _cache: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ancestors = self.model.areas[self.area].ancestors if self.area in self.model.areas else None

    def criterion(self, c: Criterion) -> CriterionResult:
        key = c.signature()
        hit = self._cache.get(key)
        if hit is None:
            dim = self.model.dimensions.get(c.dimension)
            if c.kind == "area":
                value = self.area
            else:
                value = self.facts.fact(c.dimension, c.domain)
            ranks = self.model.ranks.get(dim.scheme, {}) if dim is not None and dim.scheme else None
            outcome = criterion_outcome(c, value, ranks=ranks, ancestors=self._ancestors)
            found = _show(value, self.model) if value is not None else None
            question = None
            if outcome is Outcome.UNKNOWN:
                question = dim.question if dim is not None else f"What is the person's {c.dimension}?"
                if c.domain:
                    question = f"{question} ({c.domain.replace('-', ' ')})"
            hit = (outcome, found, question)
            self._cache[key] = hit
        return CriterionResult(c, *hit)

    def area_outcome(self, entry: Entry) -> Outcome:
        if not entry.areas:
            return Outcome.PASS  # online or national: serves everyone
        if self._ancestors is None:
            return Outcome.UNKNOWN
        for a in entry.areas:  # a loop, not any(): called for thousands of entries per plan
            if a in self._ancestors:
                return Outcome.PASS
        if any(self.area in self.model.areas[a].ancestors for a in entry.areas if a in self.model.areas):
            return Outcome.UNKNOWN  # serves part of the person's (larger) area
        return Outcome.FAIL

    def _clause(self, clause) -> tuple[CriterionResult, ...] | None:
        """A rule's or exclusion's verdicts, once per clause (national data shares clauses widely)."""
        key = ("clause", clause.iri)
        if key not in self._cache:
            self._cache[key] = (tuple(self.criterion(c) for c in clause.criteria_in_force(self.on))
                                if clause.in_force(self.on) else None)
        return self._cache[key]

    def _rule_set(self, entry: Entry) -> tuple:
        """The entry's rule set, from the model's table when the entry is the model's own."""
        if self.model.entries.get(entry.iri) is entry:
            known = self.model.rule_sets.get(entry.iri)
            if known is not None:
                return known
        return rule_set(entry)

    def _admitted(self, entry: Entry, key: tuple) -> tuple:
        """Rules, exclusions and their combined outcome, once per rule set."""
        shared = self._cache.get(key)
        if shared is None:
            rules = []
            for r in entry.rules:
                crs = self._clause(r)
                if crs is not None:
                    rules.append(RuleResult(r.iri, r.label, all_of(c.outcome for c in crs), crs))
            exclusions = []
            for x in entry.exclusions:
                crs = self._clause(x)
                if crs is not None:
                    exclusions.append(ExclusionResult(x.iri, x.reason, all_of(c.outcome for c in crs), crs))
            admitted = any_of(r.outcome for r in rules) if rules else Outcome.PASS
            verdict = all_of([admitted, *(x.applies.negate() for x in exclusions)])
            shared = self._cache[key] = (tuple(rules), tuple(exclusions), verdict)
        return shared

    def verdict(self, entry: Entry) -> Verdict:
        """The entry's verdict, shared by every entry with the same rule set and area outcome."""
        key = ("entry", self._rule_set(entry))
        area = self.area_outcome(entry)
        found = self._cache.get((key, area))
        if found is None:
            rules, exclusions, admitted = self._admitted(entry, key)
            found = self._cache[(key, area)] = Verdict(all_of([area, admitted]), area, rules, exclusions,
                                                       self._area_question)
        return found

    def assess(self, entry: Entry) -> Eligibility:
        return Eligibility.of(entry, self.verdict(entry))

    @cached_property
    def _area_question(self) -> str:
        dim = self.model.dimensions.get("area")
        return dim.question if dim is not None else "Where do you live?"


def assess(model: Model, entry: Entry, facts: Any, *, on: date, area: str | None = None) -> Eligibility:
    """One entry's eligibility for one person (see :class:`Assessor` for many entries)."""
    return Assessor(model, facts, on, area).assess(entry)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _show(value: Any, model: Model) -> str:
    if isinstance(value, frozenset):
        return ", ".join(sorted(value)) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value in model.areas:
        return model.areas[value].label
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
