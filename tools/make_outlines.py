"""Builds viz/geo/england-districts.geojson: an outline of every local authority district in
England, derived from the postcode centroids of the ONS Postcode Directory.

    .venv/bin/python tools/make_outlines.py            # writes the package asset
    .venv/bin/python tools/make_outlines.py --tolerance 100 -o /tmp/districts.geojson

No package ships district boundaries, so they are derived, reproducibly, from the points
that the postcode lookup already has (docs/geography.md explains each step):

1. every located postcode in Great Britain (England, Wales and Scotland, so that border
   districts meet their neighbours rather than running on into Wales or Scotland),
   thinned to one point per district per ``--cell`` metres square (the mean of the
   district's postcodes in that square);
2. a Voronoi tessellation of those points: each point's cell is the land nearer to it
   than to any other;
3. the cells dissolved by district code (a coverage union: the cells tile the plane);
4. clipped to a hull of all the points (their union buffered out by ``--reach`` metres
   and back in by ``--reach`` minus 1 km, holes filled), which follows the coast;
5. stray fragments removed: parts smaller than ``--min-part`` square kilometres that are
   not a district's largest, and holes of that size filled (postcodes whose grid
   reference puts them inside another district);
6. simplified as a coverage (shared edges simplified once, so neighbours neither overlap
   nor leave gaps) with a tolerance of ``--tolerance`` metres;
7. converted to WGS84 longitude and latitude (pyproj, EPSG:27700 to EPSG:4326) and
   rounded to 5 decimal places (about a metre).

Runs in about a minute and 1.5 GB of memory on a 2-core machine.
"""
from __future__ import annotations

import argparse
import json
import string
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from linkwork.graph import authorities, postcodes
from pyproj import Transformer

OUT = Path(__file__).resolve().parent.parent / "viz" / "geo" / "england-districts.geojson"
DEFAULTS = {"cell": 200.0, "reach": 3000.0, "min_part": 1.0, "tolerance": 100.0}


