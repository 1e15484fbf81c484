"""`linkwork init`: create a store with the ontology, optionally the illustrative Lancashire graph."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import click

from linkwork.cli.progress import progress_bar
from linkwork.errors import SourceErrors, StoreError


@click.command()
@click.option("--demo", is_flag=True, help="Also load the illustrative Lancashire graph (made-up data that reproduces the gaps the sources describe).")
@click.option("--force", is_flag=True, help="Delete the linkwork store at that location first (asks unless --yes); "
              "a directory that is not a linkwork store is never deleted.")
@click.option("--yes", "-y", is_flag=True, help="With --force: delete without asking.")
@click.pass_obj
def init(obj, demo: bool, force: bool, yes: bool) -> None:
    """Create the embedded store and load the ontology into it.

    Without --force an existing store is kept and brought up to date (the
    ontology, and with --demo the illustrative graph, are loaded again; unchanged
    sources change nothing). linkwork writes a store only into a new or empty
    directory, or one that already holds a linkwork store.

    \b
    Examples:
      linkwork init --demo
      linkwork --store /tmp/lw init --demo --force --yes
    """
    from linkwork.data import lancashire_files
    from linkwork.loaders.pipeline import ensure_ontology, load_sources

    path = obj.store_path
    if force:
        _wipe(path, yes, obj.wait)
    core = obj.core()
    ensure_ontology(core.store)
    click.echo(f"store: {path}")
    if demo:
        try:
            with progress_bar() as update:
                reports = load_sources(core.store, lancashire_files(), fmt="turtle", progress=update)
        except SourceErrors as exc:  # a store made by an older linkwork, say: nothing was stored
            for p in exc.problems:
                click.echo(str(p), err=True)
            click.echo(f"{len(exc.problems)} errors; nothing was stored. To start this store again with the "
                       f"illustrative graph: linkwork init --demo --force", err=True)
            raise click.exceptions.Exit(1) from exc
        for r in reports:
            state = "loaded" if r.changed else "unchanged"
            click.echo(f"  {r.path.name}: {r.triples} statements ({state})")
        click.echo("The Lancashire graph is illustrative: it reproduces what the research sources describe, "
                   "citing file and line, and is not a real directory.")
    click.echo(f"{core.store.count()} statements in {len(core.store.sources())} sources")


def _wipe(path: Path, yes: bool, wait: float = 0.0) -> None:
    """Empty the store directory ``path``, after asking; never through a symbolic link.

    Raises
    ------
    StoreError
        if ``path`` is anything but a linkwork store, the store is in use, or it cannot be deleted.
    """
    from linkwork.graph.store import Store, is_store_dir

    if path.is_symlink():
        raise StoreError(f"--store {path} is a symbolic link (to {os.readlink(path)}); --force never deletes "
                         f"through a link: give the directory itself, --store {path.resolve()}")
    if not path.exists():
        return
    if not path.is_dir():
        raise StoreError(f"{path} is a file, not a store directory: not deleted")
    if not any(path.iterdir()):
        return
    if not is_store_dir(path):
        shown = ", ".join(sorted(p.name for p in path.iterdir())[:5])
        raise StoreError(f"{path} is not a linkwork store (it holds {shown}...): not deleted. "
                         f"--force only replaces a linkwork store; give --store a new or empty directory")
    from linkwork.cli import _note

    # open for writing: waits (up to --wait) for any other linkwork command using the store, readers
    # such as a running `linkwork serve` included, and fails with a message naming it
    store = Store(path, wait=wait, say=_note, purpose="linkwork init --force")
    try:
        store.make_writable()
        sources, statements, foreign = store.sources(), store.count(), store.has_foreign_data()
    finally:
        store.close()
    if foreign:
        raise StoreError(f"{path} is a database holding data that is not linkwork's: not deleted")
    if not yes:
        try:
            click.confirm(f"Delete the store at {path} ({statements} statements in {len(sources)} sources) and start again?",
                          abort=True)
        except click.Abort:
            click.echo("", err=True)
            raise StoreError(f"the store at {path} was not deleted (give --yes to delete it without asking)") from None
    try:
        shutil.rmtree(path)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(path) else ""
        raise StoreError(f"cannot delete the store at {path} for --force: {exc.strerror or exc}{where}; "
                         f"check that it is yours and on a writable disk") from exc

