"""The commissioner workbook says what a commissioner enters (issue 16, item 12): routes from and to
services and touchpoints already in the store, with their coercion; online meetings with no area;
`linkwork validate` on a workbook folder."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from linkwork.data import lancashire_files
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources
from linkwork.loaders.workbook import write_template

from linkwork.cli import cli
from linkwork.core import Core
from linkwork.errors import SourceErrors

L = "https://w3id.org/linkwork/demo/lancashire/"


def add_rows(folder: Path, sheet: str, *changes: dict) -> None:
    """Append rows to a sheet of a CSV workbook, each the worked example with ``changes`` made."""
    path = folder / f"{sheet}.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    example = dict(zip(rows[0], rows[1]))
    rows += [[(example | c)[h] for h in rows[0]] for c in changes]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


@pytest.fixture
def workbook(tmp_path) -> Path:
    folder = tmp_path / "north"
    write_template(folder, csv_folder=True)
    return folder


ROUTES = ({"id": "prison-to-cdt", "from": "HMP Preston", "to": "Central Lancashire community drug team",
           "method": "through-the-gate", "coercion": "voluntary", "waiting_days": "1"},
          {"id": "probation-to-new-cdt", "from": "probation", "to": "cdt-north", "method": "probation-instruction",
           "coercion": "coercive"})


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The Lancashire graph with a workbook loaded on top, compiled."""
    folder = tmp_path_factory.mktemp("wb") / "north"
    write_template(folder, csv_folder=True)
    add_rows(folder, "referral_routes", *ROUTES)
    add_rows(folder, "meetings", {"id": "smart-online", "name": "SMART online (illustrative)", "attendance": "online",
                                  "area": "", "location_id": "", "conference_url": "https://example.org/meet"})
    store = Store()
    load_sources(store, [*lancashire_files(), folder])
    return Core(store).model


def test_routes_start_and_end_at_records_already_in_the_store_with_their_coercion(loaded):
    routes = {r.iri.rsplit("/", 1)[-1]: r for r in loaded.routes if r.iri.endswith(("prison-to-cdt", "probation-to-new-cdt"))}
    into = routes["prison-to-cdt"]
    assert into.origin == L + "prison-preston" and into.target == L + "cdt-central" and into.coercion == "voluntary"
    out = routes["probation-to-new-cdt"]
    assert out.origin == L + "probation" and out.coercion == "coercive" and loaded.entries[out.target].label.startswith("North")


def test_an_online_meeting_needs_no_area(loaded):
    [m] = [e for e in loaded.entries.values() if e.label == "SMART online (illustrative)"]
    assert m.areas == () and m.attendance_mode == "online"


def test_a_route_from_a_name_nobody_has_is_a_located_error(workbook, lancashire_store):
    add_rows(workbook, "referral_routes", {"id": "nowhere", "from": "HMP Nowhere", "to": "cdt-north", "coercion": "sometimes"})
    add_rows(workbook, "meetings", {"id": "aa-nowhere", "attendance": "in-person", "area": ""})
    with pytest.raises(SourceErrors) as err:
        load_sources(lancashire_store, [workbook], dry_run=True)
    text = "\n".join(str(p) for p in err.value.problems)
    assert "referral_routes row 3: from: 'HMP Nowhere' is not an id in the services sheet, nor the name of a service or touchpoint" in text
    assert "referral_routes row 3: coercion: unknown coercion code 'sometimes'" in text
    assert "meetings row 3: area: area is required for an in-person or hybrid meeting" in text


def test_validate_takes_a_workbook_folder(workbook, tmp_path):
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "none"), "validate", "--standalone", str(workbook)])
    assert result.exit_code == 0 and "conforms" in result.output, result.output
    add_rows(workbook, "referral_routes", {"id": "bad", "to": "no-such-service"})
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "none"), "validate", "--standalone", str(workbook)])
    assert result.exit_code == 1 and "referral_routes row 3: to:" in result.output


def test_the_workbook_guide_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_workbook_docs", Path(__file__).parent.parent / "tools" / "make_workbook_docs.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.DOC.read_text(encoding="utf-8") == tool.render(), "docs/workbook.md is out of date: run tools/make_workbook_docs.py"
    text = tool.DOC.read_text(encoding="utf-8")
    assert "| `coercion` |" in text and "| `offence-category` |" in text  # the new columns and codes are there


