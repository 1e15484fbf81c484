"""The commissioner workbook: one sheet per table, fillable by someone who does not program.

``linkwork template`` writes the blank workbook (an .xlsx with a guide sheet and
one worked example per sheet, or the same as CSV files); this loader reads it
back, from the .xlsx or from a directory of the CSV files. The layout is
:data:`SHEETS`: each sheet's columns, what goes in them, and the example row.

Every cell is checked; problems are reported as ``file:sheet row N: column:
reason``. Merged cells, sheets the template does not have, and renamed or
missing columns are errors, because they mean the layout was changed and a
value may have landed in the wrong place. Identifiers in the ``id`` columns
become stable IRIs, so reloading a corrected workbook replaces its records.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from linkwork.graph.confidential import opaque_iri
from linkwork.graph.namespaces import DIM, LW, SRCK
from linkwork.loaders.base import Loader, Parsed, SourceInfo, source_key, stable_iri
from linkwork.loaders.csvfile import MAX_CELL, read_csv
from linkwork.loaders.records import Records
from linkwork.loaders.values import parse_bool, parse_date, parse_day, parse_number, parse_time, shown
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

__all__ = ["WorkbookLoader", "SHEETS", "Column", "GUIDE_SHEET", "write_template"]

GUIDE_SHEET = "guide"

#: a postcode district (outward code): letters, a digit, and maybe a digit or letter (LA6, PR1, M1, EC1A)
_POSTCODE_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    example: str = ""
    required: bool = False


def _c(name: str, help: str, example: str = "", required: bool = False) -> Column:
    return Column(name, help, example, required)


_PROV = [
    _c("reference", "Where this fact comes from: a document, page or web address.", "Drug and alcohol service specification 2025, section 3"),
    _c("last_verified", "The date someone last checked this row (YYYY-MM-DD).", "2026-11-01", True),
]
def _criterion(dimension: str, minimum: str, allowed: str, words: str) -> list[Column]:
    """The columns every criterion row has, with the worked example given."""
    return [
        _c("service_id", "The service this applies to: its id on the services sheet, or the name of a service "
           "linkwork already holds (to add a rule or exclusion to it).", "cdt-north", True),
        _c("dimension", "What is tested: age, gender, severity, use-status, cj-status, substance, sentence-months, "
           "abstinence-months, risk-tier, offence-category, order-requirement, photo-id, bank-account, local-connection, "
           "registered-gp, parent, care-leaver, intentionally-homeless, diagnosis, area (every code: docs/workbook.md).",
           dimension, True),
        _c("need_domain", "For severity and diagnosis: which need (drugs, alcohol, mental-health, housing...).", ""),
        _c("minimum", "Lowest value allowed: a number (age 18) or a level (severity moderate, risk-tier low).", minimum),
        _c("maximum", "Highest value allowed, as for minimum.", ""),
        _c("allowed_values", "For gender, use-status, cj-status and substance: the codes allowed, separated by commas; "
           "for area: area names.", allowed),
        _c("required", "For yes/no dimensions (photo-id, local-connection...): yes if it is required, no if it must be absent.", ""),
        _c("plain_words", "The criterion in words a navigator can read out.", words, True),
        _c("valid_from", "The date this threshold came into force (YYYY-MM-DD).", "2024-04-01", True),
        _c("valid_to", "The date it stopped applying, if it has.", ""),
    ]


#: sheet -> columns, in order. The first row of each sheet is the header, the second the worked example.
SHEETS: dict[str, list[Column]] = {
    "areas": [
        _c("name", "The area's name, as services and meetings will name it. A name linkwork already knows adds these "
           "facts to that area; it never makes a second area of the same name.", "Kirkby Lonsdale (illustrative)", True),
        _c("area_type", "town, district, locality, county, unitary, region, police-area or probation-region.", "town", True),
        _c("within", "The name of the area it lies in (a district for a town), known to linkwork or on this sheet.", "Lancaster"),
        _c("population", "How many people live there (a whole number): small towns may lack the people for some groups.", "2100"),
        _c("postcode_districts", "Postcode districts it covers, separated by commas (LA6), never full postcodes.", "LA6"),
        _c("small_town", "yes for a small town, where some kinds of group cannot be sustained (001 L859).", "yes"),
        _c("latitude", "Latitude of its centre, for distances.", "54.20"),
        _c("longitude", "Longitude of its centre.", "-2.60"),
        *_PROV,
    ],
    "organisations": [
        _c("id", "A short identifier you choose, unique in this workbook.", "north-recovery", True),
        _c("name", "The organisation's name.", "North Recovery Partnership (illustrative)", True),
        _c("org_type", "local-authority, nhs, criminal-justice, voluntary, social-enterprise, partnership, education, mutual-aid.", "voluntary"),
        _c("website", "Web address.", "https://example.org/north-recovery"),
        _c("email", "Public email address.", "info@example.org"),
        _c("parent_id", "The id of a parent organisation in this workbook, if any.", ""),
        *_PROV,
    ],
    "services": [
        _c("id", "A short identifier you choose, unique in this workbook.", "cdt-north", True),
        _c("name", "The service's name.", "North community drug team (illustrative)", True),
        _c("organisation_id", "The id of the organisation that provides it (organisations sheet).", "north-recovery", True),
        _c("service_type", "One code: community-drug-team, alcohol-service, detox, residential-rehab, secondary-mental-health, "
           "primary-mental-health, liaison-diversion, probation, housing-options, hostel, supported-housing, link-worker... "
           "(see docs/workbook.md).", "community-drug-team", True),
        _c("need_domains", "Needs it serves, separated by commas: drugs, alcohol, mental-health, housing, offending, employment...", "drugs, alcohol"),
        _c("areas_served", "Names of the areas it serves, separated by commas (as the areas are named in linkwork).", "Preston", True),
        _c("location_id", "The id of its location (locations sheet), if it has one.", "north-base"),
        _c("description", "What it offers, in a sentence or two.", "Assessment, prescribing and recovery support for adults."),
        _c("url", "Web address.", ""),
        _c("telephone", "Public telephone number.", "01234 567890"),
        _c("email", "Public email address.", ""),
        _c("application_process", "How people get in.", "Self-referral by phone or drop-in."),
        _c("hours", "Opening hours: days and times separated by semicolons, such as Mon-Fri 09:00-17:00; Sat 10:00-12:00.", "Mon-Fri 09:00-17:00"),
        _c("broker", "yes if it takes people with several needs below other services' thresholds (link workers, liaison and diversion).", "no"),
        _c("status", "active, inactive, defunct or temporarily closed.", "active"),
        *_PROV,
    ],
    "locations": [
        _c("id", "A short identifier you choose.", "north-base", True),
        _c("name", "The building or place.", "North recovery hub (illustrative)"),
        _c("area", "The name of the area it lies in.", "Preston", True),
        _c("address", "Street address.", "1 Example Street"),
        _c("postcode", "Postcode.", "PR1 0XX"),
        _c("latitude", "Latitude, for the map.", "53.76"),
        _c("longitude", "Longitude, for the map.", "-2.70"),
        _c("confidential", "yes for refuges and other places whose address must never be published: they are shown by area only.", "no"),
    ],
    "eligibility": [
        _c("rule", "Rows with the same service and rule must ALL be met; different rules are alternatives.", "1", True),
        *_criterion("age", "18", "", "aged 18 or over"), *_PROV,
    ],
    "exclusions": [
        _c("exclusion", "Rows with the same service and exclusion together say whom it turns away.", "1", True),
        _c("reason", "Why they are turned away, in plain words.", "the group work assumes people are not using (illustrative)", True),
        *_criterion("use-status", "", "active", "people in active dependence"), *_PROV,
    ],
    "referral_routes": [
        _c("id", "A short identifier you choose.", "self-to-cdt-north", True),
        _c("from", "Who refers: self, or the id of a service in this workbook, or the name of a service or touchpoint already in linkwork.", "self"),
        _c("from_service_type", "Instead of from: any service of this type may refer (gp, probation...).", ""),
        _c("to", "The service referred to: the id of a service in this workbook, or the name of a service already in linkwork.", "cdt-north", True),
        _c("method", "self-referral, professional-referral, assessment, court-order, custody-referral...", "self-referral", True),
        _c("coercion", "How much choice the person has: voluntary (they choose), quasi-coercive (strongly encouraged, "
           "with consequences) or coercive (a court order, an order's requirement, a probation instruction). "
           "Peer mentoring and mutual aid are voluntary.", "voluntary"),
        _c("handover", "warm or cold.", "cold"),
        _c("waiting_days", "Typical wait in days.", "5"),
        _c("carried_by", "Who carries the referral (a role, never a person's name).", ""),
        *_PROV,
    ],
    "meetings": [
        _c("id", "A short identifier you choose.", "smart-north-wed", True),
        _c("name", "The meeting's name.", "SMART Recovery, Wednesday (illustrative)", True),
        _c("fellowship", "aa, na, ca, cma, smart, al-anon, families-anonymous, ga, peer-led.", "smart", True),
        _c("day", "Day of the week: Sun, Mon, Tue... or 0 (Sunday) to 6.", "Wed"),
        _c("time", "Start time, HH:MM.", "18:00"),
        _c("end_time", "End time, HH:MM.", "19:30"),
        _c("types", "Meeting Guide type codes separated by commas: O open, C closed, W women, M men, A secular, X wheelchair access...", "O, A"),
        _c("attendance", "in-person, online or hybrid.", "in-person", True),
        _c("area", "The name of the area it is in or serves; leave it empty for a meeting that is online only "
           "(it serves everyone).", "Preston"),
        _c("location_id", "The id of its location (locations sheet).", "north-base"),
        _c("conference_url", "Link for online or hybrid meetings.", ""),
        _c("notes", "Anything else a newcomer should know.", "Illustrative example row."),
        *_PROV,
    ],
    "funding": [
        _c("id", "A short identifier you choose for the funding stream.", "north-cj-grant", True),
        _c("name", "The funding stream's name.", "Criminal-justice grant (illustrative)", True),
        _c("funder", "Whose money it is: the id of an organisation in this workbook, or the name of one linkwork "
           "already holds.", "north-recovery", True),
        _c("ring_fenced", "yes if the money is protected for this purpose until valid_to (001 L911).", "no"),
        _c("valid_from", "The date the stream began (YYYY-MM-DD).", "2024-04-01", True),
        _c("valid_to", "The date it ends or ended, if known; for a ring-fence, the date the protection ends.", ""),
        _c("services", "The services it funds, separated by commas: ids on the services sheet or names of services "
           "linkwork already holds.", "cdt-north"),
        _c("share", "The fraction of each listed service's funding it pays (0.3 for 30%), if known.", "0.3"),
        *_PROV,
    ],
    "community_assets": [
        _c("id", "A short identifier you choose.", "north-allotment", True),
        _c("name", "The asset's name.", "Community allotment (illustrative)", True),
        _c("asset_kind", "individual, association, institution, physical-space, economic or cultural.", "physical-space", True),
        _c("area", "The name of the area it serves.", "Preston", True),
        _c("location_id", "The id of its location (locations sheet), if any.", ""),
        _c("supports_goods", "Good Lives goods it supports, separated by commas: life, knowledge, excellence-in-play, "
           "excellence-in-work, excellence-in-agency, inner-peace, relatedness, community, spirituality, pleasure, creativity.", "relatedness, community"),
        _c("builds_capital", "Recovery capital it builds: social, physical, human, cultural.", "social"),
        _c("description", "What it offers.", "Weekly growing sessions open to all."),
        _c("url", "Web address.", ""),
        *_PROV,
    ],
}


class WorkbookLoader(Loader):
    """The commissioner workbook, as .xlsx or as a directory of its CSV files."""

    suffixes = (".xlsx",)
    kind = SRCK["commissioner-workbook"]

    def sniff(self, path: Path, head: bytes) -> bool:
        path = Path(path)
        if path.is_dir():
            # HSDS 2.0 packages have an eligibility.csv too, beside organizations.csv (American spelling)
            hsds = any((path / n).exists() for n in ("organizations.csv", "datapackage.json", "services_at_location.csv"))
            return (path / "organisations.csv").exists() or ((path / "eligibility.csv").exists() and not hsds)
        return path.suffix.lower() == ".xlsx"

    def parse(self, path: Path, source: SourceInfo, context=None) -> Parsed:
        parsed = Parsed()
        rec = Records(parsed, source, context, key=source_key(source))
        path = Path(path)
        sheets = _read_folder(rec, path) if path.is_dir() else _read_xlsx(rec, path)
        if sheets is None:
            return parsed
        if not any(sheets.values()) and not parsed.errors:
            rec.error(None, None, "the workbook has no rows to load")
        if parsed.errors:  # the layout is wrong: cell values may be in the wrong columns
            return parsed
        _Build(rec, sheets).run()
        return parsed


# -- reading -----------------------------------------------------------------------

Rows = list[tuple[str, dict[str, str]]]


def _check_header(rec: Records, sheet: str, header: list[str], where: str) -> bool:
    expected = [c.name for c in SHEETS[sheet]]
    header = [h.strip() if h else "" for h in header]
    while header and not header[-1]:
        header.pop()
    missing = [c for c in expected if c not in header]
    extra = [h for h in header if h not in expected]
    for h in extra:
        rec.error(where, h or "(blank)", f"the {sheet} sheet has no column {h!r}" + (
            f"; was it renamed from {missing[0]!r}?" if missing else "") + f" (columns: {', '.join(expected)})")
    for m in missing:
        if not extra:
            rec.error(where, m, f"the {sheet} sheet is missing its {m!r} column")
    return not missing and not extra


def _rows(rec: Records, sheet: str, table: list[tuple[int, list[str]]], label: str) -> Rows:
    """Rows as (``sheet row N``, column -> text) under a header checked against the template."""
    if not table:
        return []
    header = [str(h or "") for h in table[0][1]]
    if not _check_header(rec, sheet, header, f"{label} row {table[0][0]}"):
        return []
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1
    out = []
    for n, row in table[1:]:
        where = f"{label} row {n}"
        values = {h.strip(): ("" if v is None else str(v).strip()) for h, v in zip(header, row) if h and h.strip()}
        beyond = [i for i, v in enumerate(row) if i >= width and v not in (None, "") and str(v).strip()]
        if not any(values.values()) and not beyond:
            continue
        if not rec.record(where):  # refused by --skip-invalid: its id is remembered, to say why rows naming it go too
            if values.get("id"):
                rec.refused_ids.setdefault(sheet, {})[values["id"]] = where
            continue
        for i in beyond:  # typed to the right of the last column: no column says what it is
            rec.error(where, f"column {_letters(i)}", "a value to the right of the last column, with no column name")
        if any(values.values()):
            out.append((where, values))
    return out


def _letters(i: int) -> str:
    """A column's letters from its index (0 -> A, 26 -> AA), as a spreadsheet names it."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _read_folder(rec: Records, folder: Path) -> dict[str, Rows] | None:
    sheets: dict[str, Rows] = {}
    for f in sorted(folder.glob("*.csv")):
        name = f.stem
        if name not in SHEETS:
            rec.error(f.name, None, f"not a workbook sheet; the sheets are: {', '.join(SHEETS)}")
            continue
        grid = read_csv(f, lambda n, col, why, f=f: rec.error(f"{f.name}:row {n}", col, why))
        if grid is not None:
            sheets[name] = _rows(rec, name, grid, name)
    return sheets


