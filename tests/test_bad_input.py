"""Bad input, for every loader: each outcome is a clean load or a located error, and never a traceback.

Two parts, both through the real command (click's CliRunner, exceptions caught
and checked) against one on-disk store:

* a fixed table of the named cases of issue 10 (crashes, silently wrong data,
  unlocated or undetected input, distinct records merged), each pinned to its
  message, so none can come back unnoticed;
* generated cases: hypothesis strategies that mutate the real samples the tests
  already ship (tests/fixtures/mini.ttl and its N-Triples, TriG and JSON-LD
  forms, the HSDS and ORUK examples in JSON and CSV, the Meeting Guide and
  BMLT samples, and the workbook template's worked examples as .xlsx and CSV):
  truncation, wrong types, huge and non-finite numbers, deep nesting,
  encodings, duplicate and near-duplicate ids, missing cells, extra columns.

For every generated case the command must either load cleanly or fail with
errors that each name the file and a row, line or pointer; on failure every
live quad of the store (and its catalogue) hashes as it did before. Runs are
reproducible (``derandomize``, no example database) and bounded: 11 loaders x
:data:`EXAMPLES` generated cases = 110, plus the pinned table (32 that must fail located, 4 that
must load). Measured on the 2-core development machine: about 75 s of CPU for the module.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import edited_workbook
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from linkwork.graph.store import Store
from linkwork.loaders.workbook import write_template

from linkwork.cli import cli

TESTS = Path(__file__).parent
MINI = TESTS / "fixtures" / "mini.ttl"
STANDARDS = TESTS / "data" / "standards"
HSDS_JSON = STANDARDS / "hsds-3.0" / "examples" / "service_full.json"
ORUK_JSON = STANDARDS / "oruk-3.0" / "examples" / "service_full.json"
HSDS_CSV = STANDARDS / "hsds-3.0" / "examples" / "csv"
MEETINGS = STANDARDS / "meeting-guide" / "samples" / "atlanta.json"
BMLT = TESTS / "data" / "feeds" / "lancashire-na.bmlt"

#: Generated cases per loader.
EXAMPLES = 10

#: Problems about a whole file, which has no row or line to name.
WHOLE_FILE = ("not an .xlsx workbook", "the workbook has no rows to load", "cannot tell the format")


# -- the store and the command -------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """An on-disk store holding a source already, so a failed load has something to leave alone."""
    path = tmp_path_factory.mktemp("bad-input") / "store"
    result = CliRunner().invoke(cli, ["--store", str(path), "load", str(MINI)])
    assert result.exit_code == 0, result.output
    return path


def store_hash(path: Path) -> str:
    """A hash of every live quad and of the catalogue: equal hashes mean the store did not change."""
    s = Store(path, read_only=True)
    try:
        lines = sorted(str(q) for q in s.quads())
        lines += [repr(e) for e in s.sources()]
    finally:
        s.close()
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class Outcome:
    """One run of `linkwork load`, checked: a clean load, or located errors and an unchanged store."""

    def __init__(self, store: Path, source: Path, fmt: str | None, hashes: dict[Path, str]):
        if store not in hashes:
            hashes[store] = store_hash(store)
        before = hashes[store]
        args = ["--store", str(store), "load", *(["--format", fmt] if fmt else []), str(source)]
        self.result = result = CliRunner().invoke(cli, args)
        printed = result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{type(result.exception).__name__} escaped the CLI: {result.exception!r}\n{printed}")
        assert "Traceback" not in printed, printed
        # a closing "hint: ... --skip-invalid" line is advice, not an error
        self.errors = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("hint: ")]
        if result.exit_code == 0:
            assert re.search(r": \w[\w-]*, \d+ statements, (loaded|unchanged)", result.stdout), printed
            hashes[store] = store_hash(store)
            self.clean = True
            return
        self.clean = False
        name = source.name
        if result.exit_code == 1:
            assert self.errors[-1].endswith("nothing was stored."), printed
            for line in self.errors[:-1]:
                assert line.startswith(name + ":"), f"not about {name}: {line}"
                rest = line[len(name) + 1:]
                assert rest[:1] not in ("", " ") or any(w in rest for w in WHOLE_FILE), f"no row, line or pointer: {line}"
        else:  # a message from the command itself: only detection may fail so, when no --format was given
            assert result.exit_code == 2 and fmt is None and name in printed, printed
        assert store_hash(store) == before, f"the store changed although the load failed:\n{printed}"

    def says(self, text: str) -> bool:
        return any(text in line for line in self.errors)


@pytest.fixture(scope="module")
def hashes() -> dict[Path, str]:
    return {}


def run(store: Path, source: Path, fmt: str | None, hashes: dict[Path, str]) -> Outcome:
    """Load ``source`` through the CLI and assert the promise (see :class:`Outcome`): the generated
    tests need no assertion of their own, constructing the outcome is the check."""
    return Outcome(store, source, fmt, hashes)


# -- the named cases, pinned -------------------------------------------------------------

def _atlanta() -> list[dict]:
    return json.loads(MEETINGS.read_text())


def _hsds() -> dict:
    return json.loads(HSDS_JSON.read_text())


def _json(tmp: Path, doc, name: str = "case.json") -> Path:
    (tmp / name).write_text(json.dumps(doc), encoding="utf-8")
    return tmp / name


def _text(tmp: Path, text: str | bytes, name: str) -> Path:
    p = tmp / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return p


def _package(tmp: Path, file: str, old: str, new: str) -> Path:
    pkg = tmp / "pkg"
    shutil.copytree(HSDS_CSV, pkg)
    (pkg / file).write_text((pkg / file).read_text().replace(old, new, 1), encoding="utf-8")
    return pkg


def _sheet(tmp: Path, sheet: str, edit) -> Path:
    folder = tmp / "wb"
    write_template(folder, csv_folder=True)
    rows = list(csv.reader((folder / f"{sheet}.csv").open(encoding="utf-8")))
    edit(rows)
    with (folder / f"{sheet}.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return folder


def _xlsx(tmp: Path, edit) -> Path:
    return edited_workbook(tmp, edit)


def _column(sheet: str, name: str) -> int:
    from linkwork.loaders.workbook import SHEETS

    return [c.name for c in SHEETS[sheet]].index(name)


def _set(sheet: str, column: str, value: str):
    def edit(rows):
        rows[1][_column(sheet, column)] = value
    return edit


def _meeting(**changes) -> list[dict]:
    m = _atlanta()[0]
    m.update(changes)
    return [m]


def _service(**changes) -> dict:
    doc = _hsds()
    doc.update(changes)
    return doc


def _with_service_row(row_edit):
    def edit(wb):
        ws = wb["services"]
        example = [c.value for c in ws[2]]
        row_edit(example)
        ws.append(example)
    return edit


def _second_rule(rows):
    rows[1][0] = "rule 1"
    rows.append([*rows[1][:1], *rows[1][1:]])
    rows[2][0] = "Rule-1"


PINNED = [
    # crashes that must be located errors
    ("deep-meeting-guide", lambda t: _text(t, "[" * 100_000 + "]" * 100_000, "deep.json"), "meeting-guide",
     "deep.json:line 1 column 65: nested more than 64 levels deep"),
    ("deep-hsds", lambda t: _text(t, '{"id": "x", "status": "active", "a": ' + "[" * 5000 + "]" * 5000 + "}", "deep.json"), "hsds",
     "deep.json:line 1 column 101: nested more than 64 levels deep"),
    ("hsds-1e999", lambda t: _text(t, HSDS_JSON.read_text().replace('"minimum_age": 12', '"minimum_age": 1e999'), "big.json"), "hsds",
     "big.json:/minimum_age: 1e999 is too large a number to read exactly"),
    ("hsds-nan", lambda t: _text(t, HSDS_JSON.read_text().replace('"maximum_age": 100', '"maximum_age": NaN'), "nan.json"), "hsds",
     "nan.json:/maximum_age: NaN is not a JSON number"),
    ("meeting-guide-infinity", lambda t: _text(t, json.dumps(_meeting(latitude=float("inf"))), "inf.json"), "meeting-guide",
     "inf.json:/0/latitude: Infinity is not a JSON number"),
    ("hsds-csv-inf-age", lambda t: _package(t, "services.csv", ",12,100,", ",inf,100,"), "hsds",
     "pkg:services.csv:row 2: minimum_age: 'inf' is not a number"),
    ("hsds-csv-nan-latitude", lambda t: _package(t, "locations.csv", ",100,101,", ",NaN,101,"), "hsds",
     "pkg:locations.csv:row 2: latitude: 'NaN' is not a number"),
    ("workbook-waiting-days-1e999", lambda t: _sheet(t, "referral_routes", _set("referral_routes", "waiting_days", "1e999")), "workbook",
     "wb:referral_routes row 2: waiting_days: '1e999' is too large a number to read exactly"),
    ("workbook-latitude-inf", lambda t: _sheet(t, "locations", _set("locations", "latitude", "inf")), "workbook",
     "wb:locations row 2: latitude: 'inf' is not a number"),
    ("hsds-csv-empty-location-id", lambda t: _package(t, "service_at_location.csv", "3a19ff88-4620-4d17-9830-ac1d859eb5d5", ""), "hsds",
     "pkg:service_at_location.csv:row 2: location_id: location_id is empty"),
    ("csv-cell-over-128k", lambda t: _package(t, "services.csv", "MyCity Counselling Services", "x" * 140_000), "hsds",
     "pkg:services.csv:row 2: a cell is longer than 32,767 characters"),
    ("csv-cell-over-32k", lambda t: _sheet(t, "services", _set("services", "description", "x" * 40_000)), "workbook",
     "wb:services.csv:row 2: description: the cell holds 40,000 characters; the most a cell may hold is 32,767"),
    ("rdf-ill-typed-date", lambda t: _text(t, MINI.read_text().replace('"2026-11-24"^^xsd:date', '"2026-13-45"^^xsd:date', 1), "m.ttl"),
     "turtle", "m.ttl:26: lastVerified: '2026-13-45' is not a valid xsd:date"),
    # silently wrong data that must be errors
    ("meeting-name-object", lambda t: _json(t, _meeting(name={"en": "Early Sunday Morning"})), "meeting-guide",
     "case.json:/0/name: name: expected text, found an object"),
    ("meeting-name-number", lambda t: _json(t, _meeting(name=42)), "meeting-guide",
     "case.json:/0/name: name: expected text, found the number 42"),
    ("workbook-formula", lambda t: _xlsx(t, lambda wb: wb["referral_routes"].cell(2, _column("referral_routes", "waiting_days") + 1, "=2+3")),
     "workbook", "wb.xlsx:referral_routes row 2: waiting_days: cell H2 holds a formula"),
    ("csv-row-short-drops-confidential", lambda t: _sheet(t, "locations", lambda rows: rows[1].pop()), "workbook",
     "wb:locations.csv:row 2: the row has 7 cells but the header has 8 columns: a cell is missing"),
    ("csv-row-long", lambda t: _package(t, "phones.csv", ",100,voice,", ",100,voice,extra,"), "hsds",
     "pkg:phones.csv:row 2: the row has 11 cells but the header has 10 columns"),
    ("date-with-doubt", lambda t: _sheet(t, "services", _set("services", "last_verified", "2026-11-01 (or was it 2019?)")), "workbook",
     "wb:services row 2: last_verified: '2026-11-01 (or was it 2019?)' is not a date (YYYY-MM-DD)"),
    ("hsds-csv-bad-email", lambda t: _package(t, "services.csv", "email@example.com,active", "not-an-email,active"), "hsds",
     "pkg:services.csv:row 2: email: 'not-an-email' is not a 'email' (hsds-3.0 service schema)"),
    ("hsds-csv-missing-required-column", lambda t: _package(t, "services.csv", ",status,", ",state,"), "hsds",
     "pkg:services.csv:row 2: 'status' is a required property (hsds-3.0 service schema)"),
    # unlocated or undetected input
    ("empty-array", lambda t: _text(t, "[]", "feed.json"), None,
     "feed.json: cannot tell the format: an empty JSON array"),
    ("empty-file", lambda t: _text(t, "", "feed.json"), None, "feed.json:line 1: the file is empty"),
    ("empty-array-meeting-guide", lambda t: _text(t, "[]", "feed.json"), "meeting-guide", "feed.json:/: the feed lists no meetings"),
    ("utf16-bom", lambda t: _text(t, json.dumps(_atlanta()).encode("utf-16"), "u16.json"), None,
     "u16.json:line 1: the file is UTF-16 (little-endian, with a byte-order mark)"),
    ("utf16-no-bom", lambda t: _text(t, MINI.read_text().encode("utf-16-be"), "u16.ttl"), "turtle",
     "u16.ttl:line 1: the file is UTF-16 (big-endian, without a byte-order mark)"),
    ("undetectable-json", lambda t: _json(t, [{"title": "Tuesday group", "when": "19:00"}], "feed.json"), None,
     "feed.json: cannot tell the format: a JSON array whose first item has the fields title, when. Tried bmlt, hsds"),
    # distinct records merged
    ("workbook-ids-differ-by-case", lambda t: _xlsx(t, _with_service_row(lambda r: r.__setitem__(0, "CDT North"))), "workbook",
     "wb.xlsx:services row 3: id: 'CDT North' and 'cdt-north' (at services row 2) differ only in case, spaces or punctuation"),
    ("workbook-rules-differ-by-punctuation", lambda t: _sheet(t, "eligibility", _second_rule), "workbook",
     "wb:eligibility row 3: rule: 'Rule-1' and 'rule 1' (at eligibility row 2) differ only in case, spaces or punctuation"),
    ("meeting-slugs-collide", lambda t: _json(t, [_atlanta()[0], {**_atlanta()[1], "slug": "Early Sunday Morning"}]), "meeting-guide",
     "case.json:/1/slug: slug: 'Early Sunday Morning' and 'early-sunday-morning' (at /0/slug) differ only in case"),
    ("hsds-ids-twice-different", lambda t: _json(t, [_hsds(), _service(name="Another service")]), "hsds",
     "case.json:/1/id: id: 'ac148810-d857-441c-9679-408f346de14b' is used twice (at /0/id) for different records"),
    ("hsds-org-copies-disagree", lambda t: _json(t, [_hsds(), _service(id="0b1f4b14-b8a5-4e8f-a1b0-39a1e7cd3a11",
                                                                         organization={**_hsds()["organization"], "name": "Other"})]),
     "hsds", "case.json:/1/organization: name: the organisation"),
]

#: Cases that must load, with the warning they give.
CLEAN = [
    ("utf8-bom-turtle", lambda t: _text(t, b"\xef\xbb\xbf" + MINI.read_bytes(), "bom.ttl"), None, None),
    ("utf8-bom-csv", lambda t: _package(t, "services.csv", "id,", "\ufeffid,"), "hsds", None),
    ("late-slug", lambda t: _json(t, [{"notes": "n" * 70_000, "name": "Long notes", "slug": "long", "day": 1, "time": "19:00"}],
                                  "late.json"), None, None),
    ("hsds-same-record-twice", lambda t: _json(t, [_hsds(), _hsds()]), "hsds",
     "case.json:/1/id: id: 'ac148810-d857-441c-9679-408f346de14b' is listed twice (at /0/id) with the same content; loaded once"),
]


@pytest.mark.parametrize("case,make,fmt,expected", PINNED, ids=[c[0] for c in PINNED])
def test_named_bad_inputs_fail_located(store, hashes, tmp_path, case, make, fmt, expected):
    out = run(store, make(tmp_path), fmt, hashes)
    assert not out.clean, out.result.output
    assert out.says(expected), "\n".join(out.errors)


@pytest.mark.parametrize("case,make,fmt,warning", CLEAN, ids=[c[0] for c in CLEAN])
def test_named_inputs_that_must_load(store, hashes, tmp_path, case, make, fmt, warning):
    out = run(store, make(tmp_path), fmt, hashes)
    assert out.clean, out.result.output
    if warning:
        assert warning in out.result.stdout


# -- generated cases -------------------------------------------------------------------

GENERATED = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                     phases=[Phase.explicit, Phase.generate],
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.function_scoped_fixture])

#: Values that replace a JSON value; the RAW ones are written into the text as they stand.
RAW = {"__RAW_1e999__": "1e999", "__RAW_NaN__": "NaN", "__RAW_-Infinity__": "-Infinity",
       "__RAW_BIGINT__": "9" * 5000, "__RAW_DEEP__": "[" * 3000 + "]" * 3000, "__RAW_DEEP70__": "[" * 70 + "]" * 70}
BAD_VALUES = [*RAW, -1, 0, 1.5, 1e300, 10**20, "", " ", None, True, False, [], {}, {"x": 1}, [1, [2]],
              "2026-11-01 (or was it 2019?)", "25:00", "１２", "inf", "NaN", "\u0000", "\ud800", "x" * 40_000,
              "Wed", "yes?", "=1+1", "<script>", "Ünïcödé ✓"]
#: Cell texts that replace a CSV or worksheet cell.
BAD_CELLS = ["", " ", "inf", "-inf", "NaN", "1e999", "9" * 30, "-1", "0", "1.5", "12:60", "25:00", "yes?", "maybe",
             "2026-02-30", "2026-11-01 (or was it 2019?)", "=SUM(A1:A2)", "#N/A", "x" * 40_000, "Ünïcödé", "\ufeff",
             "a,b", '"', "CDT North", "cdt-north ", "Mon-Funday 09:00-17:00", "１２"]


def _paths(doc, prefix=()) -> list[tuple]:
    """Every path to a value in a JSON document, without recursion."""
    out, stack = [], [(prefix, doc)]
    while stack:
        path, node = stack.pop()
        out.append(path)
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in enumerate(node))
    return sorted(out, key=lambda p: tuple(map(str, p)))


def _at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def _encoded(text: str, how: str) -> bytes:
    if how == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if how in ("utf-16", "utf-16-le", "utf-16-be"):
        return text.encode(how)
    if how == "latin-1":
        return text.replace("e", "\xe9", 1).encode("latin-1", "replace")
    return text.encode("utf-8", "surrogatepass")


ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-bom", "utf-16", "utf-16-le", "utf-16-be", "latin-1"])


@st.composite
def mutated_json(draw, doc):
    """A JSON sample as bytes after one or two mutations: a value, a key, an item, the text or its encoding."""
    import copy

    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 2))):
        paths = [p for p in _paths(doc) if p]
        op = draw(st.sampled_from(["value", "value", "value", "delete", "duplicate", "near-duplicate", "extra-key", "wrap"]))
        path = draw(st.sampled_from(paths)) if paths else ()
        parent = _at(doc, path[:-1]) if path else None
        if op == "value" and path:
            parent[path[-1]] = draw(st.sampled_from(BAD_VALUES))
        elif op == "delete" and path:
            del parent[path[-1]]
        elif op in ("duplicate", "near-duplicate") and isinstance(doc, list) and doc:
            i = draw(st.integers(0, len(doc) - 1))
            item = copy.deepcopy(doc[i])
            if op == "near-duplicate" and isinstance(item, dict):
                for key in ("slug", "id", "id_bigint"):
                    if isinstance(item.get(key), str):
                        item[key] = draw(st.sampled_from([item[key].upper(), f" {item[key]}", item[key].replace("-", " ")]))
            doc.append(item)
        elif op == "extra-key" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["zz_extra", "", "id", "@context"]))] = draw(st.sampled_from(BAD_VALUES))
        elif op == "wrap":
            doc = draw(st.sampled_from([[], {}, [doc], {"contents": doc}, {"meetings": doc}, "text", 7]))
    text = json.dumps(doc)
    for token, raw in RAW.items():
        text = text.replace(json.dumps(token), raw)
    if draw(st.integers(0, 5)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return _encoded(text, draw(ENCODINGS))


@st.composite
def mutated_text(draw, text: str):
    """An RDF sample as bytes after a text mutation: cut, a line dropped or doubled, junk, a bad literal, deep nesting."""
    lines = text.splitlines(keepends=True)
    op = draw(st.sampled_from(["truncate", "drop-line", "double-line", "junk", "literal", "literal", "nest", "none"]))
    if op == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif op in ("drop-line", "double-line") and lines:
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i]) if op == "double-line" else lines.pop(i)
        text = "".join(lines)
    elif op == "junk":
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(["{", "}", "[", '"', "<", ";", ".", "\x00", "\ud800", " ~ "])) + text[i:]
    elif op == "literal":
        bad = draw(st.sampled_from(['"2026-13-45"', '"1e999"', '"INF"', '"12x"', '"9' * 1 + "9" * 40 + '"', '""']))
        text = re.sub(r'"(2026-11-24|[0-9.]+)"', bad, text, count=draw(st.integers(1, 3)))
        text = re.sub(r"(?<![\w\"#/.:-])(53\.[0-9]|-2\.6|18)(?![\w\"])", bad.strip('"') if bad != '""' else "1e999", text, count=1)
    elif op == "nest":
        depth = draw(st.sampled_from([70, 2000]))
        text = text.replace('"Mini county"@en', '"Mini county"@en ; <https://example.org/p> ' + "[ <https://example.org/p> " * depth
                            + "1" + " ]" * depth, 1)
    return _encoded(text, draw(ENCODINGS))


@st.composite
def mutated_table(draw, tables: dict[str, list[list[str]]]):
    """CSV tables after one or two mutations: a cell, a short or long row, a row doubled or near-doubled, a
    header cell, a dropped row or file, an unterminated quote, a cut file or another encoding."""
    import copy

    tables = copy.deepcopy(tables)
    names = sorted(tables)
    raw: dict[str, bytes] = {}
    for _ in range(draw(st.integers(1, 2))):
        name = draw(st.sampled_from(names))
        rows = tables[name]
        op = draw(st.sampled_from(["cell", "cell", "cell", "short", "long", "duplicate", "near-duplicate", "header",
                                   "drop-row", "drop-file", "quote"]))
        r = draw(st.integers(1, len(rows) - 1)) if len(rows) > 1 else 0
        c = draw(st.integers(0, len(rows[r]) - 1)) if rows[r] else 0
        if op == "cell" and rows[r]:
            rows[r][c] = draw(st.sampled_from(BAD_CELLS))
        elif op == "short" and rows[r]:
            rows[r].pop(c)
        elif op == "long":
            rows[r].append(draw(st.sampled_from(["", "extra"])))
        elif op in ("duplicate", "near-duplicate") and len(rows) > 1:
            row = list(rows[r])
            if op == "near-duplicate" and row:
                row[0] = draw(st.sampled_from([row[0].upper(), row[0] + " ", row[0].replace("-", " ")]))
            rows.append(row)
        elif op == "header" and rows[0]:
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(st.sampled_from(["", "id", "Name", "extra", "  "]))
        elif op == "drop-row" and len(rows) > 1:
            rows.pop(r)
        elif op == "drop-file" and len(names) > 1:
            tables.pop(name)
            names.remove(name)
        elif op == "quote" and rows[r]:
            rows[r][c] = rows[r][c] + '"'
    for name, rows in tables.items():
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        text = buf.getvalue().replace('"""', '"') if draw(st.integers(0, 9)) == 0 else buf.getvalue()
        if draw(st.integers(0, 9)) == 0:
            text = text[: draw(st.integers(0, len(text)))]
        raw[name] = _encoded(text, draw(ENCODINGS) if draw(st.integers(0, 4)) == 0 else "utf-8")
    return raw


