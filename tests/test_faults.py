"""Faults on a real process: a `linkwork load` killed at every stage, a full disk, two loads at once,
readers during a load. The store must always hold exactly its old content or exactly its new.

Kill points are chosen deterministically: ``LINKWORK_TEST_PAUSE_AT`` makes the loader print a marker
and wait at a named stage (see linkwork/graph/checkpoints.py), and the test kills it there; the one
kill inside a bulk write is aimed by watching the bulk files Oxigraph writes appear in the store.
"""
from __future__ import annotations

import hashlib
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, PREFIXES, PROV
from linkwork.graph.checkpoints import ENV as PAUSE_AT
from linkwork.graph.namespaces import GRAPH_PREFIX
from linkwork.graph.store import LARGE_RECLAIM, Store
from linkwork.loaders.readable import MAX_SOURCE_BYTES

LINKWORK = [sys.executable, "-c", "from linkwork.cli import main; main()"]

#: Services in the generated second source: big.nt is large enough that its bulk write can be caught
#: half done and that it fills a small disk, and over loaders/rdf.py's BULK_BYTES, so that it is checked
#: by Oxigraph in bulk (a small one, checked by pyshacl, would make every test here slower).
SERVICES = {"big": 1200}


# -- running linkwork ----------------------------------------------------------------------------

