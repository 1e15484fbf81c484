"""`linkwork template`: the blank commissioner workbook, with one worked example per sheet."""
from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("linkwork-workbook.xlsx"), show_default=True,
              help="Where to write the workbook (.xlsx), or a directory with --csv.")
@click.option("--csv", "as_csv", is_flag=True, help="Write the same sheets as CSV files into the --output directory.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def template(output: Path, as_csv: bool, force: bool) -> None:
    """Write the commissioner workbook template.

    One sheet per table (organisations, services, locations, eligibility,
    exclusions, referral_routes, meetings, community_assets), each with its
    header, a note on every column and one worked example row, plus a guide
    sheet. Fill it in a spreadsheet program and load it with `linkwork load`.

    \b
    Examples:
      linkwork template -o north.xlsx
      linkwork template --csv -o north-workbook/
      linkwork load --dry-run north.xlsx
    """
    from linkwork.loaders.workbook import write_template

    if output.exists() and not force and not (as_csv and output.is_dir() and not any(output.iterdir())):
        raise click.UsageError(f"{output} exists; give --force to overwrite it")
    for f in write_template(output, csv_folder=as_csv):
        click.echo(f"wrote {f}")
