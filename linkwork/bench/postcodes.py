"""Postcode lookups from the ONS Postcode Directory: the first lookup in a fresh process (cold),
warm lookups, and the memory a letter takes, against a plain dict of the same rows.

Each case runs in its own Python process so that its memory and its cold start are its own.
The baseline is what a first version would do: read a letter's file into a Python dict of
postcode -> (district, easting, northing) and look postcodes up in it.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from linkwork.bench import BenchRow

SAMPLE = ["PR1 2HE", "PR2 9WT", "PR7 1DP", "PR25 1AA", "PR4 0AA", "PR8 1AA", "PR9 0AA", "PR3 1AA"]

_OURS = r"""
import json, sys, time
def rss(): return int(open('/proc/self/statm').read().split()[1]) * 4096 / 1e6
letters = sys.argv[1]; sample = json.loads(sys.argv[2]); n = int(sys.argv[3])
r0 = rss(); t0 = time.perf_counter()
from linkwork.graph import postcodes
postcodes.lookup(sample[0])
cold = time.perf_counter() - t0; r1 = rss()
from linkwork.graph.postcodes import PostcodeError
def warm():
    t = time.perf_counter()
    for i in range(n):
        try: postcodes.lookup(sample[i % len(sample)])
        except PostcodeError: pass
    return (time.perf_counter() - t) / n
w = warm()
t = time.perf_counter(); postcodes.district_point("PR1"); centre_cold = time.perf_counter() - t
t = time.perf_counter()
for l in letters: postcodes.postcode_table(l)
all_s = time.perf_counter() - t
print(json.dumps({"cold": cold, "warm": w, "one": r1 - r0, "centre": centre_cold, "all": rss() - r0, "all_s": all_s}))
"""

_DICT = r"""
import json, sys, time
def rss(): return int(open('/proc/self/statm').read().split()[1]) * 4096 / 1e6
letters = sys.argv[1]; sample = json.loads(sys.argv[2]); n = int(sys.argv[3])
r0 = rss(); t0 = time.perf_counter()
import brotli, msgpack
from pyproj import Transformer
from linkwork.graph.postcodes import data_dir
tr = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
tables = {}
def load(l):
    d = msgpack.unpackb(brotli.decompress((data_dir() / f"postcodes_{l}.msgpack.br").read_bytes()), raw=False)["data"]
    tables[l] = {p.replace(" ", ""): (c, e, no) for p, c, e, no in zip(d["pcd"], d["laua"], d["oseast1m"], d["osnrth1m"])}
def lookup(pc):
    k = pc.replace(" ", "").upper()
    if k[0] not in tables: load(k[0])
    c, e, no = tables[k[0]][k]
    lon, lat = tr.transform(e, no)
    return c, lat, lon
lookup(sample[0])
cold = time.perf_counter() - t0; r1 = rss()
t = time.perf_counter()
for i in range(n):
    try: lookup(sample[i % len(sample)])
    except KeyError: pass
w = (time.perf_counter() - t) / n
t = time.perf_counter()
for l in letters:
    if l not in tables: load(l)
all_s = time.perf_counter() - t
print(json.dumps({"cold": cold, "warm": w, "one": r1 - r0, "all": rss() - r0, "all_s": all_s}))
"""


def _measure(script: str, letters: str, n: int) -> dict:
    out = subprocess.run([sys.executable, "-c", script, letters, json.dumps(SAMPLE), str(n)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(workdir: Path, *, quick: bool = False) -> list[BenchRow]:
    from linkwork.graph.postcodes import data_dir

    letters = "P" if quick else "".join(p.name[10] for p in sorted(data_dir().glob("postcodes_?.msgpack.br")))
    n = 2_000 if quick else 50_000
    ours, base = _measure(_OURS, letters, n), _measure(_DICT, letters, n)
    plain = "Python dict of the letter"
    case = "fresh process, letter P"
    every = f"all {len(letters)} letters" if not quick else "letter P only (quick)"
    return [
        BenchRow("postcodes", case, "first lookup (import, read letter, pyproj)", ours["cold"], "s", plain, base["cold"]),
        BenchRow("postcodes", case, "warm lookup", ours["warm"] * 1e6, "us", plain, base["warm"] * 1e6),
        BenchRow("postcodes", case, "postcode district centre, first time", ours["centre"] * 1e3, "ms"),
        BenchRow("postcodes", case, "memory after the first lookup (RSS)", ours["one"], "MB", plain, base["one"]),
        BenchRow("postcodes", every, "memory with every letter read (RSS)", ours["all"], "MB", plain, base["all"]),
        BenchRow("postcodes", every, "time to read the rest", ours["all_s"], "s", plain, base["all_s"]),
    ]
