"""Who may use a store at once: one writer at a time, and no reader beside a write.

Oxigraph (RocksDB underneath) lets one process open a store for writing and
fails any second one at once ("LOCK: Resource temporarily unavailable"); it
calls a read-only open while another process writes "undefined behaviour".
So linkwork keeps two advisory locks (``flock``) in the store directory:

- ``linkwork-write.lock``, held exclusively by a command that will change the
  store (``load``, ``init``), for as long as it runs: loads queue one behind
  the other instead of failing;
- ``linkwork-read.lock``, held shared by every process that has the database
  open read-only (readers, ``validate``, ``load --dry-run``, and a load while
  it is still parsing), and exclusively by the one process that has it open for
  writing, only while it writes. A reader therefore sees the store as it was
  before a load or as it is after, never half of one.

Waiting is bounded and shown: ``acquire`` calls ``say`` once with what it is
waiting for, and gives up after ``wait`` seconds with a message naming the
store and what to do.

>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> held = acquire(d / "linkwork-write.lock", shared=False, wait=0, store=d, purpose="load")
>>> acquire(d / "linkwork-write.lock", shared=False, wait=0, store=d, purpose="load")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
linkwork.errors.StoreLocked: the store at ... is in use by another linkwork command (pid ...: load); ...
>>> held.release()
>>> acquire(d / "linkwork-write.lock", shared=False, wait=0, store=d, purpose="load").release()
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from linkwork.errors import StoreLocked

__all__ = ["Held", "acquire", "WRITE_LOCK", "READ_LOCK", "DEFAULT_WAIT"]

WRITE_LOCK = "linkwork-write.lock"
READ_LOCK = "linkwork-read.lock"

#: Seconds a command waits for another one to finish with the store, unless --wait says otherwise.
DEFAULT_WAIT = 30.0

_POLL = 0.05


class Held:
    """One lock this process holds; released by :meth:`release` or when the object is collected."""

    def __init__(self, fh, shared: bool):
        self._fh = fh
        self.shared = shared

    def convert(self, *, shared: bool, wait: float, store: Path, purpose: str,
                say: Callable[[str], None] | None = None) -> None:
        """Change between shared and exclusive (flock's conversion lets go first, so this waits like acquire)."""
        if self._fh is None or shared == self.shared:
            return
        _wait_for(self._fh, shared, wait, store, purpose, say)
        self.shared = shared

    def release(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                if not self.shared:
                    self._fh.truncate(0)  # nobody holds it now
                fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __del__(self) -> None:
        self.release()


def acquire(path: Path, *, shared: bool, wait: float, store: Path, purpose: str,
            say: Callable[[str], None] | None = None) -> Held:
    """Take the lock at ``path`` (creating the file), waiting at most ``wait`` seconds.

    A shared lock on a store that cannot be written to (a read-only disk, another
    user's files) is not taken: nobody can be writing there through this file either.

    Raises
    ------
    StoreLocked
        when the wait ran out; the message names the store, the holder and what to do.
    """
    try:
        fh = open(path, "a+b")  # noqa: SIM115 - held open for as long as the lock is
    except OSError as exc:
        if shared:
            return Held(None, shared)
        from linkwork.errors import StoreError

        raise StoreError(f"cannot lock the store at {store} for writing: {exc.strerror or exc}") from exc
    try:
        _wait_for(fh, shared, wait, store, purpose, say)
    except BaseException:
        fh.close()
        raise
    if not shared:  # say who holds it, for the message another command shows while it waits
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()} {purpose}\n".encode())
            fh.flush()
    return Held(fh, shared)


def _wait_for(fh, shared: bool, wait: float, store: Path, purpose: str, say: Callable[[str], None] | None) -> None:
    mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
    deadline = time.monotonic() + max(wait, 0.0)
    told = False
    while True:
        try:
            fcntl.flock(fh, mode)
            return
        except BlockingIOError:
            pass
        holder = _holder(store, fh.name, shared)
        if time.monotonic() >= deadline:
            waited = f" after waiting {wait:g} s" if wait > 0 else ""
            raise StoreLocked(
                f"the store at {store} is in use by another linkwork command ({holder}){waited}; "
                f"let it finish and run this again, or give --wait SECONDS to wait longer"
            )
        if not told and say is not None:
            say(f"waiting up to {wait:g} s for the store at {store}: in use by another linkwork command "
                f"({holder}) (--wait SECONDS to change)")
            told = True
        time.sleep(_POLL)


def _holder(store: Path, lock: str, shared: bool) -> str:
    """Who is in the way: 'pid 123: load' from the write lock's file, or what kind of command it is."""
    if Path(lock).name == READ_LOCK and not shared:
        return "reading it; a running `linkwork serve` reads it until it is stopped"
    try:
        text = (store / WRITE_LOCK).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    pid, _, purpose = text.partition(" ")
    if pid.isdigit() and purpose:
        return f"pid {pid}: {purpose}"
    return "writing to it"