@st.composite
def mutated_workbook(draw):
    """Edits to the template workbook: a cell's value or type, a formula, an error, a merge, a sheet, a header."""
    edits = []
    for _ in range(draw(st.integers(1, 2))):
        from linkwork.loaders.workbook import SHEETS

        sheet = draw(st.sampled_from(sorted(SHEETS)))
        col = draw(st.integers(1, len(SHEETS[sheet]) + 1))
        row = draw(st.sampled_from([1, 2, 2, 2, 3]))
        value = draw(st.sampled_from([*BAD_CELLS[:-3], 1e20, -0.5, 7, True, "=A1", "#DIV/0!", "x" * 33_000,
                                      "DATE", "TIME", "MERGE", "SHEET", "DROP-SHEET", "CUT", "CDT North"]))
        edits.append((sheet, row, col, value))
    return edits


def _apply(wb, edits, path: Path) -> bytes:
    from datetime import datetime, time

    for sheet, row, col, value in edits:
        ws = wb[sheet] if sheet in wb.sheetnames else wb.worksheets[-1]
        if value == "MERGE":
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 1)
        elif value == "SHEET":
            wb.create_sheet("notes")
        elif value == "DROP-SHEET" and len(wb.worksheets) > 1:
            wb.remove(ws)
        elif value == "DATE":
            ws.cell(row, col, datetime(2026, 11, 1, 10, 30))
        elif value == "TIME":
            ws.cell(row, col, time(9, 0, 30))
        elif value not in ("CUT", "DROP-SHEET"):
            ws.cell(row, col, value)
    wb.save(path)
    data = path.read_bytes()
    if any(v == "CUT" for *_, v in edits):
        data = data[: len(data) // 2]
    return data


def _rdf_forms() -> dict[str, tuple[str, str]]:
    """mini.ttl in each RDF format: format name -> (file name, text)."""
    triples = list(ox.parse(MINI.read_bytes(), format=ox.RdfFormat.TURTLE))
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("urn:example:g")) for t in triples]
    return {
        "turtle": ("mini.ttl", MINI.read_text()),
        "ntriples": ("mini.nt", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()),
        "trig": ("mini.trig", ox.serialize(quads, format=ox.RdfFormat.TRIG).decode()),
    }


