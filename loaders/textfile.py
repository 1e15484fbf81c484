"""What text encoding a file is in, said plainly: every text format linkwork reads is UTF-8.

A UTF-8 byte-order mark (which Excel and Notepad write) is accepted and
removed everywhere, JSON, CSV and RDF alike. UTF-16 and UTF-32, with or
without a byte-order mark, are recognised and refused with what was found
and how to fix it, rather than failing somewhere on line 1 or going
undetected.

>>> encoding_of("é".encode("utf-16"))
'UTF-16 (little-endian, with a byte-order mark)'
>>> encoding_of('[{"name": "x"}]'.encode("utf-16-be"))
'UTF-16 (big-endian, without a byte-order mark)'
>>> encoding_of(b"\\xef\\xbb\\xbf@prefix ex: <urn:x:> .") is None
True
>>> decode_utf8(b"\\xef\\xbb\\xbfhello")
(b'hello', 'hello')
"""
from __future__ import annotations

import codecs

__all__ = ["encoding_of", "decode_utf8", "UTF8_BOM", "NotUtf8"]

UTF8_BOM = codecs.BOM_UTF8

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian, with a byte-order mark)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian, with a byte-order mark)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian, with a byte-order mark)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian, with a byte-order mark)"),
)


class NotUtf8(ValueError):
    """The bytes are not UTF-8; ``line`` is where decoding failed (1 for a whole-file encoding)."""

    def __init__(self, line: int, reason: str):
        self.line, self.reason = line, reason
        super().__init__(reason)


def encoding_of(head: bytes) -> str | None:
    """The name of a UTF-16 or UTF-32 encoding the first bytes show, or None (UTF-8 or plain bytes).

    Without a byte-order mark, UTF-16 text in a Latin script has a zero byte in
    every other position; that is what is looked for.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head[:512]
    if len(sample) >= 4:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "UTF-16 (little-endian, without a byte-order mark)"
        if even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "UTF-16 (big-endian, without a byte-order mark)"
    return None


def decode_utf8(data: bytes, *, hint: str = "save it as UTF-8") -> tuple[bytes, str]:
    """The bytes without a UTF-8 byte-order mark, and their text.

    Raises
    ------
    NotUtf8
        for UTF-16 or UTF-32 (naming which), or bytes that are not UTF-8 (naming the byte and its line).
    """
    found = encoding_of(data)
    if found:
        raise NotUtf8(1, f"the file is {found}; linkwork reads UTF-8: {hint}")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise NotUtf8(line, f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded ({hint})") from None
