"""Real geography: postcodes from the ONS Postcode Directory, England's authorities by name and
code, area resolution through them, distances, and the derived district outlines.

Known facts checked here and where they come from:
- PR1 2HE lies in Preston (E07000123) and LA5 9AA in Lancaster (E07000121): ../shared/DESIGN.md
  section 7 ("Measured here").
- AB1 0AA is a terminated postcode at latitude 57.101474, longitude -2.242851: the postcodes.io
  documentation's terminated-postcode example (api.postcodes.io/docs/terminated-postcode/schema).
- The district and unitary GSS codes and names of the illustrative Lancashire graph are real
  (data/lancashire/areas.ttl says so) and Lancashire county is E10000017 with 12 districts
  (001 L111, cited there).
- The 2023 reorganisations and the 2025 Barnsley and Sheffield recoding: data/geography/lad-changes.csv.
"""
from __future__ import annotations

import json
import string
import threading
from datetime import date

import numpy as np
import pytest
import shapely
from conftest import PROFILES
from linkwork.graph import authorities, postcodes
from linkwork.graph.model import Area, Model
from linkwork.graph.navigator import navigate
from linkwork.graph.places import (
    area_of_district,
    distance_km,
    entry_point,
    nearest,
    origin_point,
    resolve_area,
    resolve_postcode,
)
from linkwork.graph.profile import parse_profile, read_profile
from linkwork.viz.outlines import area_outlines, outline_codes, outlines
from pyproj import Transformer

from linkwork.errors import LinkworkError, ProfileError

L = "https://w3id.org/linkwork/demo/lancashire/"
LANCASHIRE = {  # the illustrative graph's districts and unitaries: code -> area
    "E07000117": "burnley", "E07000118": "chorley", "E07000119": "fylde", "E07000120": "hyndburn",
    "E07000121": "lancaster", "E07000122": "pendle", "E07000123": "preston", "E07000124": "ribble-valley",
    "E07000125": "rossendale", "E07000126": "south-ribble", "E07000127": "west-lancashire", "E07000128": "wyre",
    "E06000008": "blackburn-with-darwen", "E06000009": "blackpool",
}


@pytest.fixture(scope="session")
def directory():
    """Every located postcode of the directory: grid eastings, northings and district codes."""
    easts, norths, codes = [], [], []
    for letter in string.ascii_uppercase:
        _, east, north, district, names = postcodes.postcode_table(letter)
        ok = ~np.isnan(east) & (district > 0)
        easts.append(east[ok])
        norths.append(north[ok])
        codes.append(np.array(names, dtype=object)[district[ok]])
    return np.concatenate(easts), np.concatenate(norths), np.concatenate(codes)


# -- postcodes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("PR1 2HE", "E07000123"), ("pr1 2he", "E07000123"), ("PR12HE", "E07000123"), ("  pr1   2HE ", "E07000123"),
    ("LA5 9AA", "E07000121"), ("la59aa", "E07000121"),
])
def test_known_postcodes_lie_in_their_districts(text, code):
    p = postcodes.lookup(text)
    assert p.district_code == code
    assert p.postcode == postcodes.normalise(text)
    assert authorities.authority(code).name == {"E07000123": "Preston", "E07000121": "Lancaster"}[code]
    assert 53.5 < p.lat < 54.3 and -3.1 < p.lon < -2.5  # Lancashire


def test_a_terminated_postcode_keeps_its_last_location():
    p = postcodes.lookup("AB1 0AA")
    assert p.district_code.startswith("S12")  # Scotland
    assert abs(p.lat - 57.101474) < 1e-5 and abs(p.lon - -2.242851) < 1e-5


@pytest.mark.parametrize("outcode, code", [
    ("PR1", "E07000123"), ("pr1", "E07000123"), ("LA5", "E07000121"), ("M1", "E08000003"), ("EC1A", "E09000001"),
])
def test_outcodes_have_a_centre_and_a_main_district(outcode, code):
    lat, lon, main = postcodes.district_point(outcode)
    assert main == code
    assert authorities.authority(code) is not None
    shares = postcodes.outcode_districts(outcode)
    assert next(iter(shares)) == code and shares[code] == max(shares.values())
    # the centre is near the postcodes it is the centre of
    some = postcodes.lookup({"PR1": "PR1 2HE", "LA5": "LA5 9AA", "M1": "M1 1AE", "EC1A": "EC1A 1BB"}[outcode.upper()])
    assert distance_km((lat, lon), (some.lat, some.lon)) < 6


