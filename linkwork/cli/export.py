"""`linkwork export`: the store's data in the formats others read."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

FORMATS = ["hsds", "oruk", "turtle", "jsonld", "geojson", "meeting-guide"]


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="hsds or oruk: a JSON array of full service records; turtle or jsonld: the graph; "
                   "geojson: services, meetings, assets and touchpoints as points; meeting-guide: meetings as a feed.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
@click.option("--tabular", type=click.Path(file_okay=False, path_type=Path),
              help="hsds or oruk only: write a tabular data package (CSV files and datapackage.json) to this directory.")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Apply dated rules as on this day (default: today).")
@click.option("--force", is_flag=True, help="Overwrite an existing --output file (or files in the --tabular directory).")
@click.pass_obj
def export(obj, fmt: str, output: Path | None, tabular: Path | None, on, force: bool) -> None:
    """Export the loaded data.

    Confidential locations (refuges, some recovery houses) are exported as
    their area only, in every format. HSDS and ORUK records are validated
    against the official schemas before they are written.

    \b
    Examples:
      linkwork export --format hsds -o services.json
      linkwork export --format oruk --tabular oruk-package/
      linkwork export --format geojson -o map.geojson
      linkwork export --format meeting-guide

    An existing file is overwritten only with --force, and nothing is ever
    written inside the store directory.
    """
    from linkwork.api.export import export as run

    if tabular is not None and fmt not in ("hsds", "oruk"):
        raise click.UsageError("--tabular is for --format hsds or oruk")
    from linkwork.cli.outputs import check_output

    for target in (output, tabular):
        if target is not None:
            check_output(target, obj.store_path, force=force)
    from linkwork.cli.progress import progress_bar

    core = obj.core(read_only=True)
    with progress_bar() as update:
        text = run(core.store, fmt, on=on.date() if on else date.today(), tabular=tabular, progress=update)
    if output is not None:
        from linkwork.cli.outputs import write_whole

        try:
            write_whole(output, text)
        except OSError as exc:
            from linkwork.errors import LinkworkError

            raise LinkworkError(f"cannot write {output}: {exc.strerror or exc}") from exc
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)

