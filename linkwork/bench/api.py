"""HTTP API speed: a second process on loopback drives the ORUK endpoints of a live uvicorn server.

Cases: the illustrative Lancashire graph and a synthetic directory (``linkwork synth``);
endpoints: ``/services`` pages, ``/service_at_locations`` by postcode and proximity,
text search and ``POST /pathways`` (with a navigator key made for the run). The driver
is its own Python process with one keep-alive connection, sending requests one after
another; it reports each request's time. Baseline, in the same run: the same
answer computed by a direct call into the core (the directory filter, the page and its
JSON), so the ratio is what HTTP, FastAPI and uvicorn add.

The directory is built once per store version from the exporter's records (validated
against the ORUK schemas); its build time is reported too, since it bounds the store
sizes the API can serve.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from linkwork.bench import BenchRow

__all__ = ["run"]

_DRIVER = r"""
import json, sys, time, httpx
url, plan = sys.argv[1], json.loads(sys.stdin.read())
out = {}
with httpx.Client(base_url=url, timeout=60) as c:
    for name, (method, calls, repeats, headers) in plan.items():
        for p, body in calls[:3]:
            c.request(method, p, json=body, headers=headers)  # warm up
        times, t0, n = [], time.perf_counter(), 0
        for _ in range(repeats):
            for p, body in calls:
                t = time.perf_counter()
                r = c.request(method, p, json=body, headers=headers)
                times.append(time.perf_counter() - t)
                n += 1
                if r.status_code >= 300:
                    out[name] = {"error": f"{method} {p}: {r.status_code} {r.text[:200]}"}
                    break
            if name in out:
                break
        else:
            out[name] = {"times": times, "rate": n / (time.perf_counter() - t0)}
print(json.dumps(out))
"""

POSTCODE, PROXIMITY = "PR1 2HE", 5000
WORDS = ["drug", "housing", "alcohol", "women", "mental health"]


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    return statistics.median(s) * 1000, s[min(len(s) - 1, round(0.95 * (len(s) - 1)))] * 1000


def _plan(directory, repeats: int) -> dict:
    pages = max(1, -(-len(directory.services) // 50))
    spread = sorted({1, max(1, pages // 4), max(1, pages // 2), max(1, 3 * pages // 4), pages})
    q = f"postcode={POSTCODE.replace(' ', '%20')}&proximity={PROXIMITY}"
    return {
        "/services page": ("GET", [(f"/services?page={k}&per_page=50", None) for k in spread], repeats, {}),
        f"/service_at_locations?postcode&proximity={PROXIMITY}": (
            "GET", [(f"/service_at_locations?{q}", None)], repeats * 5, {}),
        "/services?search": ("GET", [(f"/services?search={w.replace(' ', '%20')}", None) for w in WORDS], repeats, {}),
    }


def _in_process(directory, repeats: int) -> dict[str, list[float]]:
    """The same answers by direct calls: the directory filter, the page envelope, its JSON."""
    from linkwork.api.directory import Filters
    from linkwork.api.paging import Paging, envelope
    from linkwork.graph import postcodes

    pages = max(1, -(-len(directory.services) // 50))
    spread = sorted({1, max(1, pages // 4), max(1, pages // 2), max(1, 3 * pages // 4), pages})
    calls: dict[str, list] = {
        "/services page": [lambda k=k: envelope(directory.services_matching(Filters()), Paging(k, 50), lambda s: s.item)
                           for k in spread],
        f"/service_at_locations?postcode&proximity={PROXIMITY}": [lambda: envelope(directory.sals_matching(
            Filters(), origin=(lambda p: (p.lat, p.lon))(postcodes.locate(POSTCODE)), within_m=PROXIMITY),
            Paging(), lambda e: e.item)],
        "/services?search": [lambda w=w: envelope(directory.services_matching(Filters(search=w)), Paging(), lambda s: s.item)
                             for w in WORDS],
    }
    out = {}
    for name, fns in calls.items():
        n = repeats * (5 if "proximity" in name else 1)
        times = []
        for fn in fns:  # warm up (the postcode directory reads a letter's file on first use)
            fn()
        for _ in range(n):
            for fn in fns:
                t = time.perf_counter()
                json.dumps(fn()).encode()
                times.append(time.perf_counter() - t)
        out[name] = times
    return out


def _profiles(model, synthetic: bool) -> list[dict]:
    """Bodies for POST /pathways: the six personas on the illustrative graph, seeded random people elsewhere."""
    if not synthetic:
        import yaml

        folder = Path(__file__).resolve().parents[2] / "examples" / "profiles"
        # as JSON would carry them: dates as ISO text
        return [json.loads(json.dumps(yaml.safe_load(p.read_text()), default=str)) for p in sorted(folder.glob("*.yaml"))]
    from linkwork.bench.navigator import random_profiles

    return [p.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for p in random_profiles(model, 20)]


def _plans_in_process(model, bodies: list[dict], repeats: int) -> list[float]:
    """The navigator's plan and its JSON, as POST /pathways makes them, by a direct call."""
    from linkwork.api.schemas import Plan, dump
    from linkwork.graph.navigator import navigate
    from linkwork.graph.profile import Profile

    people = [Profile.model_validate(b) for b in bodies]
    times = []
    for _ in range(repeats):
        for person in people:
            t = time.perf_counter()
            json.dumps(dump(Plan.model_validate(navigate(model, person))))
            times.append(time.perf_counter() - t)
    return times


