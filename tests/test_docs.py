"""Documentation shows real output: every subcommand is documented, and the reference is current."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from click.testing import CliRunner

from linkwork.cli import SUBCOMMANDS, _importable, cli

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("make_cli_docs", ROOT / "tools" / "make_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_cli_docs"] = module
    spec.loader.exec_module(module)
    return module


def test_every_subcommand_exists_and_has_help():
    runner = CliRunner()
    for name in SUBCOMMANDS:
        assert _importable(name), f"subcommand {name} is registered but its module is missing"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert len(result.output.splitlines()) > 4, name


def test_readme_mentions_every_subcommand_and_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    for name in SUBCOMMANDS:
        assert f"linkwork {name}" in readme, name


def test_cli_reference_is_current():
    expected = _generator().render()
    actual = (ROOT / "docs" / "cli.md").read_text()
    assert actual == expected, "docs/cli.md is out of date: run tools/make_cli_docs.py"
