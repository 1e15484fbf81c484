"""Load speed: a synthetic file of at least a million statements through linkwork's bulk path,
beside rdflib's own N-Triples parser on the same file in the same run; and an Open Referral
(HSDS) file through the bulk path beside the same file checked by pyshacl."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from rdflib import Graph

from linkwork.bench import BenchRow
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources
from linkwork.loaders.synth import write_synth

__all__ = ["run"]


def run(workdir: Path, *, quick: bool = False) -> list[BenchRow]:
    n = 2_000 if quick else 40_000  # about 31 statements a service: 40,000 services is 1.2 million statements
    out = workdir / f"synth-{n}"
    summary = write_synth(out, services=n, seed=1)
    path = out / "synth.nt"
    triples = summary["triples"]
    t = time.perf_counter()
    Graph().parse(path, format="nt")
    theirs = time.perf_counter() - t
    rows = []
    for where in ("in-memory", "on-disk"):
        target = workdir / "load-store"
        shutil.rmtree(target, ignore_errors=True)
        store = Store(target if where == "on-disk" else None)
        t = time.perf_counter()
        load_sources(store, [path])  # parse, check against the shapes, store: the whole bulk path
        ours = time.perf_counter() - t
        store.close()
        case = f"synthetic N-Triples, {triples:,} statements, {where} store, shapes checked"
        rows += [BenchRow("load", case, "statements per second", triples / ours, "stmt/s",
                          "rdflib N-Triples parser into a memory graph, no checks", triples / theirs, higher_is_better=True),
                 BenchRow("load", case, "wall time", ours, "s", "rdflib N-Triples parser", theirs)]
    rows.append(_hsds(workdir, 300 if quick else 2_000))
    return rows


def _hsds(workdir: Path, n: int) -> BenchRow:
    """An HSDS export of ``n`` synthetic services, loaded through the bulk checks and through pyshacl."""
    from linkwork.api.export import export
    from linkwork.loaders import pipeline

    source = Store()
    load_sources(source, [_synth(workdir, n)])
    path = workdir / f"hsds-{n}.json"
    path.write_text(export(source, "hsds"), encoding="utf-8")
    timings = {}
    for label, threshold in (("bulk", 0), ("pyshacl", 10**12)):
        saved, pipeline.BULK_STATEMENTS = pipeline.BULK_STATEMENTS, threshold
        try:
            t = time.perf_counter()
            (report,) = load_sources(Store(), [path], fmt="hsds")
            timings[label] = time.perf_counter() - t
        finally:
            pipeline.BULK_STATEMENTS = saved
    return BenchRow("load", f"HSDS JSON, {n:,} services, {report.triples:,} statements, schema and shapes checked",
                    "wall time", timings["bulk"], "s", "the same load checked by pyshacl", timings["pyshacl"])


def _synth(workdir: Path, n: int) -> Path:
    out = workdir / f"synth-{n}"
    if not (out / "synth.nt").exists():
        write_synth(out, services=n, seed=1)
    return out / "synth.nt"
