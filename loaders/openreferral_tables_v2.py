"""HSDS 1.1 and 2.0 tables as directories export them, read as HSDS 3.0 rows.

Older HSDS data packages use other file and column names, write schedules
their own way and are often written by hand or by tools that leave out
trailing empty cells. :func:`tables_dialect` tells an older package from its
files and headers; :func:`old_header` renames its columns, and
:func:`normalise_row` reads its schedule and taxonomy cells, so the 3.0 code
in :mod:`linkwork.loaders.openreferral` joins them like any 3.0 package:

* ``services_at_location.csv``, ``physical_addresses.csv``,
  ``service_attributes.csv`` (``service_id`` is the attribute's ``link_id``),
  HSDS 1.1's ``taxonomy.csv`` (``vocabulary`` is the term's taxonomy) and
  ``services_taxonomy.csv`` (``taxonomy_id`` its term),
  ``regular_schedules.csv``, ``eligibility.csv``; ``taxonomy_terms.term`` is the
  term's ``name`` (and, where no ``code`` is given, its code);
  ``service_areas.service_area`` its ``name``;
* schedules with ``weekday`` (a day's name or code), a day's name in ``freq``,
  an RRULE in ``freq`` (``FREQ=WEEKLY;BYDAY=MO,WE``), and times written
  ``8:30AM`` or ``09:00:00``: each reading that is not the letter of 3.0 is a
  warning naming the row; a day number is refused (1 = Monday or Sunday?);
* a row with fewer cells than the header (trailing cells left out) is read
  with those cells blank, and a row whose extra cells are all blank with them
  dropped, each with a warning naming the row: older exports do this, and
  the columns an HSDS table ends with are optional. Any other ragged row is
  still an error.

>>> old_header("taxonomy_terms", ["id", "term", "taxonomy"])
['id', 'name', 'taxonomy']
>>> old_header("attributes", ["id", "service_id", "taxonomy_term_id"], "service_attributes.csv")
['id', 'link_id', 'taxonomy_term_id']
"""
from __future__ import annotations

from pathlib import Path

from linkwork.loaders.values import DAY_CODES, is_twelve_hour, parse_day, parse_time, shown

__all__ = ["OLD_FILES", "tables_dialect", "old_header", "normalise_row", "ELIGIBILITY_SCHEMA"]

#: 3.0 table -> the file names HSDS 1.1 and 2.0 gave it.
OLD_FILES: dict[str, tuple[str, ...]] = {
    "service_at_location": ("services_at_location.csv",),
    "addresses": ("physical_addresses.csv", "physical_address.csv"),
    "attributes": ("service_attributes.csv", "services_taxonomy.csv", "service_taxonomy.csv"),
    "taxonomy_terms": ("taxonomy.csv",),
    "schedules": ("regular_schedules.csv", "regular_schedule.csv"),
    "eligibility": ("eligibility.csv", "eligibilitys.csv"),
}
#: Files that mark a package as HSDS 1.1 rather than 2.0.
_V1_1 = ("regular_schedules.csv", "regular_schedule.csv", "holiday_schedules.csv", "services_taxonomy.csv", "taxonomy.csv")

#: (3.0 table, old file or "" for any) -> old column -> 3.0 column.
_COLUMNS: dict[tuple[str, str], dict[str, str]] = {
    ("taxonomy_terms", ""): {"term": "name"},
    ("attributes", "service_attributes.csv"): {"service_id": "link_id"},
    ("attributes", "services_taxonomy.csv"): {"service_id": "link_id", "taxonomy_id": "taxonomy_term_id"},
    ("attributes", "service_taxonomy.csv"): {"service_id": "link_id", "taxonomy_id": "taxonomy_term_id"},
    ("taxonomy_terms", "taxonomy.csv"): {"vocabulary": "taxonomy"},
    ("service_areas", ""): {"service_area": "name"},
}

#: A row of ``eligibility.csv`` (3.0 has no such table; HSDS 2.0's columns, with ORUK's ages).
ELIGIBILITY_SCHEMA = {"type": "object", "required": ["id"], "properties": {
    "id": {"type": "string"}, "service_id": {"type": "string"}, "eligibility": {"type": "string"},
    "minimum_age": {"type": "number"}, "maximum_age": {"type": "number"}}}


