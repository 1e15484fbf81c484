"""How data comes in: one module per format, registered under a short name.

The CLI, the API and the tests look loaders up by name with :func:`get_loader`
or by file with :func:`detect`. A loader's module is imported only on first
use. Outside packages add loaders through the ``linkwork.loaders`` entry-point
group, naming a ``module:Class``.

>>> sorted(available())
['bmlt', 'hsds', 'jsonld', 'meeting-guide', 'ntriples', 'oruk', 'trig', 'turtle', 'workbook']
>>> get_loader("turtle").name
'turtle'
"""
from __future__ import annotations

import importlib
import importlib.util
from importlib.metadata import entry_points
from pathlib import Path

from linkwork.loaders.base import Loader, Parsed, SourceInfo

from linkwork.errors import LinkworkError

__all__ = ["Loader", "Parsed", "SourceInfo", "available", "get_loader", "detect", "register_path"]

#: name -> "module:Class"; modules are imported on first use.
_REGISTRY: dict[str, str] = {
    "turtle": "linkwork.loaders.rdf:TurtleLoader",
    "ntriples": "linkwork.loaders.rdf:NTriplesLoader",
    "trig": "linkwork.loaders.rdf:TriGLoader",
    "jsonld": "linkwork.loaders.rdf:JsonLdLoader",
    "bmlt": "linkwork.loaders.bmlt:BmltLoader",
    "meeting-guide": "linkwork.loaders.meeting_guide:MeetingGuideLoader",
    "workbook": "linkwork.loaders.workbook:WorkbookLoader",
    "hsds": "linkwork.loaders.openreferral:HsdsLoader",
    "oruk": "linkwork.loaders.openreferral:OrukLoader",
}
_LOADED: dict[str, Loader] = {}
_PLUGINS_READ = False


def register_path(name: str, target: str) -> None:
    """Register a loader class by dotted path, e.g. ``register_path("x", "pkg.mod:XLoader")``."""
    _REGISTRY[name] = target
    _LOADED.pop(name, None)


def _read_plugins() -> None:
    global _PLUGINS_READ
    if not _PLUGINS_READ:
        for ep in entry_points(group="linkwork.loaders"):
            _REGISTRY.setdefault(ep.name, ep.value)
        _PLUGINS_READ = True


def available() -> list[str]:
    """The names of every registered loader whose module is installed."""
    _read_plugins()
    return [n for n, target in _REGISTRY.items() if _installed(target)]


def _installed(target: str) -> bool:
    try:
        return importlib.util.find_spec(target.partition(":")[0]) is not None
    except ModuleNotFoundError:
        return False


def get_loader(name: str) -> Loader:
    """The loader registered as ``name``.

    Raises
    ------
    LinkworkError
        if no loader has that name; the message lists the ones there are.
    """
    _read_plugins()
    if name not in available():
        raise LinkworkError(f"unknown format {name!r}; known formats: {', '.join(sorted(available()))}")
    if name not in _LOADED:
        module, _, cls = _REGISTRY[name].partition(":")
        loader = getattr(importlib.import_module(module), cls)()
        loader.name = name
        _LOADED[name] = loader
    return _LOADED[name]


def detect(path: Path) -> Loader:
    """Choose a loader for ``path`` from its name and first bytes.

    Loaders are asked in registration order; the first whose ``sniff`` accepts
    the file wins.

    Raises
    ------
    LinkworkError
        if no loader recognises the file.
    """
    path = Path(path)
    if not path.exists():
        raise LinkworkError(f"{path}: no such file or directory")
    head = b""
    if path.is_file():
        with open(path, "rb") as fh:
            head = fh.read(65536)
    for name in available():
        loader = get_loader(name)
        if loader.sniff(path, head):
            return loader
    raise LinkworkError(
        f"{path}: cannot tell the format from its name or content; give --format "
        f"(one of {', '.join(sorted(available()))})"
    )
