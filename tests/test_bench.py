"""`linkwork bench --quick` runs every benchmark end to end and prints ratios (it never asserts on time)."""
from __future__ import annotations

from click.testing import CliRunner

from linkwork.cli import cli


def test_quick_bench_prints_a_table_with_baselines(tmp_path):
    out = tmp_path / "bench.md"
    result = CliRunner().invoke(cli, ["bench", "--quick", "--workdir", str(tmp_path / "w"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = [l for l in result.output.splitlines() if l.startswith("| ")]
    assert {l.split(" | ")[0][2:] for l in lines[2:]} == {"load", "navigator", "gaps", "postcodes", "api", "directories"}
    assert all(l.rstrip(" |").endswith("x") for l in lines[2:] if "naive" in l or "rdflib" in l or "every entry" in l)
    assert "linkwork bench" in out.read_text() and "cores" in out.read_text()


def test_synth_is_byte_identical_for_a_seed(tmp_path):
    runner = CliRunner()
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        assert runner.invoke(cli, ["synth", "--services", "300", "--seed", str(seed), "--output", str(tmp_path / name)]).exit_code == 0
    a, b, c = ((tmp_path / n / "synth.nt").read_bytes() for n in "abc")
    assert a == b and a != c
