"""`linkwork load --skip-invalid`: keep the good records, refuse and report the bad, in every format.

Each case writes a small source (illustrative data, made up for the test) with
a few bad records and one record that refers to a bad one, loads it through the
real command against an on-disk store, and checks: what was refused and why
(located), the counts, the report file (JSON and CSV), the source's provenance,
that a reload changes nothing, that without the flag nothing is stored and the
summary suggests the flag, and that a problem with a whole file still refuses it.
"""
from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from linkwork.graph.store import Store
from linkwork.loaders.base import source_iri_for
from linkwork.loaders.workbook import write_template

from linkwork.cli import cli

LW = "https://w3id.org/linkwork/ns#"


def run(store: Path, *args: str):
    result = CliRunner().invoke(cli, ["--store", str(store), "load", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def refusals_in_store(store: Path, source: str) -> tuple[int | None, dict[str, list[str]]]:
    """The refused count and each refused record's reasons, as the source's provenance records them."""
    s = Store(store, read_only=True)
    try:
        n = [r["n"].value for r in s.query(f"SELECT ?n WHERE {{ <{source}> <{LW}refusedRecords> ?n }}")]
        rows = s.query(f"SELECT ?at ?why WHERE {{ <{source}> <{LW}refusal> ?r . ?r <{LW}recordAt> ?at ; <{LW}refusalReason> ?why }}")
        out: dict[str, list[str]] = {}
        for r in rows:
            out.setdefault(r["at"].value, []).append(r["why"].value)
    finally:
        s.close()
    return (int(n[0]) if n else None), out


def count(store: Path, cls: str) -> int:
    s = Store(store, read_only=True)
    try:
        return int(next(iter(s.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{LW}{cls}> }}")))["n"].value)
    finally:
        s.close()


def u(n: int) -> str:
    return str(uuid.UUID(int=n))


# -- sources with a few bad records, in each format ------------------------------------------

def meeting_guide(folder: Path) -> Path:
    meetings = [{"name": f"Illustrative meeting {i}", "slug": f"m{i}", "day": i % 7, "time": "19:00",
                 "city": "Preston", "address": f"{i} Example Street", "types": ["O"]} for i in range(8)]
    meetings[2]["day"] = 7
    meetings[5]["time"] = "25:00"
    path = folder / "feed.json"
    path.write_text(json.dumps(meetings))
    return path


def bmlt(folder: Path) -> Path:
    rows = [{"id_bigint": str(100 + i), "meeting_name": f"Illustrative NA {i}", "weekday_tinyint": str(i % 7 + 1),
             "start_time": "19:30:00", "duration_time": "01:00:00", "formats": "O", "venue_type": "1",
             "location_street": f"{i} Example Road", "location_municipality": "Preston"} for i in range(6)]
    rows[3]["weekday_tinyint"] = "9"
    path = folder / "na.bmlt"
    path.write_text(json.dumps(rows))
    return path


def hsds_json(folder: Path) -> Path:
    """Two organisations (one bad), six services: one bad, one provided by the bad organisation."""
    orgs = [{"id": u(1), "name": "Illustrative org", "description": "made up"},
            {"id": u(2), "name": 123, "description": "made up"}]
    services = [{"id": u(10 + i), "name": f"Illustrative service {i}", "status": "active", "organization_id": u(1),
                 "service_areas": [{"id": u(50 + i), "name": "Preston"}]} for i in range(6)]
    services[1]["status"] = "sometimes"
    services[2]["organization_id"] = u(2)
    path = folder / "directory.json"
    path.write_text(json.dumps(orgs + services))
    return path


def hsds_tables(folder: Path) -> Path:
    """A CSV package: a bad organisation row, and a service that names it."""
    d = folder / "tables"
    d.mkdir()
    (d / "organizations.csv").write_text(f"id,name,description\n{u(1)},Illustrative org,made up\n{u(2)},,made up\n")
    rows = [f"{u(10 + i)},{u(2) if i == 1 else u(1)},Illustrative service {i},{'sometimes' if i == 3 else 'active'}"
            for i in range(6)]
    (d / "services.csv").write_text("id,organization_id,name,status\n" + "\n".join(rows) + "\n")
    (d / "service_areas.csv").write_text("id,service_id,name\n" + "\n".join(f"{u(50 + i)},{u(10 + i)},Preston" for i in range(6)) + "\n")
    return d


def workbook(folder: Path) -> Path:
    """The template's CSV sheets with more services: one with a bad date, whose rule goes with it."""
    d = folder / "wb"
    d.mkdir()
    write_template(d, csv_folder=True)
    with open(d / "services.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    header, example = rows[0], rows[1]
    for i in range(1, 6):
        row = list(example)
        row[header.index("id")] = f"svc-{i}"
        row[header.index("name")] = f"Illustrative service {i}"
        if i == 2:
            row[header.index("last_verified")] = "yesterday"
        rows.append(row)
    with open(d / "services.csv", "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    with open(d / "eligibility.csv", newline="") as fh:
        rules = list(csv.reader(fh))
    rule = list(rules[1])
    rule[rules[0].index("service_id")] = "svc-2"
    rules.append(rule)
    with open(d / "eligibility.csv", "w", newline="") as fh:
        csv.writer(fh).writerows(rules)
    return d


TURTLE = """@prefix lw: <https://w3id.org/linkwork/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix area: <https://w3id.org/linkwork/vocab/area-type/> .
@prefix org: <https://w3id.org/linkwork/vocab/org-type/> .
@prefix st: <https://w3id.org/linkwork/vocab/service-type/> .
@prefix src: <https://w3id.org/linkwork/source/> .
@prefix ex: <https://example.org/skip/> .

ex:town a lw:Area ; rdfs:label "Illustrative town"@en ; lw:areaType area:district .
ex:org a lw:Organisation ; rdfs:label "Illustrative org"@en ; lw:orgType org:nhs ;
    dcterms:source src:s003 ; lw:lastVerified "2026-11-24"^^xsd:date .
ex:bad-org a lw:Organisation ; lw:orgType org:nhs ;
    dcterms:source src:s003 ; lw:lastVerified "2026-11-24"^^xsd:date .
ex:s1 a lw:Service ; rdfs:label "Service one"@en ; lw:providedBy ex:org ; lw:serviceType st:other ; lw:areaServed ex:town ;
    dcterms:source src:s003 ; lw:lastVerified "2026-11-24"^^xsd:date .
ex:s2 a lw:Service ; rdfs:label "Service two"@en ; lw:providedBy ex:bad-org ; lw:serviceType st:other ; lw:areaServed ex:town ;
    dcterms:source src:s003 ; lw:lastVerified "2026-11-24"^^xsd:date .
ex:s3 a lw:Service ; rdfs:label "Service three"@en ; lw:providedBy ex:org ; lw:serviceType st:other ; lw:areaServed ex:town ;
    dcterms:source src:s003 ; lw:lastVerified "2026-11-24"^^xsd:date .
ex:s4 a lw:Service ; rdfs:label "Service four"@en ; lw:providedBy ex:org ; lw:serviceType st:other ; lw:areaServed ex:town ;
    dcterms:source src:s003 ; lw:lastVerified "2026-11-24"^^xsd:date .
"""


def turtle(folder: Path) -> Path:
    path = folder / "services.ttl"
    path.write_text(TURTLE)
    return path


#: (builder, --format, records in the source, {refused record: text its first reason has}, class, how many load)
CASES = {
    "meeting-guide": (meeting_guide, None, 8, {"/2": "7 is not a day", "/5": "'25:00' is not a time"}, "Meeting", 6),
    "bmlt": (bmlt, None, 6, {"/3": "'9' is not a weekday"}, "Meeting", 5),
    "hsds-json": (hsds_json, "hsds", 8, {"/1": "123 is not of type 'string'", "/3": "'sometimes' is not one of",
                                         "/4": "refers to the organisation at /1, which was refused"}, "Service", 4),
    "oruk-json": (hsds_json, "oruk", 8, {"/1": "123 is not of type 'string'", "/3": "'sometimes' is not one of",
                                         "/4": "refers to the organisation at /1, which was refused"}, "Service", 4),
    "hsds-tables": (hsds_tables, "hsds", 14, {
        "organizations.csv:row 3": "name", "services.csv:row 3": "is the id of organizations.csv:row 3, which was refused",
        "services.csv:row 5": "'sometimes' is not one of", "service_areas.csv:row 3": "services.csv:row 3, which was refused",
        "service_areas.csv:row 5": "services.csv:row 5, which was refused"}, "Service", 4),
    "workbook": (workbook, None, None, {"eligibility row 3": "'svc-2' is the id of services row 4", "services row 4": "yesterday"},
                 "Service", 5),
    "turtle": (turtle, None, 7, {"14": "an organisation needs a name", "18": "refers to the organisation at 14, which was refused"},
               "Service", 3),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_skip_invalid_loads_the_good_and_reports_the_bad(tmp_path, case):
    build, fmt, total, expected, cls, kept = CASES[case]
    source = build(tmp_path)
    store = tmp_path / "store"
    fmt_args = ["--format", fmt] if fmt else []

    plain = run(store, *fmt_args, str(source))  # without the flag: all or nothing, and a hint
    assert plain.exit_code == 1, plain.output
    assert "nothing was stored." in plain.stderr
    assert "hint: " in plain.stderr and "--skip-invalid loads them" in plain.stderr  # most records are valid
    assert not store.exists() or count(store, cls) == 0

    report = tmp_path / "refused.json"
    result = run(store, *fmt_args, "--skip-invalid", "--report", str(report), "--all-warnings", str(source))
    assert result.exit_code == 0, result.output
    assert f"refused {len(expected)} of" in result.stdout
    assert count(store, cls) == kept
    doc = json.loads(report.read_text())
    assert doc["stored"] is True
    [entry] = doc["sources"]
    got = {r["record"]: r["reasons"] for r in entry["refused"]}
    assert list(got) == list(expected), got
    for record, text in expected.items():
        assert any(text in why["reason"] or text == why["field"] for why in got[record]), (record, got[record])
        assert all(why["where"] for why in got[record])  # every reason is located
    if total is not None:
        assert entry["records"] == total and entry["accepted"] == total - len(expected)

    source_iri = entry["source"]
    n, stored = refusals_in_store(store, source_iri)
    assert n == len(expected) and set(stored) == set(expected)

    again = run(store, *fmt_args, "--skip-invalid", "--report", str(tmp_path / "refused.csv"), str(source))
    assert again.exit_code == 0 and "unchanged" in again.stdout, again.output
    with open(tmp_path / "refused.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["record"] for r in rows if r["outcome"] == "refused"][:1] == list(expected)[:1]
    assert {r["record"] for r in rows} == set(expected)
    assert count(store, cls) == kept


def test_the_hint_appears_only_when_most_records_are_valid(tmp_path):
    store = tmp_path / "store"
    feed = meeting_guide(tmp_path)
    result = run(store, str(feed))
    assert "hint: feed.json: 6 of its 8 records have no errors; --skip-invalid loads them" in result.stderr
    mostly_bad = tmp_path / "bad.json"
    mostly_bad.write_text(json.dumps([{"name": "x", "slug": f"s{i}", "day": 9, "time": "19:00"} for i in range(3)]
                                     + [{"name": "y", "slug": "ok", "day": 1, "time": "19:00"}]))
    result = run(store, str(mostly_bad))
    assert result.exit_code == 1 and "hint:" not in result.stderr


def test_a_whole_file_problem_is_never_skipped_and_the_batch_stores_nothing(tmp_path):
    store = tmp_path / "store"
    good = meeting_guide(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('[{"name": "x", "slug": "a", ')
    report = tmp_path / "r.csv"
    result = run(store, "--skip-invalid", "--report", str(report), str(good), str(broken))
    assert result.exit_code == 1
    assert "broken.json:line 1 column" in result.stderr and "nothing was stored." in result.stderr
    assert not store.exists() or count(store, "Meeting") == 0
    with open(report, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["outcome"] == "error" for r in rows)


def test_a_source_whose_every_record_is_refused_fails_saying_why(tmp_path):
    feed = tmp_path / "all-bad.json"
    feed.write_text(json.dumps([{"name": "x", "slug": f"s{i}", "day": 9, "time": "19:00"} for i in range(2)]))
    result = run(tmp_path / "store", "--skip-invalid", str(feed))
    assert result.exit_code == 1
    assert "all-bad.json:/0/day: day: 9 is not a day" in result.stderr
    assert "all-bad.json: every one of its 2 records was refused" in result.stderr


def test_a_clean_reload_clears_the_refusals(tmp_path):
    store = tmp_path / "store"
    feed = meeting_guide(tmp_path)
    assert run(store, "--skip-invalid", str(feed)).exit_code == 0
    meetings = json.loads(feed.read_text())
    meetings[2]["day"], meetings[5]["time"] = 2, "20:00"
    feed.write_text(json.dumps(meetings))
    result = run(store, "--skip-invalid", str(feed))
    assert result.exit_code == 0 and "refused" not in result.stdout
    assert refusals_in_store(store, source_iri_for(feed)) == (None, {})
    assert count(store, "Meeting") == 8


def test_a_large_source_on_the_bulk_path_refuses_its_bad_records_too(tmp_path, monkeypatch):
    """Above BULK_STATEMENTS the shapes run as SPARQL; their findings are located by the feed's pointers,
    so --skip-invalid can refuse the records they concern (here: a service whose organisation was refused)."""
    from linkwork.loaders import pipeline

    monkeypatch.setattr(pipeline, "BULK_STATEMENTS", 20)
    store = Store()
    [report] = pipeline.load_sources(store, [hsds_json(tmp_path)], fmt="hsds", skip_invalid=True)
    assert [r.record for r in report.refused] == ["/1", "/3", "/4"]
    assert "refers to the organisation at /1, which was refused" in report.refused[2].problems[0].reason
    assert report.counts["Service"] == 4
