"""Where a command may write its output: never inside the store, and over an existing file only when told."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

__all__ = ["check_output", "write_whole"]


def check_output(target: Path, store: Path, *, force: bool = False, overwrite_ok: bool = False) -> None:
    """Refuse ``target`` if it is in the store directory, or (unless ``force`` or ``overwrite_ok``) a file
    or non-empty directory that already exists, as `template` does.

    Raises
    ------
    click.UsageError
        saying which, and what to do instead.
    """
    where, home = target.resolve(), store.resolve()
    if where == home or home in where.parents:
        raise click.UsageError(f"{target} is inside the store directory {store}; write it somewhere else")
    if force or overwrite_ok:
        return
    if target.is_dir():
        if any(target.iterdir()):
            raise click.UsageError(f"{target} is not empty; give --force to overwrite the files in it")
    elif target.exists() or target.is_symlink():
        raise click.UsageError(f"{target} exists; give --force to overwrite it")


def write_whole(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` all at once: into a temporary file beside it, then renamed over it, so a
    full disk or an interrupted write leaves the old file (or none), never half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
