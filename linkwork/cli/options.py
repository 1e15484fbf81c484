"""Small helpers shared by the subcommands' options (not a subcommand itself)."""
from __future__ import annotations

from datetime import time

import click

__all__ = ["day_time", "keys_help", "DAYS"]

#: day names as options take them -> Meeting Guide day numbers (0 = Sunday)
DAYS = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}


def keys_help(scheme: str, what: str) -> str:
    """Help text for an option taking keys of one of the ontology's lists."""
    return f"{what}: a key of ontology/vocab (the {scheme} list); repeatable."


def day_time(day: str | None, at: str | None) -> tuple[int | None, time | None]:
    """``--day`` and ``--time`` as a Meeting Guide day number and a time."""
    if at is not None and day is None:
        raise click.BadParameter("needs --day", param_hint="--time")
    parsed = None
    if at is not None:
        try:
            parsed = time.fromisoformat(at)
        except ValueError:
            raise click.BadParameter("not a time of day (HH:MM)", param_hint="--time") from None
    return (DAYS[day.lower()] if day else None), parsed
