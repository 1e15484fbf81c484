"""Every example in every subcommand's --help runs on the demo store and succeeds (issue 16, item 13).

Examples are read from the help text itself, so a new or changed example is tested without
editing this file. The few that cannot run here say why in ``NOT_RUN``.
"""
from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkwork.cli import SUBCOMMANDS, cli

REPO = Path(__file__).parent.parent

#: example -> why it is not run by the test (each needs something the demo store cannot give)
NOT_RUN = {
    "linkwork serve": "starts a server and waits for requests",
    "linkwork serve --port 9000 --workers 2": "starts a server and waits for requests",
    "linkwork init --demo": "run by the fixture that makes the demo store for the others",
    "linkwork --store /tmp/lw init --demo --force --yes": "the same load into a second store (10 s); init's tests cover --force",
    "linkwork bench --quick --no-record": "runs timed benchmarks on generated national data (minutes)",
    "linkwork bench navigator gaps": "runs timed benchmarks on generated national data (minutes)",
    "linkwork load services.ttl": "loads the reader's own file",
    "linkwork load --wait 600 national.nt": "loads the reader's own file (tests/test_faults.py covers --wait)",
    "linkwork neo4j push": "needs a Neo4j server (NEO4J_URI); tests/test_neo4j_push.py starts one",
    "linkwork neo4j status": "needs a Neo4j server (NEO4J_URI); tests/test_neo4j_push.py starts one",
    "linkwork --store other-store neo4j pull": "needs a Neo4j server (NEO4J_URI); tests/test_neo4j_push.py starts one",
    "linkwork sparql --format csv @queries/thresholds.rq": "reads the reader's own query file",
    "linkwork load --format oruk directory.json": "loads the reader's own file",
    "linkwork load aa-intergroup.json na-region.bmlt": "loads the reader's own files",
    "linkwork load --skip-invalid --report refused.csv council-feed.json": "loads the reader's own file",
    'linkwork load --replace "download (3).json"': "loads the reader's own file (tests/test_source_identity.py runs the case)",
}

#: examples that do not work yet, with the issue that owns them: reported as expected failures until fixed
KNOWN_BROKEN = {
}


#: options whose value is a file the example writes, not one it reads
OUTPUTS = {"-o", "--output", "--report", "--tabular"}
INPUT_SUFFIXES = (".json", ".ttl", ".xlsx", ".csv", ".bmlt", ".rq", ".nt", ".jsonld", ".trig", ".yaml")


def own_input(words: list[str], work: Path) -> str | None:
    """The first file or URL an example reads that a reader brings themselves (not in the working folder)."""
    for before, word in zip(["", *words], words):
        if before in OUTPUTS or word.startswith("-"):
            continue
        if word.startswith(("http://", "https://")):
            return word
        name = word.removeprefix("@")
        if (word.startswith("@") or name.endswith(INPUT_SUFFIXES)) and not (work / name).exists():
            return name
    return None


def examples(command: str) -> list[str]:
    """The example lines of one subcommand's --help, comments cut off."""
    text = CliRunner().invoke(cli, [command, "--help"], terminal_width=200).output
    lines = text.split("Examples:", 1)[1].splitlines() if "Examples:" in text else []
    out = []
    for line in lines[1:]:
        line = line.strip()
        if not line.startswith("linkwork"):
            if out and not line:
                break
            continue
        out.append(line.split("  #", 1)[0].strip())
    return out


ALL = [(c, e) for c in sorted(SUBCOMMANDS) for e in examples(c)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo store, and the workbook `linkwork template` writes, as a reader following the README has."""
    root = tmp_path_factory.mktemp("help-examples")
    store = root / "store"
    result = CliRunner().invoke(cli, ["--store", str(store), "init", "--demo"])
    assert result.exit_code == 0, result.output
    made = CliRunner().invoke(cli, ["template", "-o", str(root / "north.xlsx")])  # as template's example does
    assert made.exit_code == 0, made.output
    return store, root / "north.xlsx"


def test_every_subcommand_with_options_has_examples():
    assert {c for c, _ in ALL} >= {"gaps", "route", "init", "export", "template"}


@pytest.mark.parametrize(("command", "example"), ALL, ids=[e for _, e in ALL])
def test_the_example_works_on_the_demo_store(demo, command, example, monkeypatch, tmp_path):
    if example in NOT_RUN:
        pytest.skip(NOT_RUN[example])
    if example in KNOWN_BROKEN:
        pytest.xfail(KNOWN_BROKEN[example])
    store, workbook = demo
    work = tmp_path
    (work / "examples").symlink_to(REPO / "examples")
    if "-o north.xlsx" not in example:  # a workbook a reader made with `linkwork template` first
        (work / "north.xlsx").write_bytes(workbook.read_bytes())
    monkeypatch.chdir(work)
    words = shlex.split(example.replace("/tmp/lw", str(work / "other-store")))[1:]
    if "neo4j" in words:
        pytest.skip("needs a Neo4j server (NEO4J_URI); the neo4j tests start one")
    missing = own_input(words, work)
    if missing:
        pytest.skip(f"needs the reader's own input: {missing}")
    args = words if words[0] == "--store" else ["--store", str(store), *words]
    result = CliRunner().invoke(cli, args, env={**os.environ, "LINKWORK_STORE": str(store)})
    assert result.exit_code == 0, f"{example}\n{result.output}"
    if command == "gaps" and "--what-if" in example:
        assert "closes 0 cells, opens 0" not in result.output  # the example changes something


def run(store, *args):
    return CliRunner().invoke(cli, ["--store", str(store), *args])


@pytest.mark.parametrize(("args", "names"), [
    (["gaps", "--type", "bogus"], ["threshold", "critical-mass", "transition"]),
    (["gaps", "--domain", "bogus"], ["mental-health", "housing"]),
    (["gaps", "--rank-changes", "bogus"], ["mental-health"]),
    (["gaps", "--ladder", "bogus"], ["mental-health"]),
])
def test_a_flag_that_would_do_nothing_is_an_error_listing_what_it_takes(demo, args, names):
    result = run(demo[0], *args)
    assert result.exit_code == 2 and "0 findings" not in result.output
    assert all(n in result.output for n in names)


def test_rank_changes_gives_what_if_specs_that_work(demo):
    import json

    ranked = json.loads(run(demo[0], "gaps", "--rank-changes", "mental-health", "--json", "--date", "2026-11-24").output)
    assert len({r["what_if"] for r in ranked}) == len(ranked)  # no change listed twice
    top = ranked[0]
    assert top["services"] and all(s["areas"] for s in top["services"]) and top["areas_closed"]
    again = json.loads(run(demo[0], "gaps", "--what-if", top["what_if"], "--domain", "mental-health", "--json",
                           "--date", "2026-11-24").output)
    assert again[0]["cells_closed"] == top["cells_closed"] > 0
