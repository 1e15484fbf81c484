"""Named points in a load where a fault test can stop a real ``linkwork`` process.

Setting ``LINKWORK_TEST_PAUSE_AT`` to one stage name, or several separated by
commas, makes the process print ``linkwork-test: paused at STAGE`` on stderr
when it reaches that stage and wait for a line on stdin (or its end) before
going on. A test reads the marker and then kills the process exactly there, or
runs another command against the store meanwhile, instead of sleeping and
hoping. Unset, a checkpoint costs one dictionary look-up.

The stages of ``linkwork load``, in order:

``validated``
    every source parsed and checked; nothing written; the store is open read-only.
``writable``
    the database reopened for writing (readers now wait); left-overs swept.
``write:N``
    before writing the N-th source of the batch (1-based; the ontology comes last).
``switch``
    every source written, before the one transaction that makes them all live.
``switched``
    after it, before the superseded versions are dropped.

>>> checkpoint("validated")   # not asked for: returns at once
"""
from __future__ import annotations

import os
import sys

__all__ = ["checkpoint", "ENV"]

ENV = "LINKWORK_TEST_PAUSE_AT"


def checkpoint(stage: str) -> None:
    """Pause here if a test asked for ``stage`` (see the module docstring)."""
    wanted = os.environ.get(ENV)
    if not wanted or stage not in {s.strip() for s in wanted.split(",")}:
        return
    sys.stderr.write(f"linkwork-test: paused at {stage}\n")
    sys.stderr.flush()
    sys.stdin.readline()
