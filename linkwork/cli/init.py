"""`linkwork init`: create a store with the ontology, optionally the illustrative Lancashire graph."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import click

from linkwork.cli.progress import progress_bar


@click.command()
@click.option("--demo", is_flag=True, help="Also load the illustrative Lancashire graph (made-up data that reproduces the gaps the sources describe).")
@click.option("--force", is_flag=True, help="Delete an existing store at that location first.")
@click.pass_obj
def init(obj, demo: bool, force: bool) -> None:
    """Create the embedded store and load the ontology into it.

    \b
    Examples:
      linkwork init --demo
      linkwork --store /tmp/lw init --demo --force
    """
    from linkwork.data import lancashire_files
    from linkwork.loaders.pipeline import ensure_ontology, load_sources

    path = obj.store_path
    if force and (path.exists() or path.is_symlink()):
        _wipe(path)
    core = obj.core()
    ensure_ontology(core.store)
    click.echo(f"store: {path}")
    if demo:
        with progress_bar() as update:
            reports = load_sources(core.store, lancashire_files(), fmt="turtle", progress=update)
        for r in reports:
            state = "loaded" if r.changed else "unchanged"
            click.echo(f"  {r.path.name}: {r.triples} statements ({state})")
        click.echo("The Lancashire graph is illustrative: it reproduces what the research sources describe, "
                   "citing file and line, and is not a real directory.")
    click.echo(f"{core.store.count()} statements in {len(core.store.sources())} sources")


def _wipe(path: Path) -> None:
    """Delete the store at ``path`` for --force: never through a symbolic link, and an OS refusal is a message."""
    from linkwork.errors import StoreError

    if path.is_symlink():
        raise StoreError(f"--store {path} is a symbolic link (to {os.readlink(path)}); --force never deletes "
                         f"through a link: give the directory itself, --store {path.resolve()}")
    try:
        shutil.rmtree(path)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(path) else ""
        raise StoreError(f"cannot delete the store at {path} for --force: {exc.strerror or exc}{where}; "
                         f"check that it is yours and on a writable disk") from exc
