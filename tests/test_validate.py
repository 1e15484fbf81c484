"""`linkwork validate`: every kind of violation gives the promised, located message."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import PREFIXES, PROV

from linkwork.cli import cli

ORG = f'ex:org a lw:Organisation ; rdfs:label "An organisation"@en ; {PROV} .\n'
AREA = 'ex:area a lw:Area ; rdfs:label "Somewhere"@en ; lw:areaType area:district .\n'


def run_validate(tmp_path, body: str):
    path = tmp_path / "services.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "validate", "--standalone", str(path)])
    return result, path


def line_of(path, needle: str) -> int:
    return next(i for i, l in enumerate(path.read_text().splitlines(), 1) if l.startswith(needle))


def test_a_valid_file_conforms(tmp_path):
    body = ORG + AREA + f"""ex:s a lw:Service ; rdfs:label "Drop-in"@en ; lw:providedBy ex:org ;
        lw:serviceType st:advice-information ; lw:areaServed ex:area ; {PROV} ."""
    result, _ = run_validate(tmp_path, body)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_missing_required_property_names_label_property_and_line(tmp_path):
    body = ORG + AREA + f"""
ex:detox a lw:Service ;
    rdfs:label "Preston detox"@en ;
    lw:serviceType st:detox ; lw:areaServed ex:area ; {PROV} ."""
    result, path = run_validate(tmp_path, body)
    assert result.exit_code == 1
    line = line_of(path, "ex:detox")
    msg = next(l for l in result.output.splitlines() if "lw:providedBy" in l)
    assert msg.startswith(f"services.ttl:{line}: ")
    assert "'Preston detox'" in msg and "ex:detox" in msg
    assert "must say which organisation provides it" in msg and "found nothing" in msg


@pytest.mark.parametrize("bad, expected", [
    ('lw:lastVerified "last Tuesday"', "last-verified date"),            # datatype
    ('lw:status "open"', "status must be one of"),                        # sh:in
    ("lw:providedBy ex:area", "lw:providedBy an lw:Organisation"),        # sh:class
])
def test_each_kind_of_violation_is_explained(tmp_path, bad, expected):
    body = ORG + AREA + f"""ex:s a lw:Service ; rdfs:label "Drop-in"@en ; lw:serviceType st:advice-information ;
    lw:areaServed ex:area ; dcterms:source src:s003 ; lw:sourceLines "L1" ;
    {"lw:providedBy ex:org ;" if "providedBy" not in bad else ""}
    {bad if "lastVerified" in bad else 'lw:lastVerified "2026-11-24"^^xsd:date'} ;
    {bad if "lastVerified" not in bad else 'lw:status "active"'} ."""
    result, _ = run_validate(tmp_path, body)
    assert result.exit_code == 1
    assert expected in result.output, result.output
    assert "'Drop-in'" in result.output


def test_pattern_and_range_violations(tmp_path):
    body = ORG + AREA + f"""ex:s a lw:Service ; rdfs:label "Drop-in"@en ; lw:providedBy ex:org ;
        lw:serviceType st:advice-information ; lw:areaServed ex:area ; {PROV} ;
        lw:hours [ a lw:OpeningHours ; lw:day 7 ; lw:opens "25:00" ; lw:closes "17:00" ] ."""
    result, _ = run_validate(tmp_path, body)
    assert result.exit_code == 1
    assert "day must be a whole number from 0 (Sunday) to 6 (Saturday); found 7" in result.output
    assert "opening time must be HH:MM" in result.output and "'25:00'" in result.output
    assert "of service 'Drop-in'" in result.output  # a blank node is named through its owner


def test_criterion_without_dimension_or_date(tmp_path):
    body = f"""ex:c a lw:RangeCriterion ; lw:minimum 18 ; {PROV} ."""
    result, _ = run_validate(tmp_path, body)
    assert result.exit_code == 1
    assert "must test exactly one dimension" in result.output
    assert "needs a valid-from date" in result.output


def test_malformed_turtle_gives_the_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(PREFIXES + 'ex:a a lw:Service ;\n    rdfs:label "unterminated .\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "validate", "--standalone", str(path)])
    assert result.exit_code == 1
    assert "broken.ttl:" in result.output and "syntax error" in result.output


def test_non_utf8_and_empty_files(tmp_path):
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes(PREFIXES.encode() + 'ex:a rdfs:label "caf\xe9" .\n'.encode("latin-1"))
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "validate", "--standalone", str(bad), str(empty)])
    assert result.exit_code == 1
    assert "latin1.ttl:" in result.output and "not UTF-8" in result.output
    assert "empty.ttl:line 1: the file is empty" in result.output
