"""What an endpoint may ask for: the core, and the current snapshot of the model (503 while it builds)."""
from __future__ import annotations

from fastapi import Request
from linkwork.api.state import ModelState, Snapshot

from linkwork.core import Core

__all__ = ["core", "state", "snapshot"]


def core(request: Request) -> Core:
    """The :class:`~linkwork.core.Core` the app was built over."""
    return request.app.state.core


def state(request: Request) -> ModelState:
    return request.app.state.model_state


def snapshot(request: Request) -> Snapshot:
    """The model and views of the store's current version; raises NotReady (503) while they build."""
    return request.app.state.model_state.snapshot()