RDF_FORMS = _rdf_forms()


@pytest.mark.parametrize("fmt", sorted(RDF_FORMS))
@GENERATED
@given(data=st.data())
def test_generated_rdf(store, hashes, tmp_path_factory, fmt, data):
    name, text = RDF_FORMS[fmt]
    path = tmp_path_factory.mktemp(fmt) / name
    path.write_bytes(data.draw(mutated_text(text)))
    run(store, path, data.draw(st.sampled_from([fmt, fmt, None])), hashes)


@GENERATED
@given(data=st.data())
def test_generated_jsonld(store, hashes, tmp_path_factory, data):
    triples = list(ox.parse(MINI.read_bytes(), format=ox.RdfFormat.TURTLE))
    doc = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
    path = tmp_path_factory.mktemp("jsonld") / "mini.jsonld"
    path.write_bytes(data.draw(mutated_json(doc)))
    run(store, path, data.draw(st.sampled_from(["jsonld", "jsonld", None])), hashes)


@pytest.mark.parametrize("fmt,sample", [("hsds", HSDS_JSON), ("oruk", ORUK_JSON), ("meeting-guide", MEETINGS), ("bmlt", BMLT)])
@GENERATED
@given(data=st.data())
def test_generated_json_feeds(store, hashes, tmp_path_factory, fmt, sample, data):
    path = tmp_path_factory.mktemp(fmt) / sample.name
    path.write_bytes(data.draw(mutated_json(json.loads(sample.read_text()))))
    run(store, path, data.draw(st.sampled_from([fmt, fmt, None])), hashes)


