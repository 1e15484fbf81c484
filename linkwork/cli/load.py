"""`linkwork load`: bring sources in, atomically and idempotently."""
from __future__ import annotations

from pathlib import Path

import click

from linkwork.cli.progress import progress_bar

#: Warnings printed per source unless --all-warnings is given.
WARNINGS_SHOWN = 10


def _formats() -> list[str]:
    from linkwork.loaders import available

    return sorted(available())


class _Source(click.ParamType):
    """A file or directory that exists, or the http(s) URL of a feed to harvest."""

    name = "source"

    def convert(self, value, param, ctx):
        from linkwork.loaders.harvest import is_url

        if is_url(value):
            return str(value)
        return click.Path(exists=True, path_type=Path).convert(value, param, ctx)


@click.command()
@click.argument("sources", nargs=-1, required=True, type=_Source())
@click.option("--format", "fmt", metavar="NAME", help="Read every source in this format instead of detecting it "
              "from the file: turtle, ntriples, jsonld, trig, hsds, oruk, meeting-guide, bmlt or workbook.")
@click.option("--dry-run", is_flag=True, help="Parse and validate only; store nothing.")
@click.option("--source-iri", metavar="IRI", help="Identity of the source (one source only; default: the file's resolved "
              "path); reloading the same IRI replaces it.")
@click.option("--replace", is_flag=True, help="Allow replacing a source that was loaded from somewhere else (the same "
              "--source-iri from another file), or make a moved or renamed copy of a loaded source that source.")
@click.option("--skip-invalid", is_flag=True, help="Load every valid record and refuse the rest (each listed with "
              "where it is and why, and counted in the source's provenance); records that refer to a refused one go "
              "with it. Still all or nothing for what is kept; a problem with a whole file still refuses it.")
@click.option("--report", "report_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every refused record (or, if the load fails, every error) to FILE: CSV if it ends in .csv, else JSON.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, metavar="SECONDS",
              help="For a URL: how long to wait for each response.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True, metavar="N",
              help="For a URL: how many times to ask again after a network error, a timeout, 429 or 5xx (waiting "
              "0.5 s, then 1 s, 2 s...).")
@click.option("--max-pages", type=click.IntRange(min=1), metavar="N",
              help="For a paged Open Referral API: read only the first N pages (with a warning).")
@click.option("--wait", type=click.FloatRange(min=0), metavar="SECONDS",
              help="How long to wait for another load into the same store to finish (default: linkwork --wait, 30 s).")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.option("--all-warnings", is_flag=True, help=f"Print every warning (default: the first {WARNINGS_SHOWN} per source).")