def _case(label: str, store, repeats: int, workdir: Path, *, synthetic: bool) -> list[BenchRow]:
    from linkwork.api.app import create_app
    from linkwork.api.keys import KeyFile
    from linkwork.api.live import LiveServer
    from linkwork.core import Core

    keyfile = workdir / "bench-keys.json"
    keyfile.unlink(missing_ok=True)
    keys = KeyFile(keyfile)
    token = keys.add(role="navigator", label="linkwork bench api", rate_limit="10000000/minute").token
    # measure speed, not the limiter's refusals
    app = create_app(Core(store), keys=keys, rates={"public": "10000000/minute"})
    t = time.perf_counter()
    server = LiveServer(app, access_log=False).start(ready_timeout=7200)
    build = time.perf_counter() - t
    try:
        snap = app.state.model_state.snapshot()
        directory = snap.view("oruk")
        plan = _plan(directory, repeats)
        bodies = []
        if "/pathways" in app.openapi()["paths"]:  # the navigator's endpoint (issue 11, item 6)
            bodies = _profiles(snap.model, synthetic)
            plan["POST /pathways"] = ("POST", [("/pathways", b) for b in bodies], max(1, repeats // 4),
                                      {"Authorization": f"Bearer {token}"})
        got = subprocess.run([sys.executable, "-c", _DRIVER, server.url], input=json.dumps(plan), capture_output=True,
                             text=True, check=True)
        http = json.loads(got.stdout)
    finally:
        server.stop()
        keyfile.unlink(missing_ok=True)
    direct = _in_process(directory, repeats)
    if bodies:
        direct["POST /pathways"] = _plans_in_process(snap.model, bodies, max(1, repeats // 4))
    size = f"{label}, {len(directory.services):,} services, {len(directory.sals):,} at locations"
    rows = [BenchRow("api", size, "model and ORUK directory build (once per store version)", build, "s")]
    for name, result in http.items():
        if "error" in result:
            rows.append(BenchRow("api", size, f"{name}: failed ({result['error']})", 0, ""))
            continue
        p50, p95 = _p50_p95(result["times"])
        b50, b95 = _p50_p95(direct[name])
        rows += [
            BenchRow("api", size, f"{name} p50", p50, "ms", "in-process core call", b50),
            BenchRow("api", size, f"{name} p95", p95, "ms", "in-process core call", b95),
            BenchRow("api", size, f"{name} requests/s (one client)", result["rate"], "req/s", "in-process calls/s",
                     len(direct[name]) / sum(direct[name]), higher_is_better=True),
        ]
    return rows


def run(workdir: Path, *, quick: bool = False, sizes: tuple[int, ...] | None = None) -> list[BenchRow]:
    from linkwork.data import lancashire_files
    from linkwork.graph.store import Store
    from linkwork.loaders.pipeline import load_sources
    from linkwork.loaders.synth import write_synth

    repeats = 5 if quick else 40
    store = Store()
    load_sources(store, lancashire_files(), fmt="turtle")
    rows = _case("illustrative Lancashire", store, repeats, workdir, synthetic=False)
    for n in sizes or ((300,) if quick else (2_000, 20_000)):
        out = workdir / f"synth-{n}-1"
        if not (out / "synth.nt").exists():
            write_synth(out, services=n, seed=1)
        store = Store()
        load_sources(store, [out / "synth.nt"])
        rows += _case("synthetic", store, max(3, repeats // 4) if n >= 10_000 else repeats, workdir, synthetic=True)
    return rows
