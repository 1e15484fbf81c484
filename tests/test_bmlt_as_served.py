"""BMLT as root servers serve it (issue 15, item 4): the ``{meetings, formats}`` envelope of
``get_used_formats``, a ``data_field_key`` subset, a formats list bare or wrapped, the service-body
hierarchy of ``GetServiceBodies``, virtual and hybrid venues, formats missing from the list, and
meetings without a municipality. The feeds are written by the tests (illustrative, made up)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources

LW = "https://w3id.org/linkwork/ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCT = "http://purl.org/dc/terms/"

FORMATS = [
    {"key_string": "Op", "name_string": "Open", "world_id": "OPEN", "id": "17"},
    {"key_string": "Cl", "name_string": "Closed", "world_id": "CLOSED", "id": "4"},
    {"key_string": "Sm", "name_string": "Smoking", "world_id": "SMOK", "id": "30"},
    {"key_string": "VM", "name_string": "Virtual", "world_id": "VM", "id": "54"},
]
BODIES = [
    {"id": "1", "parent_id": "0", "name": "Illustrative North West Region", "type": "RS"},
    {"id": "7", "parent_id": "1", "name": "Illustrative Preston Area", "type": "AS", "url": "https://example.org/na-preston"},
]


def meeting(ident: str, **fields: str) -> dict:
    return {"id_bigint": ident, "meeting_name": f"Illustrative NA {ident}", "weekday_tinyint": "2", "start_time": "19:30:00",
            "duration_time": "01:00:00", "formats": "Op", "venue_type": "1", "location_street": "1 Example Road",
            "location_municipality": "Preston", "location_province": "Lancashire", "latitude": "53.7601",
            "longitude": "-2.7012", "service_body_bigint": "7", **fields}


MEETINGS = [
    meeting("1"),
    meeting("2", formats="Cl,Sm,XYZ"),
    meeting("3", venue_type="2", virtual_meeting_link="https://meet.example.org/na-3", location_street="",
            location_municipality="Preston"),
    meeting("4", venue_type="3", virtual_meeting_link="https://meet.example.org/na-4"),
    meeting("5", location_municipality=""),  # placed by its coordinates, in Preston
    meeting("6", location_municipality="", latitude="48.85", longitude="2.35"),  # Paris: kept, in Lancashire only
]


def write(folder: Path, doc: object, name: str = "na.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(doc))
    return path


def values(store: Store, sparql: str) -> list[tuple[str, ...]]:
    return sorted(tuple(v.value for v in r) for r in store.query(sparql))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bmlt")
    store = Store()
    path = write(folder, {"meetings": MEETINGS, "formats": FORMATS, "service_bodies": BODIES})
    [report] = load_sources(store, [path])
    return store, report, path


def meeting_iri(store: Store, ident: str) -> str:
    [(iri,)] = values(store, f'SELECT ?m WHERE {{ ?m <{LW}slug> "{ident}" }}')
    return iri


def test_the_envelope_loads_every_meeting_with_warnings_not_refusals(served):
    _, report, _ = served
    assert report.format == "bmlt" and report.counts["Meeting"] == 6
    warnings = [str(w) for w in report.warnings]
    assert "na.json:/meetings/1/formats: formats: format 'XYZ' (on 1 meeting) is not in the formats list: kept in the notes" in warnings
    assert "na.json:/meetings/4/location_municipality: location_municipality: no municipality: placed in Preston by its coordinates" in warnings
    assert any(w.startswith("na.json:/meetings/5/location_municipality") and "kept, placed only in 'Lancashire'" in w
               for w in warnings)


def test_formats_are_read_by_their_world_id(served):
    store, _, _ = served
    types = lambda ident: sorted(t.rsplit("/", 1)[-1] for (t,) in values(  # noqa: E731
        store, f"SELECT ?t WHERE {{ <{meeting_iri(store, ident)}> <{LW}meetingType> ?t }}"))
    assert types("1") == ["open"] and types("2") == ["closed"]
    [(notes,)] = values(store, f"SELECT ?n WHERE {{ <{meeting_iri(store, '2')}> <{LW}notes> ?n }}")
    assert "Sm" in notes and "XYZ" in notes  # no type for them: kept in the notes


def test_virtual_and_hybrid_venues(served):
    store, _, _ = served
    mode = lambda ident: values(store, f"SELECT ?x WHERE {{ <{meeting_iri(store, ident)}> <{LW}attendanceMode> ?x }}")[0][0]  # noqa: E731
    assert mode("3").endswith("online") and mode("4").endswith("hybrid") and mode("1").endswith("in-person")
    assert values(store, f"SELECT ?l WHERE {{ <{meeting_iri(store, '3')}> <{LW}location> ?l }}") == []  # no fake point
    assert values(store, f"SELECT ?lat WHERE {{ <{meeting_iri(store, '4')}> <{LW}location> ?l . ?l <{LW}latitude> ?lat }}")
    [(area,)] = values(store, f"SELECT ?n WHERE {{ <{meeting_iri(store, '3')}> <{LW}areaServed> ?a . ?a <{RDFS_LABEL}> ?n }}")
    assert area == "Preston"


def test_a_meeting_without_a_municipality_is_placed_by_its_coordinates_or_kept(served):
    store, _, _ = served
    area = lambda ident: values(store, f"SELECT ?n WHERE {{ <{meeting_iri(store, ident)}> <{LW}areaServed> ?a . ?a <{RDFS_LABEL}> ?n }}")  # noqa: E731
    assert area("5") == [("Preston",)]
    assert area("6") == [("Lancashire",)]


def test_service_bodies_form_a_hierarchy_that_meetings_link_to(served):
    store, _, _ = served
    [(parent,)] = values(store, f"SELECT ?pn WHERE {{ ?a <{RDFS_LABEL}> \"Illustrative Preston Area\"@en ; "
                                f"<{LW}parentOrganisation> ?p . ?p <{RDFS_LABEL}> ?pn }}")
    assert parent == "Illustrative North West Region"
    [(publisher,)] = values(store, f"SELECT ?n WHERE {{ <{meeting_iri(store, '1')}> <{DCT}publisher> ?o . ?o <{RDFS_LABEL}> ?n }}")
    assert publisher == "Illustrative Preston Area"


def test_the_same_result_again_changes_nothing(served):
    store, _, path = served
    [again] = load_sources(store, [path])
    assert again.changed is False


def test_a_bare_result_a_wrapped_formats_list_and_a_field_subset(tmp_path):
    subset = [{k: m[k] for k in ("id_bigint", "meeting_name", "weekday_tinyint", "start_time", "formats")} for m in MEETINGS[:3]]
    store = Store()
    [bare] = load_sources(store, [write(tmp_path, subset, "bare.json")])
    assert bare.format == "bmlt" and bare.counts["Meeting"] == 3
    [wrapped] = load_sources(store, [write(tmp_path, {"meetings": MEETINGS[:2], "formats": {"formats": FORMATS}}, "wrapped.json")])
    assert wrapped.counts["Meeting"] == 2
    assert any("format 'XYZ'" in str(w) for w in wrapped.warnings)


def test_a_missing_service_body_or_parent_is_a_warning(tmp_path):
    doc = {"meetings": [meeting("1", service_body_bigint="99")],
           "service_bodies": [{"id": "7", "parent_id": "3", "name": "Illustrative Area"}]}
    [report] = load_sources(Store(), [write(tmp_path, doc)])
    warnings = [str(w) for w in report.warnings]
    assert "na.json:/meetings/0/service_body_bigint: service_body_bigint: '99' is not a service body of the service bodies listed" in warnings
    assert "na.json:/service_bodies/0/parent_id: parent_id: '3' is not a service body listed: no parent recorded" in warnings


def test_coordinates_of_the_wrong_kind_are_located_not_a_crash(tmp_path):
    from linkwork.errors import SourceErrors

    doc = [meeting("1", location_municipality="", latitude={"deg": 53})]
    with pytest.raises(SourceErrors) as exc:
        load_sources(Store(), [write(tmp_path, doc)])
    assert [str(p) for p in exc.value.problems if p.severity == "error"] == [
        "na.json:/0/latitude: latitude: an object is not a number"]