def _read_xlsx(rec: Records, path: Path) -> dict[str, Rows] | None:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=False)  # formulas as written: their values are not read, see _cells
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        rec.error(None, None, f"not an .xlsx workbook ({type(exc).__name__}: {shown(str(exc))})")
        return None
    sheets: dict[str, Rows] = {}
    for ws in wb.worksheets:
        if ws.title == GUIDE_SHEET:
            continue
        if ws.title not in SHEETS:
            rec.error(f"sheet {ws.title!r}", None, f"the workbook has no such sheet; its sheets are: {GUIDE_SHEET}, {', '.join(SHEETS)}")
            continue
        for merged in ws.merged_cells.ranges:
            rec.error(f"sheet {ws.title} {merged.coord}", None, "merged cells: unmerge them and give each cell its own value")
        sheets[ws.title] = _rows(rec, ws.title, _cells(rec, ws), ws.title)
    return sheets


def _cells(rec: Records, ws) -> list[tuple[int, list[str]]]:
    """A worksheet's rows as text. A formula is an error, not its last computed value (which a file saved
    by another program may not hold at all, and which is stale once its inputs change); so is a cell
    showing an error such as #N/A."""
    header: list[str] = []
    table: list[tuple[int, list[str]]] = []
    for cells in ws.iter_rows():
        row = []
        for i, c in enumerate(cells):
            column = header[i] if i < len(header) and header[i] else f"column {_letters(i)}"
            if c.data_type == "f" or not isinstance(c.value, (str, int, float, bool, date, time, type(None))):
                rec.error(f"{ws.title} row {c.row}", column, f"cell {c.coordinate} holds a formula; linkwork reads values, "
                          "not formulas: copy the cells and paste them as values")
                row.append("")
            elif c.data_type == "e":
                rec.error(f"{ws.title} row {c.row}", column, f"cell {c.coordinate} shows an error ({shown(c.value)}): "
                          "give the value itself")
                row.append("")
            else:
                text = _cell(c.value)
                if len(text) > MAX_CELL:
                    rec.error(f"{ws.title} row {c.row}", column, f"cell {c.coordinate} holds {len(text):,} characters; "
                              f"the most a cell may hold is {MAX_CELL:,}")
                    text = ""
                row.append(text)
        if not header:
            header = [h.strip() for h in row]
        table.append((cells[0].row if cells else len(table) + 1, row))
    return table


