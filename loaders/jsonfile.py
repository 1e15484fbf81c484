"""Reading a JSON source with located errors: empty files, bad bytes, bad syntax and unreadable values say where.

Python's own reader is generous where a loader must not be: it accepts
``NaN`` and ``Infinity`` (not JSON), turns ``1e999`` into infinity, fails on
integers of more than 4,300 digits, recurses until it crashes on deeply nested
arrays, and lets lone surrogates (``"\\ud800"``) through to fail later when the
text is stored. :func:`read_json` reads every number exactly or reports it by
JSON Pointer, refuses nesting deeper than :data:`MAX_DEPTH`, and reports lone
surrogates, so a loader only ever sees values it can store.

>>> from linkwork.loaders.base import Parsed
>>> import tempfile, os
>>> with tempfile.TemporaryDirectory() as d:
...     p = Path(d, "feed.json")
...     _ = p.write_text('[{"latitude": NaN, "longitude": 1e999, "day": 1}]')
...     parsed = Parsed()
...     doc = read_json(p, parsed)
>>> doc
[{'day': 1}]
>>> [str(e) for e in parsed.errors]
['feed.json:/0/latitude: NaN is not a JSON number', 'feed.json:/0/longitude: 1e999 is too large a number to read exactly']
"""
from __future__ import annotations

import json
from pathlib import Path

from linkwork.loaders.base import Parsed, read_utf8

__all__ = ["read_json", "pointer", "MISSING", "MAX_DEPTH", "parse_json"]

#: What :func:`read_json` returns when the file could not be read (its problems say why).
MISSING = object()

#: Arrays and objects nested deeper than this are refused. Every format linkwork reads nests far less
#: (an HSDS service_full record: 6 levels), and deeper input exhausts the stack of Python's reader.
MAX_DEPTH = 64

#: Integers longer than this many digits are refused (Python refuses to read more than 4,300).
_MAX_DIGITS = 400


class _Unreadable:
    """A number in the text that no Python value holds exactly; replaced by a located error."""

    __slots__ = ("reason", "text")

    def __init__(self, text: str, reason: str):
        self.text, self.reason = text, reason


def _float(text: str) -> float | _Unreadable:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return _Unreadable(text, f"{_cut(text)} is too large a number to read exactly")
    if value == 0 and any(c in "123456789" for c in text.partition("e")[0].partition("E")[0]):
        return _Unreadable(text, f"{_cut(text)} is too small a number to read exactly")
    return value


def _int(text: str) -> int | _Unreadable:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        return _Unreadable(text, f"a whole number of {len(text.lstrip('-')):,} digits is too large to read exactly")
    return int(text)


def _constant(text: str) -> _Unreadable:
    return _Unreadable(text, f"{text} is not a JSON number")


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "..."


def parse_json(text: str) -> object:
    """``json.loads`` with every number read exactly (unreadable ones left as markers for :func:`read_json`).

    Raises
    ------
    json.JSONDecodeError, RecursionError
        as ``json.loads`` does.
    """
    return json.loads(text, parse_float=_float, parse_int=_int, parse_constant=_constant)


def read_json(path: Path, parsed: Parsed) -> object:
    """The parsed document, or :data:`MISSING` with the reason recorded in ``parsed``.

    Numbers that cannot be read exactly, nesting beyond :data:`MAX_DEPTH` and
    lone surrogates are located errors; the offending values are left out of
    the document returned, so a loader can go on to report everything else.
    """
    name = Path(path).name
    read = read_utf8(path, parsed)
    if read is None:
        return MISSING
    text = read[1]
    try:
        doc = parse_json(text)
    except RecursionError:
        line, col = _too_deep_at(text)
        parsed.error(name, f"line {line} column {col}", None, f"nested more than {MAX_DEPTH} levels deep")
        return MISSING
    except json.JSONDecodeError as exc:
        parsed.error(name, f"line {exc.lineno} column {exc.colno}", None, f"not valid JSON: {exc.msg}")
        if exc.msg != "Extra data":
            return MISSING
        try:  # a whole document, then junk: check the document too, to report all at once
            doc = json.JSONDecoder(parse_float=_float, parse_int=_int, parse_constant=_constant).raw_decode(text.lstrip())[0]
        except (json.JSONDecodeError, RecursionError):
            return MISSING
    return _checked(doc, name, parsed)


def _checked(doc: object, name: str, parsed: Parsed) -> object:
    """Walk the document (without recursion) replacing unreadable values by located errors."""
    holder: list[object] = [doc]
    stack: list[tuple[dict | list, tuple, int]] = [(holder, (), 0)]
    while stack:
        node, path, depth = stack.pop()
        items: list[tuple[object, object]] = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        drop: list = []
        for key, value in items:
            here = path + (key,) if node is not holder else ()
            if isinstance(key, str) and _has_surrogate(key):
                parsed.error(name, pointer(*path) if path else "/", None, "a key holds a lone surrogate (\\ud800-\\udfff): not valid Unicode text")
                drop.append(key)
            elif isinstance(value, _Unreadable):
                parsed.error(name, pointer(*here), None, value.reason)
                drop.append(key)
            elif isinstance(value, str) and _has_surrogate(value):
                parsed.error(name, pointer(*here), None, "holds a lone surrogate (\\ud800-\\udfff): not valid Unicode text")
                drop.append(key)
            elif isinstance(value, (dict, list)):
                if depth >= MAX_DEPTH:
                    parsed.error(name, pointer(*here), None, f"nested more than {MAX_DEPTH} levels deep")
                    drop.append(key)
                else:
                    stack.append((value, here, depth + 1))
        for key in drop:
            if isinstance(node, dict):
                del node[key]
            else:
                node[key] = None
    return holder[0]


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _too_deep_at(text: str) -> tuple[int, int]:
    """Line and column of the first bracket nested deeper than :data:`MAX_DEPTH` (outside strings)."""
    depth, in_string, escaped, line, col = 0, False, False, 1, 0
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, col
        elif ch in "]}":
            depth -= 1
    return line, col


def pointer(*parts: object) -> str:
    """A JSON Pointer (RFC 6901) to a value, for error messages.

    >>> pointer(3, "types", 1)
    '/3/types/1'
    >>> pointer()
    '/'
    """
    if not parts:
        return "/"
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
