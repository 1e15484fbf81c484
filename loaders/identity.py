"""Which source a load is, so that loading one source never silently replaces or duplicates another.

A source's identity is its IRI: ``--source-iri`` when given, else one made from
the file's resolved path (:func:`linkwork.loaders.base.source_iri_for`). The
catalogue keeps, beside each source, where it was loaded from and a digest of
the bytes read (:class:`linkwork.graph.store.Origin`). Before anything is
stored, a load is checked against them:

* the same IRI loaded from somewhere else (``--source-iri`` reused for another
  file) replaces that source only with ``--replace``;
* a new source whose bytes are exactly those of a loaded one (a renamed or
  moved copy of a feed) would give every record twice: it is refused, or with
  ``--replace`` it becomes that source, now loaded from here.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     (Path(d) / "a.json").write_text("[]")
...     (Path(d) / "b.json").write_text("[]")
...     input_digest(Path(d) / "a.json") == input_digest(Path(d) / "b.json")
2
2
True
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from linkwork.graph.store import Origin, Store
from linkwork.loaders.base import FILE_SOURCE

__all__ = ["input_digest", "origin_of", "Verdict", "check_identity"]


def input_digest(path: Path) -> str:
    """A digest of the bytes a source is read from: a file's, or a directory's files (names and bytes, sorted)."""
    h = hashlib.sha256()
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        if path.is_dir():
            h.update(str(f.relative_to(path)).encode("utf-8", "surrogateescape") + b"\0")
        with f.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                h.update(chunk)
    return "sha256:" + h.hexdigest()


def origin_of(path: Path) -> Origin:
    """Where a file source comes from (its resolved path) and the digest of what it holds."""
    return Origin(str(Path(path).resolve()), input_digest(path))


@dataclass(frozen=True)
class Verdict:
    """What a load may do with one source: store it (as ``iri``), or not, for ``problem``."""

    iri: str
    problem: str | None = None


def check_identity(store: Store, iri: str, origin: Origin, *, given: bool, replace: bool) -> Verdict:
    """Whether the source ``iri`` read from ``origin`` may be stored, and as which source.

    ``given`` says the IRI came from ``--source-iri``; ``replace`` is ``--replace``.
    """
    entry = store.source(iri)
    if entry is not None:
        if entry.origin is not None and entry.origin != origin.where and not replace:
            return Verdict(iri, f"this would replace the source {iri}, which was loaded from {entry.origin}; "
                                f"give --replace to replace it with this file")
        return Verdict(iri)
    if given:
        return Verdict(iri)
    legacy = FILE_SOURCE + quote(Path(origin.where).name, safe="")  # how linkwork 0.1 named a file source
    if store.source(legacy) is not None:
        if replace:
            return Verdict(legacy)
        return Verdict(iri, f"the store holds a source named {Path(origin.where).name} from an earlier linkwork, "
                            f"which did not record where it came from; give --replace if this file replaces it")
    copy = next((e for e in store.sources() if e.input_hash == origin.input_hash), None)
    if copy is None:
        return Verdict(iri)
    if replace:
        return Verdict(copy.source)
    return Verdict(iri, f"the same bytes as the source {copy.source}, loaded from {copy.origin}: loading this copy "
                        f"too would give every record twice, so it is not loaded. If this file now stands for that "
                        f"source (moved or renamed), give --replace")
