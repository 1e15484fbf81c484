"""Data shipped with linkwork: the illustrative Lancashire graph and the example profiles.

The Lancashire graph is illustrative: made up to reproduce what the research
sources describe, every fact citing its source file and line. It is not a
real directory: it has no real phone numbers, addresses or personal names.
"""
from importlib import resources
from pathlib import Path

DATA_DIR = Path(str(resources.files(__name__)))


def lancashire_files() -> list[Path]:
    """The Turtle files of the illustrative Lancashire graph."""
    return sorted((DATA_DIR / "lancashire").glob("*.ttl"))