def _tables(folder: Path) -> dict[str, list[list[str]]]:
    return {f.name: list(csv.reader(f.open(encoding="utf-8-sig"))) for f in sorted(folder.glob("*.csv"))}


@pytest.mark.parametrize("fmt", ["hsds", "workbook"])
@GENERATED
@given(data=st.data())
def test_generated_csv_packages(store, hashes, tmp_path_factory, fmt, data):
    base = tmp_path_factory.mktemp(fmt)
    if fmt == "hsds":
        tables = _tables(HSDS_CSV)
    else:
        write_template(base / "template", csv_folder=True)
        tables = _tables(base / "template")
    folder = base / "pkg"
    folder.mkdir()
    for name, raw in data.draw(mutated_table(tables)).items():
        (folder / name).write_bytes(raw)
    run(store, folder, data.draw(st.sampled_from([fmt, fmt, None])), hashes)


@GENERATED
@given(edits=mutated_workbook())
def test_generated_workbooks(store, hashes, tmp_path_factory, edits):
    from openpyxl import load_workbook

    base = tmp_path_factory.mktemp("xlsx")
    write_template(base / "template.xlsx")
    path = base / "north.xlsx"
    path.write_bytes(_apply(load_workbook(base / "template.xlsx"), edits, base / "edited.xlsx"))
    run(store, path, "workbook", hashes)
