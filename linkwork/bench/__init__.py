"""Benchmarks run by `linkwork bench`: each compares linkwork against a baseline
measured in the same process and returns rows for docs/benchmarks.md.

A benchmark module has ``run(workdir: Path, *, quick: bool) -> list[BenchRow]``.
Tests never time anything; these are for people.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

__all__ = ["BenchRow", "BENCHMARKS", "OPT_IN", "get_benchmark"]


@dataclass(frozen=True)
class BenchRow:
    """One measured figure, beside its baseline where there is one."""

    benchmark: str
    case: str
    metric: str
    value: float
    unit: str
    baseline: str | None = None
    baseline_value: float | None = None

    #: True when a bigger value is better (rates); False for times.
    higher_is_better: bool = False

    @property
    def speedup(self) -> float | None:
        """How many times better than the baseline measured in the same run."""
        if self.baseline_value in (None, 0) or self.value == 0:
            return None
        return self.value / self.baseline_value if self.higher_is_better else self.baseline_value / self.value


#: name -> "module:function"
BENCHMARKS: dict[str, str] = {
    "load": "linkwork.bench.load:run",
    "navigator": "linkwork.bench.navigator:run",
    "gaps": "linkwork.bench.gaps:run",
    "postcodes": "linkwork.bench.postcodes:run",
    "api": "linkwork.bench.api:run",
    "directories": "linkwork.bench.directories:run",
    "neo4j": "linkwork.bench.neo4j:run",
}


#: Run only when named (`linkwork bench neo4j`): it needs a Bolt server, and starts a local one if none is given.
OPT_IN = ("neo4j",)


def get_benchmark(name: str):
    """The ``run`` function of benchmark ``name``."""
    module, _, attr = BENCHMARKS[name].partition(":")
    return getattr(importlib.import_module(module), attr)


_MODELS: dict = {}


def synthetic_model(workdir, services: int, seed: int = 1):
    """The compiled model of a synthetic directory, generated and loaded once per process."""
    from linkwork.core import Core
    from linkwork.graph.store import Store
    from linkwork.loaders.pipeline import load_sources
    from linkwork.loaders.synth import write_synth

    key = (str(workdir), services, seed)
    if key not in _MODELS:
        out = workdir / f"synth-{services}-{seed}"
        if not (out / "synth.nt").exists():
            write_synth(out, services=services, seed=seed)
        store = Store()
        load_sources(store, [out / "synth.nt"])
        import time

        t = time.perf_counter()
        model = Core(store).model
        _MODELS[key] = (model, time.perf_counter() - t)
    return _MODELS[key]