def test_an_outcode_straddling_a_boundary_counts_each_side():
    shares = postcodes.outcode_districts("LA6")  # Kirkby Lonsdale and around
    assert {"E07000121", "E06000064"} <= set(shares)  # Lancaster and Westmorland and Furness


@pytest.mark.parametrize("text", ["GY1 1AA", "IM1 1AA", "GIR 0AA"])
def test_postcodes_without_a_location_are_unknown(text):
    with pytest.raises(postcodes.UnknownPostcode) as e:
        postcodes.lookup(text)
    assert e.value.kind == "unknown" and "has no location" in str(e.value)


@pytest.mark.parametrize("text", ["PR1 9ZZ", "ZZ9 9ZZ", "E1W 9ZZ"])
def test_well_formed_but_not_in_the_directory(text):
    with pytest.raises(postcodes.UnknownPostcode) as e:
        postcodes.lookup(text)
    assert e.value.kind == "unknown" and e.value.postcode == postcodes.normalise(text)
    assert str(e.value) == f"{postcodes.normalise(text)} is not a postcode in the ONS Postcode Directory"
    assert isinstance(e.value, LinkworkError)


def test_unknown_postcode_districts():
    for oc in ("ZZ9", "QQ1"):
        with pytest.raises(postcodes.UnknownPostcode, match="is not a postcode district"):
            postcodes.district_point(oc)


@pytest.mark.parametrize("text", [
    "12 Acacia Avenue, Preston PR1 2HE", "Flat 3 PR1 2HE", "Preston", "", "   ", "PR1 2H", "1PR 2HE", "PR1-2HE", "ÉC1A 1BB",
    None, 12345,
])
def test_malformed_text_is_refused_without_being_echoed(text):
    with pytest.raises(postcodes.MalformedPostcode) as e:
        postcodes.lookup(text)
    assert e.value.kind == "malformed" and e.value.postcode is None
    # one fixed message whatever was typed: nothing of the text comes back
    assert str(e.value) == "not a postcode or postcode district (expected the form PR1 2HE, or PR1 for a district)"
    assert not postcodes.is_postcode(text) and not postcodes.is_postcode_district(text)


def test_districts_and_postcodes_are_not_confused():
    with pytest.raises(postcodes.MalformedPostcode, match="PR1 is a postcode district"):
        postcodes.lookup("PR1")
    with pytest.raises(postcodes.MalformedPostcode, match="PR1 2HE is a full postcode"):
        postcodes.district_point("PR1 2HE")
    assert [postcodes.is_postcode_district(t) for t in ("W1A", "BB10", "PR25", "L39", "Wyre", "Rye", "NPT")] \
        == [True, True, True, True, False, False, False]


