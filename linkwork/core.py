"""The one object the CLI and the web app share: the store and what is compiled from it."""
from __future__ import annotations

import gc
import os
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir

from linkwork.graph.store import Store

__all__ = ["Core", "default_store_path", "collector_paused"]


def default_store_path() -> Path:
    """``$LINKWORK_STORE``, else a per-user data directory (``~/.local/share/linkwork/store`` on Linux)."""
    env = os.environ.get("LINKWORK_STORE")
    return Path(env) if env else Path(user_data_dir("linkwork")) / "store"


class Core:
    """The store plus the model compiled from it, rebuilt only when the store changes."""

    def __init__(self, store: Store):
        self.store = store
        self._model = None
        self._model_version = -1

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False, wait: float = 0.0,
             say: Callable[[str], None] | None = None, purpose: str = "a write") -> Core:
        """Open the store at ``path`` (``None``: in memory), waiting up to ``wait`` seconds for its locks."""
        return cls(Store(path, read_only=read_only, wait=wait, say=say, purpose=purpose))

    def close(self) -> None:
        """Let go of the store (and, for other backends, their connections)."""
        self.store.close()

    @property
    def model(self):
        """The compiled model (services, rules, routes...) for the engines; cached per store version."""
        from linkwork.graph.area_pools import prepare
        from linkwork.graph.compile import compile_model

        if self._model is None or self._model_version != self.store.version:
            with collector_paused():
                self._model = compile_model(self.store)
                self._model_version = self.store.version
                prepare(self._model)  # the navigator's per-area layouts, frozen with the rest below
            # The model is millions of long-lived objects: keep the cyclic garbage collector from
            # rescanning them during queries (measured: full collections made p95 plans 4x p50).
            gc.freeze()
        return self._model


@contextmanager
def collector_paused():
    """No cyclic garbage collection while the model is built: it would only rescan, again and
    again, the millions of objects being built to last (prepare at 200k services: 22 s -> ~2 s)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