def gb_points(cell: float) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Located GB postcodes thinned to one point per district per cell: (x, y), district index, codes."""
    xs, ys, ds, codes = [], [], [], []
    index: dict[str, int] = {}
    for letter in string.ascii_uppercase:
        _, east, north, district, names = postcodes.postcode_table(letter)
        if len(east) == 0:
            continue
        remap = np.array([index.setdefault(c, len(index)) if c[:1] in ("E", "W", "S") else -1 for c in names])
        d = remap[district]
        ok = (d >= 0) & ~np.isnan(east) & ~np.isnan(north)
        xs.append(east[ok].astype(np.float64))
        ys.append(north[ok].astype(np.float64))
        ds.append(d[ok])
    codes = sorted(index, key=index.__getitem__)
    x, y, d = np.concatenate(xs), np.concatenate(ys), np.concatenate(ds)
    # one point per (cell, district): the mean of that district's postcodes in the cell
    key = ((np.floor(x / cell).astype(np.int64) * 100_000 + np.floor(y / cell).astype(np.int64)) * 1000 + d)
    uniq, inverse = np.unique(key, return_inverse=True)
    n = np.bincount(inverse)
    px = np.bincount(inverse, weights=x) / n
    py = np.bincount(inverse, weights=y) / n
    pd = (uniq % 1000).astype(np.int64)
    return np.column_stack([px, py]), pd, codes


def land_mask(xy: np.ndarray, reach: float) -> shapely.Geometry:
    """A hull of the points that follows the coast: 1 km-thinned points buffered out by
    ``reach`` and back in by ``reach - 1000`` (a morphological closing), holes filled."""
    coarse = np.unique(np.floor(xy / 1000.0), axis=0) * 1000.0 + 500.0
    blob = shapely.union_all(shapely.buffer(shapely.points(coarse), reach, quad_segs=4))
    blob = shapely.buffer(blob, -(reach - 1000.0), quad_segs=4)
    parts = [shapely.Polygon(p.exterior) for p in shapely.get_parts(blob) if p.area > 2e6]
    return shapely.union_all(parts)


def tidy(geom: shapely.Geometry, min_area: float) -> shapely.Geometry:
    """Drop parts under ``min_area`` (but never the largest) and fill holes under it."""
    parts = sorted(shapely.get_parts(geom), key=lambda p: -p.area)
    kept = []
    for i, p in enumerate(parts):
        if i and p.area < min_area:
            continue
        holes = [r for r in p.interiors if shapely.Polygon(r).area >= min_area]
        kept.append(shapely.Polygon(p.exterior, holes))
    return shapely.multipolygons(kept) if len(kept) > 1 else kept[0]


def build(cell: float, reach: float, min_part: float, tolerance: float, *, log=print) -> dict:
    """The GeoJSON FeatureCollection of England's districts (see the module docstring)."""
    t0 = time.perf_counter()
    xy, d, codes = gb_points(cell)
    log(f"{len(xy):,} points after thinning to {cell:g} m ({time.perf_counter() - t0:.0f} s)")
    lo, hi = xy.min(axis=0) - 50_000, xy.max(axis=0) + 50_000
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(xy), ordered=True,
                                                       extend_to=shapely.box(*lo, *hi)))
    log(f"Voronoi tessellation: {len(cells):,} cells ({time.perf_counter() - t0:.0f} s)")
    land = land_mask(xy, reach)
    shapely.prepare(land)
    names = authorities.districts()
    order = np.argsort(d, kind="stable")
    bounds = np.searchsorted(d[order], np.arange(len(codes) + 1))
    wanted = sorted(c for c in codes if c in names)
    missing = sorted(set(names) - set(wanted))
    if missing:
        raise SystemExit(f"no postcodes for {', '.join(missing)}")
    geoms = []
    for code in wanted:
        i = codes.index(code)
        shape = shapely.coverage_union_all(cells[order[bounds[i]:bounds[i + 1]]])
        geoms.append(tidy(shapely.intersection(shape, land), min_part * 1e6))
    log(f"dissolved and clipped {len(geoms)} districts ({time.perf_counter() - t0:.0f} s)")
    simple = shapely.coverage_simplify(np.array(geoms), tolerance)
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)

    def project(coords: np.ndarray) -> np.ndarray:
        lon, lat = to_wgs84.transform(coords[:, 0], coords[:, 1])
        return np.round(np.column_stack([lon, lat]), 5)

    features = []
    for code, g in zip(wanted, simple):
        g = shapely.make_valid(shapely.transform(g, project))
        polys = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
        g = shapely.multipolygons(polys) if len(polys) > 1 else polys[0]
        features.append({"type": "Feature", "properties": {"code": code, "name": names[code].name},
                         "geometry": json.loads(shapely.to_geojson(g))})
    log(f"simplified at {tolerance:g} m, {sum(shapely.get_num_coordinates(simple)):,} vertices "
        f"({time.perf_counter() - t0:.0f} s)")
    return {
        "type": "FeatureCollection",
        "name": "england-districts",
        "attribution": "Derived from the ONS Postcode Directory (Office for National Statistics), "
                       "licensed under the Open Government Licence v3.0; names from the ONS LTLA to UTLA "
                       "(April 2021) lookup, with the changes since listed in docs/geography.md.",
        "method": {"source": f"{postcodes.PACKAGE} {postcodes.data_version()}",
                   "names": f"{authorities.PACKAGE} {authorities.source_version()}",
                   "cell_m": cell, "reach_m": reach, "min_part_km2": min_part, "tolerance_m": tolerance,
                   "tool": "tools/make_outlines.py"},
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", type=Path, default=OUT, help=f"where to write (default {OUT.name} in viz/geo)")
    ap.add_argument("--cell", type=float, default=DEFAULTS["cell"], help="thinning grid, metres (default 200)")
    ap.add_argument("--reach", type=float, default=DEFAULTS["reach"], help="hull buffer, metres (default 3000)")
    ap.add_argument("--min-part", type=float, default=DEFAULTS["min_part"],
                    help="smallest fragment kept, km² (default 1)")
    ap.add_argument("--tolerance", type=float, default=DEFAULTS["tolerance"],
                    help="simplification tolerance, metres (default 100)")
    a = ap.parse_args(argv)
    fc = build(a.cell, a.reach, a.min_part, a.tolerance, log=lambda m: print(m, file=sys.stderr))
    a.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    a.output.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {a.output} ({len(text) / 1e6:.2f} MB, {len(fc['features'])} districts)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
