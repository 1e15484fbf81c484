"""A progress display that appears only for work longer than a second."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

__all__ = ["progress_bar"]


@contextmanager
def progress_bar(enabled: bool = True, delay: float = 1.0) -> Iterator:
    """Yield ``update(stage, done, total)``; a bar shows on stderr once work passes ``delay`` seconds."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda stage, done, total: None
        return
    start = time.monotonic()
    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                   console=console, transient=True)
    task = bar.add_task("starting", total=None)
    shown = False

    def update(stage: str, done: int, total: int) -> None:
        nonlocal shown
        if not shown and time.monotonic() - start > delay:
            bar.start()
            shown = True
        bar.update(task, description=stage, completed=done, total=total or None)

    try:
        yield update
    finally:
        if shown:
            bar.stop()