def test_lookups_from_many_threads_agree():
    postcodes._LETTERS.pop("P", None)  # so that the threads race to read the letter's file
    results = []
    threads = [threading.Thread(target=lambda: results.append(postcodes.lookup("PR1 2HE"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and len(set(results)) == 1 and results[0].district_code == "E07000123"


# -- authorities -------------------------------------------------------------------------------

def test_every_district_in_the_directory_is_named_and_no_other(directory):
    _, _, codes = directory
    in_directory = {c for c in set(codes) if c[:3] in ("E06", "E07", "E08", "E09")}
    assert in_directory == set(authorities.districts())
    assert len(in_directory) == 296
    assert len(authorities.counties()) == 21


def test_counties_and_their_districts():
    for code, a in authorities.districts().items():
        assert a.name and a.code == code
        assert (a.county is not None) == code.startswith("E07"), code
        if a.county:
            assert authorities.authority(a.county).kind == "county"
    assert all(authorities.districts_of(c) for c in authorities.counties())
    lancs = set(authorities.districts_of("E10000017"))
    assert lancs == {c for c in LANCASHIRE if c.startswith("E07")}
    assert authorities.county_of("E07000123") == "E10000017" and authorities.county_of("E06000008") is None


def test_changes_since_2021_are_applied_and_sourced():
    names = {c: a.name for c, a in authorities.authorities().items()}
    for gone in ("E10000006", "E10000023", "E10000027", "E07000026", "E07000163", "E07000187", "E08000016", "E08000019"):
        assert gone not in names
    assert names["E06000063"] == "Cumberland" and names["E06000064"] == "Westmorland and Furness"
    assert names["E06000065"] == "North Yorkshire" and names["E06000066"] == "Somerset"
    assert names["E08000038"] == "Barnsley" and names["E08000039"] == "Sheffield"
    for c in authorities.changes():
        assert c.source.startswith("The ") and "S.I." in c.source and c.supporting_line
        assert c.in_force <= date(2025, 4, 1)


def test_the_illustrative_areas_carry_the_real_names_and_codes(lancashire):
    for code, key in LANCASHIRE.items():
        area = lancashire.areas[L + key]
        assert area.gss_code == code and lancashire.gss_areas[code] == L + key
        assert authorities.authority(code).name == area.label
    assert lancashire.areas[L + "lancashire"].gss_code == "E10000017"


# -- resolving to the store's areas ------------------------------------------------------------

@pytest.mark.parametrize("text, key", [
    ("PR1 2HE", "preston"), ("pr12he", "preston"), ("LA5 9AA", "carnforth"), ("LA5", "carnforth"),
    ("PR1", "preston"), ("BB4", "rossendale"), ("PR3", "wyre"), ("PR1 9ZZ", "preston"), ("Preston", "preston"),
])
def test_postcodes_resolve_to_the_stores_areas(lancashire, text, key):
    assert resolve_area(lancashire, text) == L + key


@pytest.mark.parametrize("text", ["M1 1AE", "M1", "EC1A 1BB", "LA6", "GY1 1AA", "ZZ9", "12 High Street", "Narnia"])
def test_places_the_store_does_not_cover_resolve_to_nothing(lancashire, text):
    assert resolve_area(lancashire, text) is None


def test_a_district_the_store_lacks_resolves_to_its_county():
    county = Area("urn:lancs", "Lancashire", "county", (), frozenset({"urn:lancs"}), gss_code="E10000017")
    m = Model(areas={county.iri: county}, gss_areas={"E10000017": county.iri})
    assert resolve_area(m, "PR1 2HE") == "urn:lancs" and resolve_area(m, "LA5") == "urn:lancs"
    assert area_of_district(m, "E07000123") == "urn:lancs" and area_of_district(m, "E06000008") is None
    with pytest.raises(postcodes.UnknownPostcode):
        resolve_postcode(m, "PR1 9ZZ")


def test_a_profile_gives_a_postcode_district_never_a_full_postcode(lancashire):
    """A profile names where the person is by district or outward code only (a full postcode can
    identify a household): PR1 plans as Preston does, and PR1 2HE is refused."""
    person = read_profile(PROFILES / "p1-dean.yaml")
    by_district = navigate(lancashire, person, on=date(2026, 11, 24))
    by_outcode = navigate(lancashire, parse_profile({**person.model_dump(exclude_none=True), "area": "PR1"}),
                          on=date(2026, 11, 24))
    assert by_outcode["area"] == by_district["area"] == "Preston"
    assert [r["id"] for r in by_outcode["eligibility"]] == [r["id"] for r in by_district["eligibility"]]
    with pytest.raises(ProfileError, match="never a street address or a full postcode"):
        parse_profile({**person.model_dump(exclude_none=True), "area": "PR1 2HE"})


# -- distances ---------------------------------------------------------------------------------

def test_origin_points(lancashire):
    p = postcodes.lookup("PR1 2HE")
    assert origin_point(lancashire, "pr1 2he") == (p.lat, p.lon)
    assert origin_point(lancashire, "M1")[:2] == postcodes.district_point("M1")[:2]
    assert origin_point(lancashire, "Lancaster") == (54.047, -2.801)  # the area's centroid
    assert origin_point(lancashire, "Narnia") is None
    with pytest.raises(postcodes.UnknownPostcode):
        origin_point(lancashire, "PR1 9ZZ")


def test_nearest_services_from_a_postcode(lancashire):
    here = origin_point(lancashire, "PR1 2HE")
    rows = nearest(lancashire, here)
    assert rows and [d for d, _ in rows] == sorted(d for d, _ in rows)
    for d, e in rows:
        assert d == pytest.approx(distance_km(here, entry_point(lancashire, e, public=True)))
    close = nearest(lancashire, here, within_km=5)
    assert close and all(d <= 5 for d, _ in close) and len(close) < len(rows)
    assert {e.iri for _, e in close} < {e.iri for _, e in rows}


def test_confidential_places_count_by_their_area(lancashire):
    hidden = [e for e in lancashire.entries.values() if e.location and e.location.confidential and e.location.lat is not None]
    assert hidden, "the illustrative graph has confidential locations"
    here = origin_point(lancashire, "LA5 9AA")
    public = {e.iri: d for d, e in nearest(lancashire, here)}
    private = {e.iri: d for d, e in nearest(lancashire, here, public=False)}
    for e in hidden:
        assert public[e.iri] == pytest.approx(distance_km(here, entry_point(lancashire, e, public=True)))
        assert private[e.iri] == pytest.approx(distance_km(here, (e.location.lat, e.location.lon)))


# -- district outlines -------------------------------------------------------------------------

def _shape(feature):
    return shapely.from_geojson(json.dumps(feature["geometry"]))


def test_every_district_has_an_outline_named_as_ons_names_it():
    fc = outlines()
    assert [f["properties"]["code"] for f in fc["features"]] == sorted(authorities.districts())
    for f in fc["features"]:
        assert set(f["properties"]) == {"code", "name"}
        assert f["properties"]["name"] == authorities.authority(f["properties"]["code"]).name
        g = _shape(f)
        assert g.is_valid and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon")
    assert "Open Government Licence" in fc["attribution"]
    assert len(outline_codes()) == 296


def test_lancashire_districts_contain_their_own_postcodes(directory):
    east, north, codes = directory
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    fc = outlines(LANCASHIRE)
    assert {f["properties"]["code"] for f in fc["features"]} == set(LANCASHIRE)
    shapes = {f["properties"]["code"]: _shape(f) for f in fc["features"]}
    for code, g in shapes.items():
        mine = codes == code
        lon, lat = to_wgs84.transform(east[mine].astype(float), north[mine].astype(float))
        inside = shapely.contains_xy(g, lon, lat)
        assert mine.sum() > 1000
        assert inside.mean() >= 0.995, (code, inside.mean())  # measured 0.9984 to 1.0 at 100 m
    for pc, code in (("PR1 2HE", "E07000123"), ("LA5 9AA", "E07000121")):
        p = postcodes.lookup(pc)
        assert [c for c, g in shapes.items() if g.contains(shapely.Point(p.lon, p.lat))] == [code]


def test_outlines_do_not_overlap():
    shapes = [_shape(f) for f in outlines()["features"]]
    tree = shapely.STRtree(shapes)
    left, right = tree.query(shapes, predicate="intersects")
    overlap = sum(shapely.intersection(shapes[i], shapes[j]).area for i, j in zip(left, right) if i < j)
    assert overlap * 111.3 * 70 < 0.01  # km² (a square degree is about 111 x 70 km here): none beyond rounding


def test_county_outlines_are_their_districts_together():
    county = _shape(outlines(["E10000017"])["features"][0])
    parts = [_shape(f) for f in outlines(authorities.districts_of("E10000017"))["features"]]
    assert abs(county.area - sum(p.area for p in parts)) / county.area < 1e-3
    p = postcodes.lookup("PR1 2HE")
    assert county.contains(shapely.Point(p.lon, p.lat))


def test_unknown_codes_are_named():
    with pytest.raises(LinkworkError, match="no district outline for E07000026, X1"):
        outlines(["E07000123", "E07000026", "X1"])


def test_the_stores_areas_get_their_outlines(lancashire):
    fc = area_outlines(lancashire)
    got = {f["properties"]["code"]: f["properties"] for f in fc["features"]}
    assert set(got) == set(LANCASHIRE) | {"E10000017"}
    assert got["E07000123"]["area"] == L + "preston" and got["E07000123"]["label"] == "Preston"
    # the caller's copy: changing it does not change the next answer
    fc["features"][0]["properties"]["name"] = "changed"
    assert outlines([fc["features"][0]["properties"]["code"]])["features"][0]["properties"]["name"] != "changed"
