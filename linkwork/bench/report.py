"""Print benchmark rows as a table and append them to docs/benchmarks.md with the machine they ran on."""
from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from linkwork.bench import BenchRow

__all__ = ["table", "machine", "append_markdown"]


def _fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return ""
    if v >= 1000:
        return f"{v:,.0f}{unit}"
    return f"{v:.3g}{unit}"


def _ratio(speedup: float | None) -> str:
    """``12.3x``; below 1 (slower than the baseline) with two significant digits, so 0.013x is not shown as 0.0x."""
    if speedup is None:
        return ""
    return f"{speedup:,.1f}x" if speedup >= 1 else f"{speedup:.2g}x"


def table(rows: list[BenchRow]) -> str:
    """A Markdown table: benchmark, case, metric, value, baseline, speed-up."""
    out = ["| benchmark | case | metric | linkwork | baseline | baseline value | speed-up |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        speedup = r.speedup
        out.append(f"| {r.benchmark} | {r.case} | {r.metric} | {_fmt(r.value)} {r.unit} | {r.baseline or ''} | "
                   f"{_fmt(r.baseline_value)}{' ' + r.unit if r.baseline_value is not None else ''} | "
                   f"{_ratio(speedup)} |")
    return "\n".join(out)


def machine() -> str:
    libs = ", ".join(f"{p} {version(p)}" for p in ("pyoxigraph", "rdflib", "networkx", "numpy", "pyshacl"))
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; {libs}"


def append_markdown(path: Path, title: str, rows: list[BenchRow], notes: str = "") -> None:
    """Append a dated section; earlier runs stay, so the history of measurements is kept."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"\n## {title} ({stamp})\n\nMachine: {machine()}\n\n{table(rows)}\n"
    if notes:
        text += f"\n{notes}\n"
    if not path.exists():
        path.write_text("# Benchmarks\n\nRecorded by `linkwork bench`; each section is one run, newest last.\n")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)