def test_the_areas_sheet_adds_a_small_town_within_a_district_and_never_a_second_preston(tmp_path):
    folder = tmp_path / "towns"
    write_template(folder, csv_folder=True)
    add_rows(folder, "areas", {"name": "Preston", "area_type": "district", "within": "", "population": "141000",
                               "postcode_districts": "PR1", "small_town": "no", "latitude": "", "longitude": ""})
    add_rows(folder, "services", {"id": "town-service", "areas_served": "Kirkby Lonsdale (illustrative)"})
    store = Store()
    load_sources(store, [*lancashire_files(), folder])
    m = Core(store).model
    [town] = [a for a in m.areas.values() if a.label == "Kirkby Lonsdale (illustrative)"]
    assert town.small_town and town.population == 2100 and town.postcode_districts == ("LA6",)
    assert L + "lancaster" in town.ancestors and town.type == "town"
    assert [a.iri for a in m.areas.values() if a.label == "Preston"] == [L + "preston"]
    assert m.areas[L + "preston"].population == 141000
    [svc] = [e for e in m.entries.values() if e.iri.endswith("town-service")]
    assert svc.areas == (town.iri,)
    from datetime import date

    from linkwork.graph.gaps.critical_mass import critical_mass_gaps
    assert any(g.area == town.iri for g in critical_mass_gaps(m, on=date(2026, 11, 24)))


def test_an_areas_row_with_a_full_postcode_or_twice_on_the_sheet_is_refused(workbook, lancashire_store):
    add_rows(workbook, "areas", {"name": "Kirkby Lonsdale (illustrative)"},
             {"name": "Elsewhere", "postcode_districts": "LA6 2AB"})
    with pytest.raises(SourceErrors) as err:
        load_sources(lancashire_store, [workbook], dry_run=True)
    text = "\n".join(str(p) for p in err.value.problems)
    assert "areas row 3: name: 'Kirkby Lonsdale (illustrative)' is on the areas sheet twice" in text
    assert "areas row 4: postcode_districts: 'LA6 2AB' is not a postcode district" in text


def test_a_rule_and_an_exclusion_are_added_to_a_service_already_in_the_store(tmp_path):
    folder = tmp_path / "more"
    write_template(folder, csv_folder=True)
    add_rows(folder, "exclusions", {"service_id": "Lancashire supported housing", "exclusion": "staff",
                                    "reason": "violence against staff (illustrative)", "dimension": "offence-category",
                                    "allowed_values": "violence-against-staff", "plain_words": "violence against staff"})
    store = Store()
    load_sources(store, [*lancashire_files(), folder])
    housing = Core(store).model.entries[L + "supported-housing"]
    reasons = {x.reason for x in housing.exclusions}
    assert "violence against staff (illustrative)" in reasons
    assert any("arson" in r for r in reasons)  # its own exclusion is kept


def test_the_funding_sheet_says_who_funds_a_service_its_share_and_dates(tmp_path):
    from datetime import date

    from linkwork.graph.gaps.funding import funding_gaps

    folder = tmp_path / "money"
    write_template(folder, csv_folder=True)
    add_rows(folder, "funding", {"id": "alcohol-grant", "name": "Alcohol grant (illustrative)",
                                 "funder": "Police and Crime Commissioner for Lancashire", "ring_fenced": "yes",
                                 "valid_from": "2024-04-01", "valid_to": "2026-03-31",
                                 "services": "Lancashire community alcohol service", "share": "0.4"})
    store = Store()
    load_sources(store, [*lancashire_files(), folder])
    m = Core(store).model
    [stream] = [f for f in m.funding.values() if f.label == "Alcohol grant (illustrative)"]
    assert stream.ring_fenced and stream.valid_to == date(2026, 3, 31) and stream.funder == L + "pcc"
    assert stream.iri in m.entries[L + "alcohol-service"].funding
    shares = store.query("SELECT ?v WHERE { ?s a <https://w3id.org/linkwork/ns#FundingShare> ; "
                         "<https://w3id.org/linkwork/ns#share> ?v }")
    assert sorted(float(r["v"].value) for r in shares) == [0.3, 0.4]  # the template's example row and this one
    [g] = [g for g in funding_gaps(m, on=date(2026, 11, 24)) if stream.iri in g.concerns]
    assert dict(g.detail)["state"] == "unprotected"


def test_a_share_that_is_not_a_fraction_and_an_unknown_funder_are_refused(workbook, lancashire_store):
    add_rows(workbook, "funding", {"id": "bad-grant", "funder": "Nobody Trust", "share": "1.5"})
    with pytest.raises(SourceErrors) as err:
        load_sources(lancashire_store, [workbook], dry_run=True)
    text = "\n".join(str(p) for p in err.value.problems)
    assert "funding row 3: funder: 'Nobody Trust' is not an id in the organisations sheet" in text
    assert "funding row 3: share: 1.5 is not a fraction of the funding" in text