def _cell(v) -> str:
    """A cell as text; whole numbers without '.0', dates as YYYY-MM-DD, times as HH:MM (HH:MM:SS if it has seconds)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time(0) else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, time):
        return v.isoformat() if v.second or v.microsecond else v.strftime("%H:%M")
    return str(v)


# -- building ----------------------------------------------------------------------

def _list(value: str) -> list[str]:
    return [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]


class _Build:
    """Turns checked rows into statements, sheet by sheet, recording every bad cell."""

    def __init__(self, rec: Records, sheets: dict[str, Rows]):
        self.rec, self.sheets = rec, sheets
        self.ids: dict[str, dict[str, URIRef]] = {s: {} for s in SHEETS}
        #: sheet with ids -> id -> the row that defines it
        self.defined: dict[str, dict[str, str]] = {}
        #: (service, rule or exclusion, label made safe) -> (the label as written, where)
        self.parts: dict[tuple[URIRef, str, str], tuple[str, str]] = {}
        #: area name (lower case) -> the area the areas sheet defines or names, for the sheets after it
        self.named_areas: dict[str, URIRef] = {}

    def run(self) -> None:
        for sheet, kind in (("organisations", "organisation"), ("services", "service"), ("locations", "location"),
                            ("referral_routes", "route"), ("meetings", "meeting"), ("funding", "funding-stream"),
                            ("community_assets", "asset")):
            self.defined[sheet] = {}
            first = self.defined[sheet]
            for where, row in self.sheets.get(sheet, []):
                rid = row.get("id", "")
                if rid in self.ids[sheet]:
                    self.rec.error(where, "id", f"{shown(rid)} is used twice in the {sheet} sheet (first at {first[rid]})")
                elif rid:
                    iri, new = self.rec.define(kind, rid, where, "id")  # "CDT North" and "cdt-north" would be one record
                    if new:
                        self.ids[sheet][rid], first[rid] = self._opaque(sheet, row, iri), where
        for sheet in ("areas", "organisations", "locations", "services", "eligibility", "exclusions", "referral_routes",
                      "meetings", "funding", "community_assets"):
            build = self._areas_sheet if sheet == "areas" else getattr(self, "_" + sheet)
            for where, row in self.sheets.get(sheet, []):
                if sheet in self.defined and self.defined[sheet].get(row.get("id", "")) != where:
                    continue  # no id, or one reported above: building it would merge it into another record
                if sheet in self.defined:
                    self.rec.place(self.ids[sheet][row["id"]], where)
                if self._required(sheet, where, row):
                    build(where, row)

    # helpers
    def _opaque(self, sheet: str, row: dict, iri: URIRef) -> URIRef:
        """A confidential location's IRI, made opaque: its id may carry the address ("refuge-14-mill-lane")."""
        if sheet == "locations":
            try:
                if parse_bool(row.get("confidential") or "no"):
                    return opaque_iri(iri, self.rec.context.place_key)
            except ValueError:
                pass  # reported where the row is built
        return iri

    def _required(self, sheet: str, where: str, row: dict) -> bool:
        ok = True
        for c in SHEETS[sheet]:
            if c.required and not row.get(c.name):
                self.rec.error(where, c.name, f"{c.name} is required ({c.help})")
                ok = False
        return ok

    def _ref(self, sheet: str, value: str, where: str, fld: str) -> URIRef | None:
        if value in self.ids[sheet]:
            return self.ids[sheet][value]
        refused = self.rec.refused_ids.get(sheet, {}).get(value)
        if refused:
            self.rec.error(where, fld, f"{shown(value)} is the id of {refused}, which was refused")
            return None
        near = [k for k in self.ids[sheet] if self.rec.iri("x", k) == self.rec.iri("x", value)]
        self.rec.error(where, fld, f"{shown(value)} is not an id in the {sheet} sheet"
                       + (f" (ids must match exactly: did you mean {shown(near[0])}?)" if near else ""))
        return None

    def _part(self, owner: URIRef, kind: str, label: str, where: str, fld: str) -> str:
        """The IRI fragment of a rule or exclusion named ``label`` in one service: the label made safe for
        an IRI, refusing two labels that differ only in case or punctuation ("Rule 1" and "rule-1")."""
        slug = str(stable_iri(kind, label)).rsplit("/", 1)[-1]
        was, at = self.parts.setdefault((owner, kind, slug), (label, where))
        if was != label:
            self.rec.error(where, fld, f"{shown(label)} and {shown(was)} (at {at}) differ only in case, spaces or punctuation, "
                           f"so they would be one {kind} of the service; give them labels that differ in letters or digits")
        return f"{kind}-{slug}"

    def _prov(self, s: URIRef, where: str, row: dict) -> None:
        self.rec.provenance(s, verified=row.get("last_verified"), where=where)
        self.rec.text(s, LW.sourceLines, row.get("reference"), lang=None)

    def _concepts(self, s, prop, scheme: str, value: str, where: str, fld: str) -> None:
        for code in _list(value):
            c = self.rec.concept(scheme, code, where, fld)
            if c is not None:
                self.rec.add(s, prop, c)

    def _areas(self, value: str, where: str, fld: str) -> list[URIRef]:
        out = []
        for name in _list(value):
            if name.lower() in self.named_areas:
                out.append(self.named_areas[name.lower()])
                continue
            if name.lower() not in self.rec.context.areas:
                self.rec.warn(where, fld, f"{name!r} is not an area linkwork knows yet; it is added as a new area")
            out.append(self.rec.area([name]))
        return out

    def _link(self, s, prop, sheet: str, value: str, where: str, fld: str) -> None:
        if value:
            target = self._ref(sheet, value, where, fld)
            if target is not None:
                self.rec.add(s, prop, target)

    def _service(self, value: str, where: str, fld: str) -> URIRef | None:
        """A service of this workbook by id, else one linkwork already holds (by name or the end of its IRI):
        rules and exclusions may be added to a service already in the store."""
        if value in self.ids["services"] or value in self.rec.refused_ids.get("services", {}):
            return self._ref("services", value, where, fld)
        known = self.rec.context.known
        found = known.get(value) or known.get(value.strip().lower())
        if found is not None and found[1] == "service":
            return found[0]
        return self._ref("services", value, where, fld)

    def _endpoint(self, s, prop, value: str, where: str, fld: str, *, touchpoints: bool) -> None:
        """A route's end: a service of this workbook by id, else a service (or, for ``from``, a touchpoint)
        already in linkwork or earlier in the batch, by its name or the end of its IRI."""
        if value in self.ids["services"] or value in self.rec.refused_ids.get("services", {}):
            self._link(s, prop, "services", value, where, fld)
            return
        known = self.rec.context.known
        found = known.get(value) or known.get(value.strip().lower())
        if found is not None and (touchpoints or found[1] == "service"):
            self.rec.add(s, prop, found[0])
            return
        what = "a service or touchpoint" if touchpoints else "a service"
        self.rec.error(where, fld, f"{shown(value)} is not an id in the services sheet, nor the name of {what} "
                       f"linkwork already holds")

    # sheets
    def _areas_sheet(self, where: str, row: dict) -> None:
        rec = self.rec
        name = row["name"].strip()
        kind = rec.concept("area-type", row["area_type"], where, "area_type")
        within = (row.get("within") or "").strip()
        parent = self.named_areas.get(within.lower()) if within else None
        if within and parent is None and within.lower() not in rec.context.areas:
            rec.warn(where, "within", f"{shown(within)} is not an area linkwork knows yet; it is added as a new area")
        if name.lower() in self.named_areas:
            rec.error(where, "name", f"{shown(name)} is on the areas sheet twice")
            return
        known = rec.context.areas.get(name.lower())
        if known is not None:
            a = known  # never a second area of the same name: these facts are added to the one there is
            rec.warn(where, "name", f"{shown(name)} is already in linkwork; this row adds its facts to that area")
        elif parent is not None:
            a = stable_iri("area", within, name)
            rec.typed(a, LW.Area, name)
            rec.add(a, LW.partOf, parent)
        else:
            a = rec.area([within, name] if within else [name])
        if a is None:
            return
        self.named_areas[name.lower()] = a
        if kind is not None and known is None:
            rec.g.remove((a, LW.areaType, None))
            rec.add(a, LW.areaType, kind)
        if row.get("population"):
            v = rec.check(parse_number, row["population"], where, "population", whole=True)
            if v is not None and v < 0:
                rec.error(where, "population", f"{v} is not a number of people")
            elif v is not None:
                rec.add(a, LW.population, Literal(v))
        for code in _list(row.get("postcode_districts", "")):
            if not _POSTCODE_DISTRICT.fullmatch(code.upper().replace(" ", "")):
                rec.error(where, "postcode_districts", f"{shown(code)} is not a postcode district (such as LA6); "
                          f"a full postcode narrows a place to a few households")
            else:
                rec.add(a, LW.postcodeDistrict, Literal(code.upper().replace(" ", "")))
        if row.get("small_town"):
            v = rec.check(parse_bool, row["small_town"], where, "small_town")
            if v is not None:
                rec.add(a, LW.smallTown, Literal(v))
        for fld in ("latitude", "longitude"):
            if row.get(fld):
                v = rec.check(parse_number, row[fld], where, fld)
                if v is not None:
                    rec.add(a, LW[fld], Literal(v))
        self._prov(a, where, row)

    def _organisations(self, where: str, row: dict) -> None:
        s = self.ids["organisations"][row["id"]]
        self.rec.typed(s, LW.Organisation, row["name"])
        self._concepts(s, LW.orgType, "org-type", row.get("org_type", ""), where, "org_type")
        self.rec.text(s, LW.url, row.get("website"), lang=None)
        self.rec.text(s, LW.email, row.get("email"), lang=None)
        self._link(s, LW.parentOrganisation, "organisations", row.get("parent_id", ""), where, "parent_id")
        self._prov(s, where, row)

    def _locations(self, where: str, row: dict) -> None:
        s = self.ids["locations"][row["id"]]
        self.rec.typed(s, LW.Location, row.get("name"))
        for a in self._areas(row["area"], where, "area")[:1]:
            self.rec.add(s, LW.withinArea, a)
        self.rec.text(s, LW.address, row.get("address"), lang=None)
        self.rec.text(s, LW.postcode, row.get("postcode"), lang=None)
        for fld, prop, lo, hi in (("latitude", LW.latitude, -90, 90), ("longitude", LW.longitude, -180, 180)):
            if row.get(fld):
                v = self.rec.check(parse_number, row[fld], where, fld)
                if v is not None and not lo <= v <= hi:
                    self.rec.error(where, fld, f"{v} is out of range ({lo} to {hi})")
                elif v is not None:
                    self.rec.add(s, prop, Literal(float(v)))
        if row.get("confidential"):
            v = self.rec.check(parse_bool, row["confidential"], where, "confidential")
            if v is not None:
                self.rec.add(s, LW.confidential, Literal(v))

    def _services(self, where: str, row: dict) -> None:
        s = self.ids["services"][row["id"]]
        self.rec.typed(s, LW.Service, row["name"])
        self._link(s, LW.providedBy, "organisations", row["organisation_id"], where, "organisation_id")
        c = self.rec.concept("service-type", row["service_type"], where, "service_type")
        if c is not None:
            self.rec.add(s, LW.serviceType, c)
        self._concepts(s, LW.needDomain, "need", row.get("need_domains", ""), where, "need_domains")
        for a in self._areas(row["areas_served"], where, "areas_served"):
            self.rec.add(s, LW.areaServed, a)
        self._link(s, LW.location, "locations", row.get("location_id", ""), where, "location_id")
        self.rec.text(s, RDFS.comment, row.get("description"))
        self.rec.text(s, LW.applicationProcess, row.get("application_process"))
        for fld, prop in (("url", LW.url), ("telephone", LW.telephone), ("email", LW.email), ("status", LW.status)):
            self.rec.text(s, prop, row.get(fld), lang=None)
        if row.get("broker"):
            v = self.rec.check(parse_bool, row["broker"], where, "broker")
            if v is not None:
                self.rec.add(s, LW.broker, Literal(v))
        for day, opens, closes in self._hours(row.get("hours", ""), where):
            self.rec.hours(s, day, opens, closes)
        self._prov(s, where, row)

    def _hours(self, value: str, where: str) -> list[tuple[int, str, str]]:
        """``Mon-Fri 09:00-17:00; Sat, Sun 10:00-12:00`` as (day, opens, closes) triples."""
        out: list[tuple[int, str, str]] = []
        for part in (p.strip() for p in value.split(";") if p.strip()):
            days_text, _, times = part.rpartition(" ")
            start, _, end = times.partition("-")
            days = self._days(days_text)
            if not days or not end:
                self.rec.error(where, "hours", f"{part!r} is not days and times such as 'Mon-Fri 09:00-17:00'")
                continue
            opens = self.rec.check(parse_time, start, where, "hours")
            closes = self.rec.check(parse_time, end, where, "hours", closing=True)
            if opens and closes:
                out.extend((d, opens, closes) for d in days)
        return out

    @staticmethod
    def _days(text: str) -> list[int]:
        """Day names and ranges separated by commas (``Mon-Wed, Fri``); empty if any part is not a day."""
        days: list[int] = []
        for chunk in (c.strip() for c in text.split(",") if c.strip()):
            first, _, last = chunk.partition("-")
            d0, d1 = _day_name(first), _day_name(last or first)
            if d0 is None or d1 is None:
                return []
            days.extend(range(d0, d1 + 1) if d0 <= d1 else [*range(d0, 7), *range(d1 + 1)])
        return sorted(set(days))

    def _criterion(self, owner: URIRef, name: str, where: str, row: dict) -> URIRef | None:
        rec = self.rec
        dim_key = row["dimension"]
        dim = DIM[dim_key]
        from linkwork.ontology import ontology_graph

        g = ontology_graph()
        kind = g.value(dim, LW.dimensionKind)
        if kind is None:
            rec.error(where, "dimension", f"unknown dimension {dim_key!r}")
            return None
        scheme_iri = g.value(dim, LW.valueScheme)
        scheme = str(scheme_iri).rsplit("/", 1)[-1] if scheme_iri is not None else None
        valid_from = rec.check(parse_date, row["valid_from"], where, "valid_from")
        values: dict = {}
        if row.get("valid_to"):
            valid_to = rec.check(parse_date, row["valid_to"], where, "valid_to")
            values["validTo"] = Literal(valid_to) if valid_to is not None else None
        if row.get("need_domain"):
            values["needDomain"] = rec.concept("need", row["need_domain"], where, "need_domain")
        elif g.value(dim, LW.perDomain) is not None:
            rec.error(where, "need_domain", f"{dim_key} needs a need_domain (drugs, alcohol, mental-health...)")
        kind = str(kind)
        cls = {"number": LW.RangeCriterion, "ordinal": LW.RangeCriterion, "set": LW.SetCriterion,
               "multiset": LW.SetCriterion, "boolean": LW.RequirementCriterion, "area": LW.AreaCriterion}[kind]
        if kind == "number":
            for fld, prop in (("minimum", "minimum"), ("maximum", "maximum")):
                if row.get(fld):
                    v = rec.check(parse_number, row[fld], where, fld)
                    if v is not None:
                        values[prop] = Literal(int(v) if float(v).is_integer() else v)
            if "minimum" not in values and "maximum" not in values:
                rec.error(where, "minimum", f"{dim_key} needs a minimum or a maximum")
        elif kind == "ordinal":
            for fld, prop in (("minimum", "minimumLevel"), ("maximum", "maximumLevel")):
                if row.get(fld):
                    values[prop] = rec.concept(scheme, row[fld], where, fld)
            if "minimumLevel" not in values and "maximumLevel" not in values:
                rec.error(where, "minimum", f"{dim_key} needs a minimum or a maximum level")
        elif kind in ("set", "multiset"):
            values["allowedValue"] = [rec.concept(scheme, v, where, "allowed_values") for v in _list(row.get("allowed_values", ""))]
            if not values["allowedValue"]:
                rec.error(where, "allowed_values", f"{dim_key} needs at least one allowed value")
        elif kind == "boolean":
            v = rec.check(parse_bool, row.get("required") or "", where, "required")
            values["requiredValue"] = Literal(v) if v is not None else None
        else:
            values["withinArea"] = self._areas(row.get("allowed_values", ""), where, "allowed_values")
        values = {k: v for k, v in values.items() if v is not None}
        c = rec.criterion(owner, name, cls, dim, valid_from=valid_from, plain=row["plain_words"], **values)
        verified = rec.check(parse_date, row["last_verified"], where, "last_verified")
        if verified is not None:
            rec.g.set((c, LW.lastVerified, Literal(verified)))
        rec.text(c, LW.sourceLines, row.get("reference"), lang=None)
        return c

    def _eligibility(self, where: str, row: dict) -> None:
        s = self._service(row["service_id"], where, "service_id")
        if s is None:
            return
        n = where.rsplit(" ", 1)[-1]
        rule = self._part(s, "rule", row["rule"], where, "rule")
        c = self._criterion(s, f"{rule}-row{n}", where, row)
        if c is not None:
            self.rec.rule(s, rule, [c], f"rule {row['rule']}")

    def _exclusions(self, where: str, row: dict) -> None:
        s = self._service(row["service_id"], where, "service_id")
        if s is None:
            return
        n = where.rsplit(" ", 1)[-1]
        exclusion = self._part(s, "exclusion", row["exclusion"], where, "exclusion")
        c = self._criterion(s, f"{exclusion}-row{n}", where, row)
        if c is not None:
            self.rec.exclusion(s, exclusion, [c], row["reason"])

    def _referral_routes(self, where: str, row: dict) -> None:
        s = self.ids["referral_routes"][row["id"]]
        self.rec.g.add((s, RDF.type, LW.ReferralRoute))
        self._endpoint(s, LW.to, row["to"], where, "to", touchpoints=False)
        origin = row.get("from", "")
        if origin and row.get("from_service_type"):
            self.rec.error(where, "from", "give from or from_service_type, not both")
        elif origin.lower() == "self":
            self.rec.add(s, LW["from"], LW.SelfReferral)
        elif origin:
            self._endpoint(s, LW["from"], origin, where, "from", touchpoints=True)
        elif row.get("from_service_type"):
            c = self.rec.concept("service-type", row["from_service_type"], where, "from_service_type")
            self.rec.add(s, LW.fromServiceType, c)
        else:
            self.rec.error(where, "from", "say who refers: self, a service id, or from_service_type")
        c = self.rec.concept("referral-method", row["method"], where, "method")
        self.rec.add(s, LW.method, c)
        if row.get("coercion"):
            self.rec.add(s, LW.coercion, self.rec.concept("coercion", row["coercion"], where, "coercion"))
        if row.get("handover"):
            self.rec.add(s, LW.handover, self.rec.concept("handover", row["handover"], where, "handover"))
        if row.get("waiting_days"):
            v = self.rec.check(parse_number, row["waiting_days"], where, "waiting_days", whole=True)
            if v is not None and v < 0:
                self.rec.error(where, "waiting_days", f"{v} is not a number of days (zero or more)")
            elif v is not None:
                self.rec.add(s, LW.waitingDays, Literal(v))
        self.rec.text(s, LW.carriedBy, row.get("carried_by"), lang=None)
        self._prov(s, where, row)

    def _meetings(self, where: str, row: dict) -> None:
        rec = self.rec
        s = self.ids["meetings"][row["id"]]
        rec.typed(s, LW.Meeting, row["name"])
        rec.add(s, LW.slug, Literal(row["id"]))
        group = rec.iri("group", row["fellowship"])
        fel = rec.concept("fellowship", row["fellowship"], where, "fellowship")
        if fel is not None:
            rec.typed(group, LW.MutualAidGroup, f"{row['fellowship'].upper()} meetings in {rec.file}")
            rec.add(group, LW.fellowship, fel)
            if (group, LW.lastVerified, None) not in rec.g:
                rec.provenance(group)
            rec.add(s, LW.group, group)
        if row.get("day") or row.get("time"):
            day = rec.check(parse_day, row.get("day", ""), where, "day")
            opens = rec.check(parse_time, row.get("time", ""), where, "time")
            closes = rec.check(parse_time, row["end_time"], where, "end_time", closing=True) if row.get("end_time") else None
            if day is not None and opens:
                rec.add(s, LW.day, Literal(day))
                rec.add(s, LW.opens, Literal(opens))
                if closes:
                    rec.add(s, LW.closes, Literal(closes))
        self._concepts(s, LW.meetingType, "meeting-type", row.get("types", ""), where, "types")
        mode = rec.concept("attendance-mode", row["attendance"], where, "attendance")
        rec.add(s, LW.attendanceMode, mode)
        if row.get("area"):
            for a in self._areas(row["area"], where, "area")[:1]:
                rec.add(s, LW.areaServed, a)
        elif row["attendance"].strip().lower() != "online":
            rec.error(where, "area", "area is required for an in-person or hybrid meeting (only an online meeting has none)")
        self._link(s, LW.location, "locations", row.get("location_id", ""), where, "location_id")
        rec.text(s, LW.conferenceUrl, row.get("conference_url"), lang=None)
        rec.text(s, LW.notes, row.get("notes"), lang=None)
        self._prov(s, where, row)

    def _funding(self, where: str, row: dict) -> None:
        rec = self.rec
        s = self.ids["funding"][row["id"]]
        rec.typed(s, LW.FundingStream, row["name"])
        funder = row["funder"]
        if funder in self.ids["organisations"]:
            self._link(s, LW.funder, "organisations", funder, where, "funder")
        else:
            found = rec.context.known.get(funder) or rec.context.known.get(funder.strip().lower())
            if found is not None and found[1] == "organisation":
                rec.add(s, LW.funder, found[0])
            else:
                rec.error(where, "funder", f"{shown(funder)} is not an id in the organisations sheet, nor the name of "
                          f"an organisation linkwork already holds")
        if row.get("ring_fenced"):
            v = rec.check(parse_bool, row["ring_fenced"], where, "ring_fenced")
            if v is not None:
                rec.add(s, LW.ringFenced, Literal(v))
        for fld, prop in (("valid_from", LW.validFrom), ("valid_to", LW.validTo)):
            if row.get(fld):
                d = rec.check(parse_date, row[fld], where, fld)
                if d is not None:
                    rec.add(s, prop, Literal(d))
        share = None
        if row.get("share"):
            share = rec.check(parse_number, row["share"], where, "share")
            if share is not None and not 0 < share <= 1:
                rec.error(where, "share", f"{share} is not a fraction of the funding (more than 0, at most 1)")
                share = None
        for name in _list(row.get("services", "")):
            svc = self._service(name, where, "services")
            if svc is None:
                continue
            rec.add(svc, LW.fundedBy, s)
            if share is not None:
                part = URIRef(f"{s}/share/{str(svc).rstrip('/').rsplit('/', 1)[-1]}")
                rec.g.add((part, RDF.type, LW.FundingShare))
                rec.add(part, LW.fundedService, svc)
                rec.add(part, LW.share, Literal(share))
                rec.add(s, LW.fundingShare, part)
        self._prov(s, where, row)

    def _community_assets(self, where: str, row: dict) -> None:
        s = self.ids["community_assets"][row["id"]]
        self.rec.typed(s, LW.CommunityAsset, row["name"])
        self._concepts(s, LW.assetKind, "asset-kind", row["asset_kind"], where, "asset_kind")
        for a in self._areas(row["area"], where, "area")[:1]:
            self.rec.add(s, LW.areaServed, a)
        self._link(s, LW.location, "locations", row.get("location_id", ""), where, "location_id")
        self._concepts(s, LW.supportsGood, "good-lives", row.get("supports_goods", ""), where, "supports_goods")
        self._concepts(s, LW.buildsCapital, "recovery-capital", row.get("builds_capital", ""), where, "builds_capital")
        self.rec.text(s, RDFS.comment, row.get("description"))
        self.rec.text(s, LW.url, row.get("url"), lang=None)
        self._prov(s, where, row)


