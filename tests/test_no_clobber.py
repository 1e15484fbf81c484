"""`init` and `export` never delete or overwrite what is not theirs, and ask before wiping a store."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from linkwork.graph.store import Store

from linkwork.cli import cli

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"


def _run(*args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def _store(path: Path) -> Path:
    assert _run("--store", str(path), "load", str(MINI)).exit_code == 0
    return path


def _sources(path: Path) -> set[str]:
    s = Store(path, read_only=True)
    try:
        return {e.source for e in s.sources()}
    finally:
        s.close()


def _user_files(folder: Path) -> Path:
    folder.mkdir()
    (folder / "thesis.docx").write_text("years of work")
    (folder / "notes").mkdir()
    (folder / "notes" / "a.txt").write_text("more")
    return folder


@pytest.mark.parametrize("force", [True, False])
def test_init_never_touches_a_directory_that_is_not_a_store(tmp_path, force):
    folder = _user_files(tmp_path / "Documents")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    result = _run("--store", str(folder), "init", *(["--force", "--yes"] if force else []))
    assert result.exit_code == 2
    assert "is not a linkwork store" in result.stderr and str(folder) in result.stderr
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert (folder / "thesis.docx").read_text() == "years of work"


def test_load_never_writes_a_store_into_a_directory_of_other_files(tmp_path):
    folder = _user_files(tmp_path / "Documents")
    result = _run("--store", str(folder), "load", str(MINI))
    assert result.exit_code == 2 and "is not a linkwork store" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes", "thesis.docx"]


def test_init_force_asks_before_wiping_a_store(tmp_path):
    store = _store(tmp_path / "store")
    mini = {s for s in _sources(store) if "mini" in s}
    assert mini
    refused = _run("--store", str(store), "init", "--force", input="n\n")
    assert refused.exit_code == 2 and "was not deleted" in refused.stderr and "--yes" in refused.stderr
    assert "Delete the store at" in refused.output
    assert mini <= _sources(store)
    no_answer = _run("--store", str(store), "init", "--force")  # no terminal to answer: nothing deleted
    assert no_answer.exit_code == 2 and mini <= _sources(store)
    agreed = _run("--store", str(store), "init", "--force", input="y\n")
    assert agreed.exit_code == 0, agreed.output
    assert not mini & _sources(store)


def test_init_force_yes_wipes_a_store_without_asking(tmp_path):
    store = _store(tmp_path / "store")
    result = _run("--store", str(store), "init", "--force", "--yes")
    assert result.exit_code == 0, result.output
    assert "Delete the store" not in result.output
    assert not {s for s in _sources(store) if "mini" in s}


def test_init_without_force_keeps_the_store(tmp_path):
    store = _store(tmp_path / "store")
    before = _sources(store)
    assert _run("--store", str(store), "init").exit_code == 0
    assert _sources(store) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may delete files in a read-only directory, so the case cannot arise")
def test_init_force_on_a_read_only_store_is_a_clear_error(tmp_path):
    store = _store(tmp_path / "store")
    store.chmod(0o555)
    try:
        result = _run("--store", str(store), "init", "--force", "--yes")
    finally:
        store.chmod(0o755)
    assert result.exit_code == 2 and result.stderr.startswith("error: ")


@pytest.fixture(scope="module")
def exported_store(tmp_path_factory) -> Path:
    return _store(tmp_path_factory.mktemp("export") / "store")


@pytest.mark.parametrize("where", ["store/out.ttl", "store/sub/out.ttl"])
def test_export_never_writes_inside_the_store(exported_store, where):
    target = exported_store.parent / where
    before = sorted(p.name for p in exported_store.iterdir())
    result = _run("--store", str(exported_store), "export", "--format", "turtle", "-o", str(target), "--force")
    assert result.exit_code == 2 and "inside the store directory" in result.stderr
    assert sorted(p.name for p in exported_store.iterdir()) == before
    tab = _run("--store", str(exported_store), "export", "--format", "hsds", "--tabular", str(exported_store / "pkg"))
    assert tab.exit_code == 2 and not (exported_store / "pkg").exists()


def test_export_overwrites_a_file_only_with_force(exported_store, tmp_path):
    target = tmp_path / "out.ttl"
    target.write_text("mine")
    refused = _run("--store", str(exported_store), "export", "--format", "turtle", "-o", str(target))
    assert refused.exit_code == 2 and "give --force" in refused.stderr
    assert target.read_text() == "mine"
    forced = _run("--store", str(exported_store), "export", "--format", "turtle", "-o", str(target), "--force")
    assert forced.exit_code == 0 and "lw:Service" in target.read_text()


def test_export_tabular_into_a_non_empty_directory_needs_force(exported_store, tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "services.csv").write_text("mine")
    args = ["--store", str(exported_store), "export", "--format", "hsds", "--tabular", str(pkg)]
    refused = _run(*args)
    assert refused.exit_code == 2 and (pkg / "services.csv").read_text() == "mine"
    assert _run(*args, "--force").exit_code == 0
    assert (pkg / "services.csv").read_text().startswith("id,")


def test_a_load_report_is_never_written_inside_the_store(exported_store):
    before = sorted(p.name for p in exported_store.iterdir())
    result = _run("--store", str(exported_store), "load", "--report", str(exported_store / "r.json"), str(MINI))
    assert result.exit_code == 2 and "inside the store directory" in result.stderr
    assert sorted(p.name for p in exported_store.iterdir()) == before


def test_route_writes_nothing_anywhere(tmp_path):
    """A plan is computed in memory: `linkwork route`, run as its own process, creates or changes no file
    in the store, the working directory, the home directory or the temporary directory (issue 10)."""
    import subprocess
    import sys

    store = _store(tmp_path / "store")
    dirs = {name: tmp_path / name for name in ("home", "tmp", "cwd", "in")}
    for d in dirs.values():
        d.mkdir()
    profile = dirs["in"] / "person.yaml"
    profile.write_text("age: 30\narea: NT1\nneeds:\n  drugs: moderate\n", encoding="utf-8")

    def files() -> dict:
        return {p: (p.stat().st_size, p.stat().st_mtime_ns) for root in (store, *dirs.values()) for p in root.rglob("*")}

    before = files()
    env = {**os.environ, "HOME": str(dirs["home"]), "TMPDIR": str(dirs["tmp"]), "XDG_DATA_HOME": str(dirs["home"]),
           "XDG_CACHE_HOME": str(dirs["home"]), "LINKWORK_STORE": str(store)}
    linkwork = Path(sys.executable).parent / "linkwork"
    done = subprocess.run([str(linkwork), "route", "--json", str(profile)], cwd=dirs["cwd"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert '"needs"' in done.stdout
    assert files() == before


def test_init_demo_on_a_store_from_linkwork_0_1_says_how_to_start_again(tmp_path):
    """linkwork 0.1 named the demo's sources by file name; init --demo then stops and says what to do."""
    store = tmp_path / "store"
    s = Store(store)
    try:
        s.replace_source("urn:linkwork:source:file:areas.ttl", b'<urn:x:old> <urn:x:p> "old" .', "ntriples")
    finally:
        s.close()
    result = _run("--store", str(store), "init", "--demo")
    assert result.exit_code == 1
    assert "areas.ttl: the store holds a source named areas.ttl from an earlier linkwork" in result.stderr
    assert result.stderr.rstrip().endswith("linkwork init --demo --force")
    assert _sources(store) == {"urn:linkwork:source:file:areas.ttl", "urn:linkwork:source:ontology"}


def test_an_export_that_cannot_be_written_is_a_message_and_leaves_no_part_file(exported_store, tmp_path):
    missing = tmp_path / "no-such-folder" / "out.ttl"
    result = _run("--store", str(exported_store), "export", "--format", "turtle", "-o", str(missing))
    assert result.exit_code == 2 and result.stderr.startswith("error: cannot write") and not missing.parent.exists()
    target = tmp_path / "out.ttl"
    assert _run("--store", str(exported_store), "export", "--format", "turtle", "-o", str(target)).exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]  # no temporary file left beside it
