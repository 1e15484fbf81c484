"""Threshold-sweep speed for commissioners, beside the naive loop over every cell and every service.

The naive loop (:func:`~linkwork.graph.gaps.threshold_gaps.naive_uncovered_cells`)
asks the navigator's evaluator about every population cell and every service
serving the area. On the county it is run in full; on the national graph it is
run on a sample of areas and domains and its per-cell cost is scaled to the
full sweep (the report says so).
"""
from __future__ import annotations

import random
import time
from datetime import date
from pathlib import Path

import numpy as np

from linkwork.bench import BenchRow, synthetic_model
from linkwork.core import Core
from linkwork.data import lancashire_files
from linkwork.graph.gaps.threshold_gaps import (
    build_axes,
    domain_entries,
    naive_uncovered_cells,
    sweep,
    sweep_areas,
)
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources

__all__ = ["run", "full_sweep"]

ON = date(2026, 11, 24)


def _domains(model) -> list[str]:
    return sorted({d for e in model.services() if not e.broker for d in e.domains})


def full_sweep(model) -> tuple[float, int]:
    """Sweep every need domain over every district; returns seconds and the number of cells examined."""
    t = time.perf_counter()
    cells = 0
    for d in _domains(model):
        for s in sweep(model, d, on=ON, keep_entries=False):
            cells += s.covered.size
    return time.perf_counter() - t, cells


def _naive_rate(model, areas: list[str], domains: list[str], max_cells: int) -> tuple[float, int]:
    """Seconds per cell of the naive loop, measured on the given areas and domains."""
    spent, cells = 0.0, 0
    for d in domains:
        entries = domain_entries(model, d, ON)
        axes = build_axes(model, entries, d, ON)
        size = int(np.prod([len(a.values) for a in axes]))
        for area in areas:
            if cells >= max_cells:
                break
            t = time.perf_counter()
            naive_uncovered_cells(model, d, on=ON, area=area, axes=axes, entries=entries)
            spent += time.perf_counter() - t
            cells += size
    return spent / max(cells, 1), cells


def run(workdir: Path, *, quick: bool = False) -> list[BenchRow]:
    rows: list[BenchRow] = []
    store = Store()
    load_sources(store, lancashire_files(), fmt="turtle")
    county = Core(store).model
    fast_s, cells = full_sweep(county)
    rate, sampled = _naive_rate(county, sweep_areas(county), _domains(county), max_cells=10**9 if not quick else 20_000)
    rows.append(BenchRow("gaps", "illustrative Lancashire, every domain and district", "full threshold sweep",
                         fast_s, "s", f"naive loop ({'all' if sampled >= cells else 'sampled'} {sampled:,} cells)",
                         rate * cells))
    n = 5_000 if quick else 200_000
    model, _ = synthetic_model(workdir, n)
    fast_s, cells = full_sweep(model)
    rnd = random.Random(1)
    areas = rnd.sample(sweep_areas(model), min(3, len(sweep_areas(model))))
    rate, sampled = _naive_rate(model, areas, _domains(model)[:3], max_cells=2_000 if quick else 20_000)
    rows.append(BenchRow("gaps", f"synthetic national, {n:,} services, {cells:,} cells", "full threshold sweep",
                         fast_s, "s", f"naive loop, {sampled:,} cells timed and scaled", rate * cells))
    return rows
