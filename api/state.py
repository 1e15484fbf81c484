"""What the web app computes from the store, built once per store version, off the request path.

The compiled model (and every view the routers declare, such as the ORUK
records: a router module's ``VIEWS``, name -> ``builder(core, model)``) is built
in a background thread when the app starts and again whenever the store's
version changes. Until a build is done, :meth:`ModelState.snapshot` raises
:class:`~linkwork.api.problems.NotReady`, which the app answers with 503 and
``Retry-After``: a request never waits minutes on a build, and ``/health`` says
what is happening. Views hold the rules in force on the day they were built, so
on a new day the snapshot is rebuilt too, yesterday's being served meanwhile.

A router reads the current snapshot through the ``snapshot`` dependency
(:func:`linkwork.api.deps.snapshot`), never by calling ``core.model`` itself.
"""
from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from linkwork.api.problems import NotReady

from linkwork.core import Core, collector_paused

__all__ = ["ModelState", "Snapshot", "ViewBuilder"]

log = logging.getLogger("linkwork.api")

#: builds one view served from memory (e.g. every ORUK record, indexed) from the core and its model.
ViewBuilder = Callable[[Core, Any], Any]


@dataclass(frozen=True)
class Snapshot:
    """The model and views of one store version; immutable, so requests share it without locks."""

    version: int
    model: Any
    views: dict[str, Any] = field(default_factory=dict)
    built_at: float = 0.0
    build_seconds: float = 0.0
    #: the day the views were built for: rules in force are dated, so a new day means a rebuild
    built_on: date = field(default_factory=date.today)

    def view(self, name: str) -> Any:
        return self.views[name]


class ModelState:
    """Builds snapshots of ``core`` in the background and hands out the current one."""

    def __init__(self, core: Core, views: dict[str, ViewBuilder] | None = None, *, retry_after: int = 2):
        self.core = core
        self.views = dict(views or {})
        self.retry_after = retry_after
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._error: str | None = None

    # ------------------------------------------------------------------ serving
    def snapshot(self) -> Snapshot:
        """The snapshot of the store's current version; starts a build and raises NotReady if there is none.

        Yesterday's snapshot of the current version is still served while today's builds.
        """
        snap = self._snapshot
        if snap is not None and snap.version == self.core.store.version:
            if snap.built_on != date.today():
                self.start()
            return snap
        self.start()
        raise NotReady(self.retry_after)

    def _current(self, snap: Snapshot | None) -> bool:
        return snap is not None and snap.version == self.core.store.version and snap.built_on == date.today()

    def status(self) -> dict:
        """What ``/health`` reports: ``ready``, ``building`` or ``failed``, with the versions."""
        snap, version = self._snapshot, self.core.store.version
        building = self._thread is not None and self._thread.is_alive()
        if snap is not None and snap.version == version:
            state = "ready"
        elif self._error and not building:
            state = "failed"
        else:
            state = "building"
        out: dict = {"status": state, "store_version": version}
        if snap is not None:
            out.update(model_version=snap.version, build_seconds=round(snap.build_seconds, 3))
        if state == "failed":
            out["detail"] = self._error
        return out

    # ------------------------------------------------------------------ building
    def start(self) -> None:
        """Start a background build unless one is running (or the snapshot is current)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            if self._current(self._snapshot):
                return
            self._thread = threading.Thread(target=self._build_logged, name="linkwork-model-build", daemon=True)
            self._thread.start()

    def build_now(self) -> Snapshot:
        """Build in the calling thread (for ``serve --get`` and tests) and return the snapshot."""
        self.start()
        t = self._thread
        if t is not None:
            t.join()
        if not self._current(self._snapshot):
            self._build()
        assert self._snapshot is not None
        return self._snapshot

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the running build; whether a current snapshot exists afterwards."""
        t = self._thread
        if t is not None:
            t.join(timeout)
        snap = self._snapshot
        return snap is not None and snap.version == self.core.store.version

    def _build_logged(self) -> None:
        try:
            self._build()
            self._error = None
        except Exception as exc:  # reported by /health; requests keep getting 503
            log.exception("building the model failed")
            self._error = f"building the model failed: {type(exc).__name__}"

    def _build(self) -> None:
        t0 = time.perf_counter()
        while True:
            day = date.today()
            version = self.core.store.version
            model = self.core.model
            with collector_paused():  # objects built to last; the collector only rescans them (6,000 services: 36 s -> 30 s)
                views = {name: build(self.core, model) for name, build in self.views.items()}
            gc.freeze()
            if version == self.core.store.version and day == date.today():  # else the store (or day) changed: again
                break
        dt = time.perf_counter() - t0
        self._snapshot = Snapshot(version, model, views, time.time(), dt, day)
        log.info("model of store version %s built in %.2f s", version, dt)
