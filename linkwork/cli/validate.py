"""`linkwork validate`: SHACL checks with messages a commissioner can act on."""
from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True, path_type=Path))
@click.option("--format", "fmt", metavar="NAME", help="Format of the files, if it cannot be told from their names.")
@click.option("--standalone", is_flag=True, help="Check the files on their own, without the records already in the store.")
@click.pass_obj
def validate(obj, files: tuple[Path, ...], fmt: str | None, standalone: bool) -> None:
    """Check FILES against the linkwork shapes without storing anything.

    A FILE may be a commissioner workbook's folder of CSV sheets (as
    `linkwork template --csv` writes it); like `load --dry-run`, the check sees
    the records already in the store unless --standalone is given.

    Each problem is printed on one line: the file and line of the record, the
    record's label, the property, what was expected and what was found.
    Exit status is 1 when there are violations, 0 when there are none.

    \b
    Example:
      $ linkwork validate services.ttl
      services.ttl:12: service 'Detox unit' (ex:detox): lw:providedBy: a service must
      say which organisation provides it (lw:providedBy an lw:Organisation); found nothing
    """
    from linkwork.errors import SourceErrors
    from linkwork.graph.store import Store, has_database
    from linkwork.loaders.pipeline import load_sources

    store = Store() if standalone or not has_database(obj.store_path) else obj.core(read_only=True).store
    try:
        reports = load_sources(store, files, fmt=fmt, dry_run=True)
    except SourceErrors as exc:
        for p in exc.problems:
            click.echo(str(p))
        n = len(exc.problems)
        click.echo(f"{n} violation{'s' if n != 1 else ''}", err=True)
        raise click.exceptions.Exit(1) from exc
    for r in reports:
        click.echo(f"{r.path}: conforms ({r.triples} statements)")
        for w in r.warnings:
            click.echo(f"  warning: {w}")