def tables_dialect(folder: Path) -> str | None:
    """``"HSDS 1.1"`` or ``"HSDS 2.0"`` for an older package, from its file names and the taxonomy
    terms' header; None for a 3.0 package."""
    names = {p.name for p in [*Path(folder).glob("*.csv"), *Path(folder).glob("*/*.csv")]}  # data/services.csv too
    old = names & {n for ns in OLD_FILES.values() for n in ns}
    if not old:
        terms = folder / "taxonomy_terms.csv"
        header = terms.read_text(encoding="utf-8-sig", errors="replace").split("\n", 1)[0] if terms.exists() else ""
        if "term" not in [c.strip().strip('"') for c in header.split(",")]:
            return None
    return "HSDS 1.1" if names & set(_V1_1) else "HSDS 2.0"


def old_header(table: str, header: list[str], file: str = "") -> list[str]:
    """An older table's header in 3.0's column names (a column already named as in 3.0 is kept)."""
    renames = {**_COLUMNS.get((table, ""), {}), **_COLUMNS.get((table, file), {})}
    return [renames[c] if c in renames and renames[c] not in header else c for c in header]


def normalise_row(rec, table: str, row: dict, where: str) -> None:
    """Read an older row's schedule and taxonomy cells into 3.0's terms, in place; problems and
    announced readings go to ``rec`` at ``where`` (the row)."""
    if table == "taxonomy_terms" and row.get("name") and not row.get("code"):
        row["code"] = row["name"]
    if table != "schedules":
        return
    for fld in ("opens_at", "closes_at"):
        v = row.get(fld)
        if not v:
            continue
        try:
            row[fld] = parse_time(v, closing=fld == "closes_at", twelve_hour=True)
        except ValueError as exc:
            rec.error(where, fld, str(exc))
            row.pop(fld)
            continue
        if is_twelve_hour(v):
            rec.warn(where, fld, f"{shown(v)} read as the 12-hour time {row[fld]}")
    freq = str(row.get("freq") or "").strip()
    if "=" in freq:  # an RRULE written whole in freq
        parts = dict(p.split("=", 1) for p in freq.upper().split(";") if "=" in p)
        row["freq"] = parts.get("FREQ", "")
        byday = str(row.get("byday") or "").strip()
        if parts.get("BYDAY") and byday and byday.upper() != parts["BYDAY"]:
            rec.error(where, "byday", f"{shown(byday)} and the RRULE's BYDAY {shown(parts['BYDAY'])} differ: which days?")
            return
        if parts.get("BYDAY"):
            row["byday"] = parts["BYDAY"]
        freq = row["freq"]
    days: list[str] = []
    for fld in ("weekday", "freq", "byday"):
        v = str(row.get(fld) or "").strip()
        if not v or (fld == "freq" and v.upper() in ("WEEKLY", "DAILY", "MONTHLY", "YEARLY")):
            continue
        if v.isdigit():
            rec.error(where, fld, f"{shown(v)} is a day number, which HSDS 1.1 and 2.0 do not define "
                      "(1 = Monday or Sunday?): write the day's name or code (MO)")
            return
        for part in v.split(","):
            code = part.strip()
            if not code:
                continue
            if fld == "byday" and code[:1] in "+-0123456789":  # "1MO": the first Monday of a month
                rec.warn(where, fld, f"{shown(v)} is a monthly rule; linkwork keeps weekly opening hours only, "
                         "so the schedule is not modelled")
                row.pop("opens_at", None)
                return
            try:
                days.append(next(c for c, n in DAY_CODES.items() if n == parse_day(code)))
            except ValueError as exc:
                rec.error(where, fld, str(exc))
                return
        if fld == "freq":
            rec.warn(where, fld, f"{shown(v)} is a day, not a frequency: read as weekly on that day")
            row["freq"] = "WEEKLY"
    if freq.upper() in ("MONTHLY", "YEARLY"):
        rec.warn(where, "freq", f"{shown(freq)} schedules are not modelled (linkwork keeps weekly opening hours only)")
        row.pop("opens_at", None)
        return
    if days:
        row["byday"] = ",".join(dict.fromkeys(days))