def linkwork(store: Path, *args: str, wait: float = 0) -> subprocess.CompletedProcess:
    """Run one command to its end; --wait 0 unless told, so nothing here waits by accident."""
    return subprocess.run([*LINKWORK, "--store", str(store), "--wait", str(wait), *args],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


class Paused:
    """A linkwork process stopped at a named stage, to be killed or let go."""

    def __init__(self, store: Path, *args: str, stage: str, wait: float = 0):
        self.proc = subprocess.Popen([*LINKWORK, "--store", str(store), "--wait", str(wait), *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env={**os.environ, PAUSE_AT: stage})
        self.stderr = read_until(self.proc, f"linkwork-test: paused at {stage}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        assert self.proc.returncode == -signal.SIGKILL

    def resume(self) -> subprocess.CompletedProcess:
        out, err = self.proc.communicate(b"\n", timeout=120)
        return subprocess.CompletedProcess(self.proc.args, self.proc.returncode, out.decode(), self.stderr + err.decode())


def read_until(proc: subprocess.Popen, marker: str, timeout: float = 60) -> str:
    """What ``proc`` wrote on stderr up to and including the line holding ``marker``."""
    assert proc.stderr is not None
    seen = b""
    deadline = time.monotonic() + timeout
    while marker.encode() not in seen:
        ready, _, _ = select.select([proc.stderr], [], [], max(deadline - time.monotonic(), 0))
        if not ready:
            proc.kill()
            pytest.fail(f"no {marker!r} within {timeout} s; stderr so far:\n{seen.decode()}")
        chunk = os.read(proc.stderr.fileno(), 65536)
        if not chunk:
            pytest.fail(f"exited ({proc.wait()}) before {marker!r}:\n{seen.decode()}")
        seen += chunk
    return seen.decode()


# -- what a store holds ----------------------------------------------------------------------------

def exact(store: Path) -> str:
    """A hash of every live quad and of the catalogue as it is (graph names, load times): unchanged means unchanged."""
    s = Store(store, read_only=True)
    try:
        lines = sorted(str(q) for q in s.quads()) + [repr(e) for e in s.sources()]
    finally:
        s.close()
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def content(store: Path) -> str:
    """A hash of what every live source says, whichever graph holds it: equal across two stores loaded alike."""
    s = Store(store, read_only=True)
    try:
        lines = [f"{e.source} {e.content_hash} {e.triples}" for e in s.sources()]
        for q in s.quads():
            terms = ("_:b" if t.__class__.__name__ == "BlankNode" else str(t) for t in (q.subject, q.predicate, q.object))
            lines.append(" ".join(terms))
    finally:
        s.close()
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def leftovers(store: Path) -> tuple[list[str], list[str]]:
    """Bulk files, and graphs no catalogue entry points to: what a killed load may leave behind."""
    s = Store(store, read_only=True)
    try:
        live = {e.graph for e in s.sources()}
        dead = [g.value for g in s._ox.named_graphs() if g.value.startswith(GRAPH_PREFIX) and g.value not in live]
    finally:
        s.close()
    return sorted(p.name for p in store.glob("bulk-*.sst")), dead


# -- the sources and stores, made once ---------------------------------------------------------------

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Sources (a.ttl in an old and a new version, big.nt generated), a store holding the old a.ttl,
    and what a store holds after `load a.ttl big.nt` succeeds."""
    root = tmp_path_factory.mktemp("faults")
    src = root / "sources"
    src.mkdir()
    for name, services in SERVICES.items():
        done = linkwork(root / "unused", "synth", "--services", str(services), "--output", str(root / name))
        assert done.returncode == 0, done.stderr
        shutil.move(root / name / "synth.nt", src / f"{name}.nt")
    a = src / "a.ttl"
    other = src / "other.ttl"
    other.write_text(PREFIXES + f'ex:other-org a lw:Organisation ; rdfs:label "Other org"@en ; {PROV} .\n',
                     encoding="utf-8")
    mini = (FIXTURES / "mini.ttl").read_text(encoding="utf-8")
    a.write_text(mini, encoding="utf-8")
    base = root / "base"
    assert linkwork(base, "load", str(a)).returncode == 0
    a.write_text(mini + f'\nex:new-org a lw:Organisation ; rdfs:label "New org"@en ; {PROV} .\n', encoding="utf-8")
    world = {"root": root, "a": a, "other": other, "base": base, "old": exact(base), "old_content": content(base)}
    for name in SERVICES:
        new = root / f"new-{name}"
        shutil.copytree(base, new)
        done = linkwork(new, "load", str(a), str(src / f"{name}.nt"))
        assert done.returncode == 0, done.stderr
        world.update({name: src / f"{name}.nt", f"new-{name}": new, f"new_content-{name}": content(new)})
    return world


@pytest.fixture
def store(world, tmp_path) -> Path:
    """A copy of the store holding the old a.ttl, for one test to break."""
    path = tmp_path / "store"
    shutil.copytree(world["base"], path)
    return path


def retry_succeeds(world, store: Path, second: str = "big") -> subprocess.CompletedProcess:
    done = linkwork(store, "load", str(world["a"]), str(world[second]))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert content(store) == world[f"new_content-{second}"]
    assert leftovers(store) == ([], [])
    return done


# -- killed ----------------------------------------------------------------------------------------

#: Every stage of a load before its one switching transaction (see linkwork/graph/checkpoints.py). For
#: `load a.ttl big.nt`, write:2 is the second source: a.ttl is written by then, but not live.
BEFORE_SWITCH = ["validated", "writable", "write:1", "write:2", "write:3", "switch"]


def test_a_load_killed_before_the_switch_leaves_exactly_the_old_store(world, store):
    """Killed at each stage in turn, on the same store (each kill also meets what the last one left)."""
    for stage in BEFORE_SWITCH:
        Paused(store, "load", str(world["a"]), str(world["big"]), stage=stage).kill()
        assert exact(store) == world["old"], f"killed at {stage}, the store changed"
    retry_succeeds(world, store)


def test_a_load_killed_after_the_switch_holds_exactly_the_new(world, store):
    Paused(store, "load", str(world["a"]), str(world["big"]), stage="switched").kill()
    assert content(store) == world["new_content-big"]  # the old versions are not dropped yet, but not live either
    retry_succeeds(world, store)


def test_a_load_killed_inside_the_bulk_write_of_its_second_source(world, store):
    """Killed while Oxigraph writes big.nt's bulk files: the store is the old one, and the next load
    sweeps the files (saying how much it reclaimed when that is over a megabyte)."""
    loading = Paused(store, "load", str(world["a"]), str(world["big"]), stage="write:2")
    assert loading.proc.stdin is not None
    loading.proc.stdin.write(b"\n")
    loading.proc.stdin.flush()
    while loading.proc.poll() is None and not any(store.glob("bulk-*.sst")):
        pass
    assert loading.proc.poll() is None, "the bulk write finished before it could be caught: make big.nt larger"
    loading.kill()
    assert exact(store) == world["old"]
    files, _ = leftovers(store)
    assert files, "the killed bulk write left no files: nothing was tested"
    size = sum((store / f).stat().st_size for f in files)
    done = retry_succeeds(world, store)
    if size >= LARGE_RECLAIM:
        assert f"note: swept {len(files)} unfinished bulk file" in done.stderr and "MB" in done.stderr, done.stderr


# -- two at once -----------------------------------------------------------------------------------

def test_a_second_load_waits_for_the_first_or_says_whose_turn_it_is(world, store):
    first = Paused(store, "load", str(world["a"]), str(world["big"]), stage="validated")
    impatient = linkwork(store, "load", "--wait", "0.3", str(world["other"]))  # overrides the global --wait 0
    assert impatient.returncode == 2
    assert impatient.stderr.startswith(f"note: waiting up to 0.3 s for the store at {store}")
    assert (f"error: the store at {store} is in use by another linkwork command "
            f"(pid {first.proc.pid}: linkwork load) after waiting 0.3 s; let it finish and run this again, "
            f"or give --wait SECONDS to wait longer") in impatient.stderr
    assert "Traceback" not in impatient.stderr
    patient = subprocess.Popen([*LINKWORK, "--store", str(store), "--wait", "60", "load", str(world["other"])],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    read_until(patient, "note: waiting up to 60 s")
    assert first.resume().returncode == 0
    out, err = patient.communicate(timeout=120)
    assert patient.returncode == 0, err
    assert b"other.ttl: turtle" in out and b"loaded" in out
    assert {e.source for e in _sources(store)} >= {_source(store, "a.ttl"), _source(store, "big.nt"),
                                                   _source(store, "other.ttl")}


def test_a_dry_run_and_validate_work_while_a_load_is_under_way(world, store):
    loading = Paused(store, "load", str(world["a"]), str(world["big"]), stage="validated")
    dry = linkwork(store, "load", "--dry-run", str(world["other"]))
    assert dry.returncode == 0, dry.stderr
    assert "valid (dry run)" in dry.stdout
    checked = linkwork(store, "validate", str(world["other"]))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert loading.resume().returncode == 0
    assert content(store) == world["new_content-big"]  # the dry run stored nothing


# -- readers ---------------------------------------------------------------------------------------

def summary_lines(done: subprocess.CompletedProcess) -> list[str]:
    """The summary's source lines without their load times."""
    assert done.returncode == 0, done.stderr
    return [line.split(", loaded")[0] for line in done.stdout.splitlines() if "statements, loaded" in line]


def test_readers_see_the_old_store_or_the_new_never_a_mixture(world, store, tmp_path):
    old = summary_lines(linkwork(world["base"], "summary"))
    new = summary_lines(linkwork(world["new-big"], "summary"))
    assert old != new

    reading = Paused(store, "load", str(world["a"]), str(world["big"]), stage="validated")
    assert summary_lines(linkwork(store, "summary")) == old  # parsing: readers read on
    assert reading.resume().returncode == 0
    assert summary_lines(linkwork(store, "summary")) == new

    shutil.rmtree(store)
    shutil.copytree(world["base"], store)
    for stage in ("write:2", "switched"):  # the database is open for writing: readers wait
        writing = Paused(store, "load", str(world["a"]), str(world["big"]), stage=stage)
        refused = linkwork(store, "summary", wait=0)
        assert refused.returncode == 2 and "is in use by another linkwork command" in refused.stderr, refused.stderr
        waiting = subprocess.Popen([*LINKWORK, "--store", str(store), "--wait", "60", "summary"],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        read_until(waiting, "note: waiting up to 60 s")
        if stage == "switched":
            writing.kill()  # after the switch, even a kill leaves the new store
        else:
            assert writing.resume().returncode == 0
        out, err = waiting.communicate(timeout=120)
        seen = summary_lines(subprocess.CompletedProcess(waiting.args, waiting.returncode, out.decode(), err.decode()))
        assert seen == new
        shutil.rmtree(store)
        shutil.copytree(world["base"], store)


def test_a_load_waits_for_a_long_reader_and_says_what_it_is(world, store):
    """A reader that keeps the store open (as `linkwork serve` does) holds off the load's writing only."""
    reader = Store(store, read_only=True)
    try:
        blocked = linkwork(store, "load", str(world["other"]), wait=0.3)
    finally:
        reader.close()
    assert blocked.returncode == 2, blocked.stdout + blocked.stderr
    assert (f"error: the store at {store} is in use by another linkwork command (reading it; a running "
            f"`linkwork serve` reads it until it is stopped) after waiting 0.3 s") in blocked.stderr
    assert "nothing was stored" in blocked.stderr and exact(store) == world["old"]
    assert linkwork(store, "load", str(world["other"])).returncode == 0


# -- a full disk -----------------------------------------------------------------------------------

@pytest.fixture
def small_disk(world, tmp_path):
    """A tmpfs mounted for the test (root only) with room for the old store and 2 MB more, not for big.nt."""
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a small filesystem, and mounting one needs root")
    mount = tmp_path / "big"
    mount.mkdir()
    room = sum(f.stat().st_size for f in world["base"].iterdir()) + 2_000_000
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={room // 1024 + 1}k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_fails_cleanly_changes_nothing_and_does_not_fill_up(world, small_disk):
    store = small_disk / "store"
    shutil.copytree(world["base"], store)
    sizes = []
    for _ in range(2):
        done = linkwork(store, "load", str(world["a"]), str(world["big"]))
        assert done.returncode == 2, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert "No space left on device" in done.stderr, done.stderr
        assert "nothing was stored: the store is as it was before this load" in done.stderr
        assert exact(store) == world["old"]
        assert leftovers(store)[0] == []  # the failed bulk write's files are gone at once
        sizes.append(sum(f.stat().st_size for f in store.iterdir() if f.is_file()))
    assert sizes[1] <= sizes[0] + 1_000_000, f"every retry fills the disk further: {sizes}"
    subprocess.run(["mount", "-o", "remount,size=80m", str(small_disk)], check=True)
    retry_succeeds(world, store)


# -- helpers -----------------------------------------------------------------------------------------

def _sources(store: Path):
    s = Store(store, read_only=True)
    try:
        return s.sources()
    finally:
        s.close()


def _source(store: Path, name: str) -> str:
    return next(e.source for e in _sources(store) if e.source.endswith(name) or name in e.source)


# -- what a load will not read, and a store it cannot write ----------------------------------------

def _in_process(*args: str):
    from click.testing import CliRunner

    from linkwork.cli import cli

    return CliRunner().invoke(cli, list(args))


def test_devices_fifos_and_huge_files_are_refused_before_reading(world, store, tmp_path):
    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    folder = tmp_path / "package"
    folder.mkdir()
    os.mkfifo(folder / "services.csv")
    huge = tmp_path / "huge.nt"
    with open(huge, "wb") as fh:  # sparse: no disk used, and never read
        fh.truncate(MAX_SOURCE_BYTES + 1)
    cases = [(["--format", "turtle", "/dev/zero"], "/dev/zero: not a regular file but a character device"),
             ([str(fifo)], f"{fifo}: not a regular file but a named pipe (FIFO)"),
             (["--format", "hsds", str(folder)], f"{folder}: services.csv: not a regular file but a named pipe (FIFO)"),
             ([str(huge)], f"{huge}: the file is 2.0 GB; linkwork reads sources up to 2 GB")]
    for args, message in cases:
        result = _in_process("--store", str(store), "load", *args)
        assert result.exit_code == 1, result.output
        assert message in result.stderr and "nothing was stored" in result.stderr, result.stderr
    assert exact(store) == world["old"]


def test_init_force_through_a_symbolic_link_is_refused(world, store, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(store)
    result = _in_process("--store", str(link), "init", "--force", "--yes")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --store {link} is a symbolic link (to {store}); --force never deletes "
                                    f"through a link: give the directory itself, --store {store}")
    assert exact(store) == world["old"]


def test_init_force_does_not_delete_a_store_being_read(world, store):
    reader = Store(store, read_only=True)  # as a running `linkwork serve` holds it
    try:
        refused = linkwork(store, "init", "--force", "--yes")
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert f"error: the store at {store} is in use by another linkwork command (reading it" in refused.stderr
        assert len(reader.sources()) == 2  # still there, still readable
    finally:
        reader.close()
    assert exact(store) == world["old"]


def test_a_read_only_disk_is_a_message_not_a_traceback(world, small_disk):
    store = small_disk / "store"
    shutil.copytree(world["base"], store)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    forced = linkwork(store, "init", "--force", "--yes")
    assert forced.returncode == 2 and "Traceback" not in forced.stderr, forced.stderr
    assert forced.stderr.startswith(f"error: cannot lock the store at {store} for writing: Read-only file system")
    loaded = linkwork(store, "load", str(world["other"]))
    assert loaded.returncode == 2 and "Read-only file system" in loaded.stderr and "Traceback" not in loaded.stderr
    assert summary_lines(linkwork(store, "summary")) == summary_lines(linkwork(world["base"], "summary"))
