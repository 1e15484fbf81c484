"""The ``linkwork`` command: one subcommand per module in this package, imported on first use."""
from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

import click

from linkwork.errors import LinkworkError
from linkwork.graph.locks import DEFAULT_WAIT

if TYPE_CHECKING:
    from linkwork.core import Core

__all__ = ["cli", "main", "SUBCOMMANDS"]

#: name -> "module:function"; each module holds one click command.
SUBCOMMANDS: dict[str, str] = {
    "init": "linkwork.cli.init:init",
    "load": "linkwork.cli.load:load",
    "export": "linkwork.cli.export:export",
    "template": "linkwork.cli.template:template",
    "validate": "linkwork.cli.validate:validate",
    "summary": "linkwork.cli.summary:summary",
    "synth": "linkwork.cli.synth:synth",
    "route": "linkwork.cli.route:route",
    "gaps": "linkwork.cli.gaps:gaps",
    "bench": "linkwork.cli.bench:bench",
    "neo4j": "linkwork.cli.neo4j:neo4j",
    "search": "linkwork.cli.search:search",
    "show": "linkwork.cli.show:show",
    "keys": "linkwork.cli.keys:keys",
    "sparql": "linkwork.cli.sparql:sparql",
    "serve": "linkwork.cli.serve:serve",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when run or listed in --help."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in SUBCOMMANDS if _importable(n))

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LinkworkError as exc:  # one place turns our errors into a message and status 2
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        finally:
            if isinstance(ctx.obj, Context):
                ctx.obj.close()  # release the store's lock, so the next command (or test) can open it

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in SUBCOMMANDS or not _importable(name):
            return None
        module, _, attr = SUBCOMMANDS[name].partition(":")
        return getattr(importlib.import_module(module), attr)


def _importable(name: str) -> bool:
    module = SUBCOMMANDS[name].partition(":")[0]
    return importlib.util.find_spec(module) is not None


class Context:
    """What every subcommand gets: where the store is, opened on first use."""

    def __init__(self, store_path: Path | None, wait: float = DEFAULT_WAIT, command: str = "") -> None:
        self.store_path = store_path
        self.wait = wait
        self.command = command
        self._core: Core | None = None
        self.backend = "embedded"  # or "neo4j": set by a command's --backend (linkwork.cli.backend)
        self.check_every = 0.0     # with neo4j: seconds between checks of the graph's version

    def close(self) -> None:
        if self._core is not None:
            self._core.close()
            self._core = None

    def core(self, *, read_only: bool = False) -> Core:
        from linkwork.core import Core

        if self._core is None and self.backend == "neo4j":
            from linkwork.graph.neo4j.backend import Neo4jCore
            from linkwork.graph.neo4j.connection import settings_from_env

            self._core = Neo4jCore.connect(settings_from_env(), check_every=self.check_every)
        if self._core is None:
            self._core = Core.open(self.store_path, read_only=read_only, wait=self.wait, say=_note,
                                   purpose=f"linkwork {self.command}".strip())
        return self._core


def _note(message: str) -> None:
    """What the store says while it is opened (waiting for a lock, sweeping up): on stderr, as a note."""
    click.echo(f"note: {message}", err=True)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LINKWORK_STORE",
    show_envvar=True,
    help="Directory of the embedded store. Default: a per-user data directory (~/.local/share/linkwork/store).",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=DEFAULT_WAIT,
    show_default=True,
    envvar="LINKWORK_WAIT",
    show_envvar=True,
    metavar="SECONDS",
    help="How long to wait for another linkwork command using the same store (a load) before giving up; 0: not at all.",
)
@click.version_option(package_name="linkwork")
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None, wait: float) -> None:
    """linkwork: services, thresholds, referral routes, mutual aid and community
    assets as a knowledge graph, for navigators, service users and commissioners.

    Start with `linkwork init --demo`, then `linkwork summary`,
    `linkwork route examples/profiles/p2-kelly.yaml` and `linkwork gaps`.
    """
    from linkwork.core import default_store_path

    ctx.obj = Context(store_path or default_store_path(), wait, ctx.invoked_subcommand or "")


def main() -> None:
    """Console entry point."""
    cli(prog_name="linkwork")
