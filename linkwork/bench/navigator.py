"""Navigator speed: one person's full plan (eligibility, pathways for every need, alternatives).

Baseline, in the same run: the same plan computed by assessing every entry in
the model (``navigate(..., indexed=False)``) instead of those serving the
person's area.
"""
from __future__ import annotations

import random
import statistics
import time
from datetime import date
from pathlib import Path

from linkwork.bench import BenchRow, synthetic_model
from linkwork.core import Core
from linkwork.data import lancashire_files
from linkwork.graph.navigator import navigate
from linkwork.graph.profile import Profile, read_profile
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources

__all__ = ["run", "percentiles"]

PROFILES = Path(__file__).resolve().parents[2] / "examples" / "profiles"


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of timings in seconds, returned in milliseconds."""
    s = sorted(samples)
    p95 = s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]
    return statistics.median(s) * 1000, p95 * 1000


def _time(model, profiles, *, indexed: bool, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        for p in profiles:
            t = time.perf_counter()
            navigate(model, p, on=p.as_of or date(2026, 11, 24), indexed=indexed)
            out.append(time.perf_counter() - t)
    return out


def random_profiles(model, n: int, seed: int = 1) -> list[Profile]:
    """Seeded random people placed in random districts of a synthetic directory."""
    rnd = random.Random(seed)
    codes = sorted(model.postcode_areas)
    out = []
    for _ in range(n):
        out.append(Profile.model_validate({
            "area": rnd.choice(codes), "age": rnd.randint(18, 70), "gender": rnd.choice(["female", "male"]),
            "needs": {d: rnd.choice(["mild", "moderate", "severe"]) for d in rnd.sample(
                ["drugs", "alcohol", "mental-health", "housing", "offending", "employment"], 3)},
            "substance_use": {"substances": [rnd.choice(["opiates", "crack", "alcohol", "cannabis"])],
                              "status": rnd.choice(["active", "on-script", "abstinent", "recreational"])},
            "criminal_justice": {"status": rnd.choice(["none", "released", "licence", "community-order"]),
                                 "sentence_months": rnd.randint(1, 36), "risk_tier": rnd.choice(["low", "medium", "high"])},
            "local_connection": rnd.random() < 0.7, "documents": {"photo_id": rnd.random() < 0.6},
            "intentionally_homeless": rnd.random() < 0.2, "registered_gp": rnd.random() < 0.8,
        }))
    return out


def run(workdir: Path, *, quick: bool = False) -> list[BenchRow]:
    rows: list[BenchRow] = []
    store = Store()
    load_sources(store, lancashire_files(), fmt="turtle")
    county = Core(store).model
    personas = [read_profile(p) for p in sorted(PROFILES.glob("*.yaml"))]
    fast = _time(county, personas, indexed=True, repeats=3 if quick else 20)
    slow = _time(county, personas, indexed=False, repeats=1 if quick else 5)
    for label, i in (("p50", 0), ("p95", 1)):
        rows.append(BenchRow("navigator", "illustrative Lancashire, 6 personas", f"plan {label}",
                             percentiles(fast)[i], "ms", "assess every entry", percentiles(slow)[i]))
    n = 5_000 if quick else 200_000
    model, compile_s = synthetic_model(workdir, n)
    people = random_profiles(model, 20 if quick else 200)
    fast = _time(model, people, indexed=True, repeats=1)
    slow = _time(model, people[: 3 if quick else 10], indexed=False, repeats=1)
    case = f"synthetic national, {n:,} services"
    for label, i in (("p50", 0), ("p95", 1)):
        rows.append(BenchRow("navigator", case, f"plan {label}", percentiles(fast)[i], "ms",
                             "assess every entry", percentiles(slow)[i]))
    rows.append(BenchRow("navigator", case, "compile store to model (once per load)", compile_s, "s"))
    return rows
