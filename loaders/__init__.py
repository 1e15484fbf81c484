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

__all__ = ["Loader", "Parsed", "SourceInfo", "available", "get_loader", "detect", "register_path", "FormatNotDetected"]

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


class FormatNotDetected(LinkworkError):
    """No loader recognises a file; ``reason`` says what was found and what to do (``where``: line 1 for
    a whole-file problem such as an encoding)."""

    def __init__(self, path: Path, reason: str, where: str | None = None):
        self.path, self.reason, self.where = Path(path), reason, where
        super().__init__(f"{path}: {reason}")


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
    """Choose a loader for ``path`` from its name and first bytes, or for JSON, its structure.

    Loaders are asked in registration order; the first whose ``sniff`` accepts
    the file wins. A JSON file whose first 64 KiB do not show its format (a
    long first record) is read whole and each loader's ``sniff_document`` asked.
    A UTF-8 byte-order mark is ignored.

    Raises
    ------
    FormatNotDetected
        if no loader recognises the file: the message says what was found (an
        empty file, UTF-16, JSON with which fields...), which formats were tried,
        and the ``--format`` names there are.
    """
    from linkwork.loaders.textfile import UTF8_BOM, encoding_of

    path = Path(path)
    if not path.exists():
        raise LinkworkError(f"{path}: no such file or directory")
    head = b""
    if path.is_file():
        with open(path, "rb") as fh:
            head = fh.read(65536)
        found = encoding_of(head)
        if found:
            raise FormatNotDetected(path, f"the file is {found}; linkwork reads UTF-8: save it as UTF-8", "line 1")
        head = head.removeprefix(UTF8_BOM)
        if not head.strip():
            raise FormatNotDetected(path, "the file is empty", "line 1")
    names = available()
    for name in names:
        loader = get_loader(name)
        if loader.sniff(path, head):
            return loader
    doc, seen = _json_document(path, head)
    if doc is not None:
        for name in names:
            loader = get_loader(name)
            if loader.sniff_document(path, doc):
                return loader
    tried = [n for n in sorted(names) if n != "oruk"]
    raise FormatNotDetected(
        path,
        f"cannot tell the format: {seen}. Tried {', '.join(tried)}"
        + (" (oruk is never detected: it shares HSDS's files)" if "oruk" in names else "")
        + f". Give --format NAME, one of: {', '.join(sorted(names))}"
    )


#: JSON files larger than this are not read whole just to detect their format.
_DETECT_JSON_BYTES = 256 * 1024 * 1024


def _json_document(path: Path, head: bytes) -> tuple[object | None, str]:
    """The JSON document in ``path`` (or None) and what was seen, for the message when no loader takes it."""
    if path.is_dir():
        return None, "a directory with none of the files a tabular format starts from (services.csv, organisations.csv...)"
    suffix = path.suffix.lower() or "(no suffix)"
    if head.lstrip()[:1] not in (b"{", b"["):
        return None, f"its name ({suffix}) and first bytes match no format"
    if path.stat().st_size > _DETECT_JSON_BYTES:
        return None, "JSON too large to read whole just to tell its format"
    from linkwork.loaders.jsonfile import parse_json
    from linkwork.loaders.textfile import NotUtf8, decode_utf8
    from linkwork.loaders.values import shown

    try:
        doc = parse_json(decode_utf8(path.read_bytes())[1])
    except NotUtf8 as exc:
        return None, f"it starts like JSON but is {exc.reason}"
    except RecursionError:
        return None, "it starts like JSON but is nested too deeply to read"
    except ValueError as exc:  # json.JSONDecodeError
        return None, f"it starts like JSON but is not valid JSON ({shown(str(exc))})"
    if isinstance(doc, list) and not doc:
        return None, "an empty JSON array: nothing in it to tell the format by"
    first = doc[0] if isinstance(doc, list) else doc
    if isinstance(first, dict):
        fields = sorted(map(str, first))
        what = "a JSON array whose first item" if isinstance(doc, list) else "a JSON object that"
        listed = ", ".join(fields[:10]) + (f" and {len(fields) - 10} more" if len(fields) > 10 else "")
        return doc, f"{what} has the fields {listed or '(none)'}"
    return doc, f"JSON, but {'an array of' if isinstance(doc, list) else 'a single'} {type(first).__name__} values, not records"
