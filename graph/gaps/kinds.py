"""Which kind of gap a shut door is, from what shuts it.

Range criteria (severity, age, sentence length) are thresholds; criminal-justice
criteria are status gaps; documents and local connection are procedure gaps
(the gap-type scheme's ``documents``); exclusions are exclusion gaps; a service
that does not serve the area is a coverage gap; every door shut by the kind of
offence alone (003 L850-856) is an offence gap.
"""
from __future__ import annotations

from linkwork.graph.eligibility import Eligibility, Outcome

__all__ = ["gap_types", "offence_excluded", "shut_by_offence_only"]

_GAP_DIMENSIONS = {
    "severity": "threshold", "age": "threshold", "sentence-months": "threshold",
    "abstinence-months": "threshold", "risk-tier": "status", "cj-status": "status",
    "photo-id": "documents", "bank-account": "documents", "local-connection": "documents",
    "registered-gp": "documents", "diagnosis": "documents", "intentionally-homeless": "documents",
    "area": "coverage", "use-status": "exclusion", "substance": "exclusion", "gender": "exclusion",
}
_STATUS_DIMENSIONS = {"sentence-months", "cj-status", "risk-tier"}


def gap_types(results: list[Eligibility], *, needs_at_moderate: int) -> list[str]:
    """The kinds of gap a set of failed services shows, from what blocks them.

    Range criteria are thresholds; criminal-justice criteria are status gaps;
    documents and local connection are procedure gaps; exclusions are
    exclusion gaps; a service that would take the person but for the kind of
    offence on their record makes it an offence gap too. Two or more needs at moderate or above make it a
    cumulative-need gap as well.
    """
    kinds: set[str] = set()
    for r in results:
        if r.area is Outcome.FAIL:
            kinds.add("coverage")
        best = r.nearest_rule()
        if best is not None and best.outcome is Outcome.FAIL:
            for c in best.criteria:
                if c.outcome is Outcome.FAIL:
                    kinds.add("threshold" if c.criterion.kind == "range" else _GAP_DIMENSIONS.get(c.criterion.dimension, "threshold"))
                    if c.criterion.dimension in _STATUS_DIMENSIONS:
                        kinds.add("status")
        if any(x.applies is Outcome.PASS for x in r.exclusions):
            kinds.add("exclusion")
    if any(shut_by_offence_only(r) for r in results):
        kinds.add("offence")
    if needs_at_moderate >= 2:
        kinds.add("cumulative-need")
    return sorted(kinds)


def offence_excluded(result) -> bool:
    """Whether an exclusion on the kind of offence turns the person away (an Eligibility or a Verdict).

    >>> from linkwork.graph.eligibility import ExclusionResult, CriterionResult, Verdict
    >>> from linkwork.graph.model import Criterion
    >>> c = Criterion("urn:c", "set", "offence-category", values=frozenset({"arson"}))
    >>> x = ExclusionResult("urn:x", "protect residents", Outcome.PASS, (CriterionResult(c, Outcome.PASS, "arson", None),))
    >>> offence_excluded(Verdict(Outcome.FAIL, Outcome.PASS, (), (x,)))
    True
    """
    return any(x.applies is Outcome.PASS and any(c.criterion.dimension == "offence-category" for c in x.criteria)
               for x in result.exclusions)


def shut_by_offence_only(result) -> bool:
    """Whether the person would be taken but for an exclusion on the kind of offence on their record."""
    if result.outcome is not Outcome.FAIL or result.area is Outcome.FAIL or not offence_excluded(result):
        return False
    best = result.nearest_rule()
    if best is not None and best.outcome is Outcome.FAIL:
        return False
    return all(any(c.criterion.dimension == "offence-category" for c in x.criteria)
               for x in result.exclusions if x.applies is Outcome.PASS)