def _day_name(text: str) -> int | None:
    """A day from its name in full or in three letters (``Mon``, ``monday``), else None."""
    try:
        day = parse_day(text)
    except ValueError:
        return None
    return day if not text.strip().isdigit() else None


# -- the template ----------------------------------------------------------------------

def write_template(path: Path, *, csv_folder: bool = False) -> list[Path]:
    """Write the blank workbook with one worked example per sheet; returns the files written."""
    path = Path(path)
    if csv_folder:
        path.mkdir(parents=True, exist_ok=True)
        written = []
        for sheet, cols in SHEETS.items():
            f = path / f"{sheet}.csv"
            with open(f, "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh, lineterminator="\n")
                w.writerow([c.name for c in cols])
                w.writerow([c.example for c in cols])
            written.append(f)
        return written
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    guide = wb.active
    if not isinstance(guide, Worksheet):  # a new workbook starts with one empty worksheet, active
        raise TypeError(f"a new openpyxl workbook's active sheet is {guide!r}, not a worksheet")
    guide.title = GUIDE_SHEET
    guide.append(["linkwork commissioner workbook"])
    guide["A1"].font = Font(bold=True, size=14)
    for line in (
        "Fill one sheet per table. Row 1 is the header: do not rename, move or merge its cells.",
        "Row 2 of each sheet is a worked example (illustrative, not a real service): replace or delete it.",
        "Hover over a header cell for what goes in the column. Columns marked * are required.",
        "Separate several values in one cell with commas. Dates are YYYY-MM-DD, times HH:MM.",
        "Load with: linkwork load this-file.xlsx   (add --dry-run to check it without storing anything).",
        "",
    ):
        guide.append([line])
    guide.append(["sheet", "column", "required", "what goes in it", "example"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for sheet, cols in SHEETS.items():
        for c in cols:
            guide.append([sheet, c.name, "yes" if c.required else "", c.help, c.example])
    guide.column_dimensions["D"].width = 90
    head = PatternFill("solid", fgColor="DDEBF7")
    for sheet, cols in SHEETS.items():
        ws = wb.create_sheet(sheet)
        ws.append([c.name for c in cols])
        ws.append([c.example for c in cols])
        for cell, c in zip(ws[1], cols):
            cell.font = Font(bold=True)
            cell.fill = head
            cell.comment = Comment(("* required. " if c.required else "") + c.help, "linkwork")
            ws.column_dimensions[cell.column_letter].width = max(12, min(40, len(c.example) + 4, ))
        ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return [path]
