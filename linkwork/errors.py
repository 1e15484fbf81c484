"""One family of errors, so the CLI and the API can turn any of them into a
clear message (and, later, problem+json) in one place."""
from __future__ import annotations

from dataclasses import dataclass, field


class LinkworkError(Exception):
    """Base class for every error linkwork raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One located problem in a source: where, which field, and why.

    Printed as ``file:row-or-pointer: field: message``, leaving out what is not known:

    >>> str(Problem("services.csv", "row 14", "minimum_age", "'eighteen' is not a whole number"))
    "services.csv:row 14: minimum_age: 'eighteen' is not a whole number"
    >>> str(Problem("feed.json", "/3/day", None, "7 is not a day (0 = Sunday to 6 = Saturday)"))
    'feed.json:/3/day: 7 is not a day (0 = Sunday to 6 = Saturday)'
    """

    source: str
    where: str | None
    field: str | None
    reason: str
    severity: str = "error"  # "error" blocks a load; "warning" does not

    def __str__(self) -> str:
        parts = [self.source] + [p for p in (self.where, self.field) if p]
        return ": ".join([":".join(parts[:2]), *parts[2:], self.reason])


class LoadError(LinkworkError):
    """A single located problem that stops a load."""

    def __init__(self, source: str, where: str | None, field: str | None, reason: str):
        self.problem = Problem(source, where, field, reason)
        super().__init__(str(self.problem))


@dataclass
class SourceErrors(LinkworkError):
    """Every error found in a source; raised so that nothing from it is stored."""

    problems: list[Problem] = field(default_factory=list)
    #: What the user could do instead (``--skip-invalid`` when most records are valid), one line each.
    hints: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} error{'s' if n != 1 else ''}; nothing was stored"
        return head + "\n" + "\n".join(str(p) for p in self.problems) + "".join("\n" + h for h in self.hints)


class ProfileError(LinkworkError):
    """A person's profile could not be read; the message names the field."""


class StoreError(LinkworkError):
    """The store could not be opened or changed."""


class StoreLocked(StoreError):
    """Another linkwork command had the store for longer than this one would wait."""
