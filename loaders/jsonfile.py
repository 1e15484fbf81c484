"""Reading a JSON source with located errors: empty files, bad bytes and bad syntax say where."""
from __future__ import annotations

import json
from pathlib import Path

from linkwork.loaders.base import Parsed, read_utf8

__all__ = ["read_json", "pointer", "MISSING"]

#: What :func:`read_json` returns when the file could not be read (its problems say why).
MISSING = object()


def read_json(path: Path, parsed: Parsed) -> object:
    """The parsed document, or :data:`MISSING` with the reason recorded in ``parsed``."""
    name = Path(path).name
    read = read_utf8(path, parsed)
    if read is None:
        return MISSING
    text = read[1]
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        parsed.error(name, f"line {exc.lineno} column {exc.colno}", None, f"not valid JSON: {exc.msg}")
        if exc.msg == "Extra data":  # a whole document, then junk: check the document too, to report all at once
            return json.JSONDecoder().raw_decode(text.lstrip())[0]
        return MISSING


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
