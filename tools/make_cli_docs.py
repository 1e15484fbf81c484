"""Regenerate docs/cli.md from the real `--help` output of every subcommand.

    .venv/bin/python tools/make_cli_docs.py

tests/test_docs.py fails when docs/cli.md is out of date, so the reference
always shows what the command really prints.
"""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from linkwork.cli import SUBCOMMANDS, _importable, cli

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def render() -> str:
    runner = CliRunner()
    parts = ["# `linkwork` command reference", "",
             "Generated from the real `--help` output by `tools/make_cli_docs.py`; do not edit by hand.", ""]
    out = runner.invoke(cli, ["--help"], terminal_width=100, prog_name="linkwork").output
    parts += ["## linkwork", "", "```", out.rstrip(), "```", ""]
    for name in sorted(n for n in SUBCOMMANDS if _importable(n)):
        out = runner.invoke(cli, [name, "--help"], terminal_width=100, prog_name="linkwork").output
        parts += [f"## linkwork {name}", "", "```", out.rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")