@click.pass_obj
def load(obj, sources: tuple[Path | str, ...], fmt: str | None, dry_run: bool, source_iri: str | None, replace: bool,
         skip_invalid: bool, report_file: Path | None, timeout: float, retries: int, max_pages: int | None,
         wait: float | None, quiet: bool, all_warnings: bool) -> None:
    """Load SOURCES into the store.

    A source is an RDF file (Turtle, N-Triples, TriG, JSON-LD); Open Referral
    data (HSDS 3.0 or ORUK 3.0 JSON, Open Referral UK 1.0 pages as Placecube,
    Outpost and others publish them, or a directory of CSV tables); a Meeting
    Guide or BMLT meeting feed; or a commissioner workbook (.xlsx, or a
    directory of its CSV sheets; see `linkwork template`). The format is
    detected from the file; ORUK needs --format oruk, and the summary says
    which version and dialect was read.

    Each source becomes one named graph with its provenance. All sources are
    parsed and validated first (official JSON Schemas for HSDS and ORUK, SHACL
    for everything); if any has an error, every error is printed as
    `file:row-or-pointer: field: message` and nothing is stored. Warnings
    (unknown optional codes) do not block. Loading the same content again
    changes nothing; loading a changed source replaces it whole. Several
    sources in one load become live together, in one transaction, or not at
    all (also when the load is killed or the disk fills up).

    A source is identified by its file's resolved path (or --source-iri):
    loading the same file again replaces its old version; a file elsewhere
    is another source, even with the same name. A load that would replace a
    source loaded from elsewhere, or a copy with the same bytes as a loaded
    source, stops and says so; --replace lets it replace that source.
    `linkwork summary` shows where each source came from.

    Loads into one store take turns: a second load waits for the first (up to
    --wait seconds, shown), while a --dry-run, `validate` and readers need no
    write lock at all.

    With --skip-invalid, the records with errors are refused instead and the
    rest load (still in one transaction); --report FILE keeps the list.

    A source may be the http(s) URL of a feed: an HSDS or ORUK API (read page
    by page to the end, each service then asked for in full), a BMLT root
    server (through client_interface/json), or a Meeting Guide JSON feed. It
    is read whole before anything is parsed, with retries and a progress bar;
    the URL is the source's identity and the time it was read its retrieval
    time. A harvest that fails stores nothing.

    \b
    Examples:
      linkwork load services.ttl
      linkwork load --format oruk directory.json
      linkwork load aa-intergroup.json na-region.bmlt
      linkwork load --dry-run north.xlsx
      linkwork load --wait 600 national.nt
      linkwork load --skip-invalid --report refused.csv council-feed.json
      linkwork load --replace "download (3).json"
      linkwork load --format oruk https://directory.example.org/api/services
      linkwork load --format bmlt https://bmlt.example.org/main_server/
    """
    from linkwork.errors import SourceErrors
    from linkwork.loaders import get_loader
    from linkwork.loaders.pipeline import load_sources
    from linkwork.loaders.refusal_report import write_report

    if fmt:
        get_loader(fmt)  # unknown names fail here, with the list of known ones
    if report_file is not None:
        from linkwork.cli.outputs import check_output

        check_output(report_file, obj.store_path, overwrite_ok=True)  # a report is rewritten by each run
    from linkwork.graph.store import Store, has_database

    if wait is not None:
        obj.wait = wait
    # a dry run only reads: it takes no write lock, so it works while another load runs
    if dry_run:
        store = obj.core(read_only=True).store if has_database(obj.store_path) else Store()
    else:
        store = obj.core().store
    try:
        with progress_bar(not quiet) as update:
            reports = load_sources(store, sources, fmt=fmt, dry_run=dry_run, source_iri=source_iri, replace=replace,
                                   progress=update, skip_invalid=skip_invalid,
                                   http={"timeout": timeout, "retries": retries, "max_pages": max_pages})
    except SourceErrors as exc:
        for p in exc.problems:
            click.echo(str(p), err=True)
        n = len(exc.problems)
        click.echo(f"{n} error{'s' if n != 1 else ''}; nothing was stored.", err=True)
        for hint in exc.hints:
            click.echo(f"hint: {hint}", err=True)
        if report_file:
            write_report(report_file, [], exc.problems, stored=False)
        raise click.exceptions.Exit(1) from exc
    if report_file:
        write_report(report_file, reports, stored=not dry_run)
    if quiet:
        return
    for r in reports:
        verb = "valid (dry run)" if r.dry_run else ("loaded" if r.changed else "unchanged (same content already loaded)")
        click.echo(f"{r.path}: {r.format}, {r.triples} statements, {verb}")
        if r.dialect:
            click.echo(f"  read as {r.dialect}")
        if r.counts:
            click.echo("  " + ", ".join(f"{k}: {v}" for k, v in r.counts.items()))
        if r.refused:
            click.echo(f"  refused {len(r.refused)} of {r.records} records" + (f" (listed in {report_file})" if report_file else ""))
            listed = r.refused if all_warnings else r.refused[:WARNINGS_SHOWN]
            for x in listed:
                click.echo(f"  refused: {x.problems[0]}" + (f" (and {len(x.problems) - 1} more reasons)" if len(x.problems) > 1 else ""))
            if len(listed) < len(r.refused):
                click.echo(f"  ... and {len(r.refused) - len(listed)} more refused records (--report FILE lists them all)")
        shown = r.warnings if all_warnings else r.warnings[:WARNINGS_SHOWN]
        for w in shown:
            click.echo(f"  warning: {w}")
        if len(shown) < len(r.warnings):
            click.echo(f"  ... and {len(r.warnings) - len(shown)} more warnings (--all-warnings to see them)")
    warnings = sum(len(r.warnings) for r in reports)
    click.echo(f"{len(reports)} source{'s' if len(reports) != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")
