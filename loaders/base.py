"""What every loader is: it reads one source and returns statements plus problems.

A loader never touches the store. It parses the whole source, collecting every
problem it finds (not stopping at the first), and hands back the statements;
:func:`linkwork.loaders.pipeline.load_source` validates them and swaps them in
as one named graph, or stores nothing if there was any error.
"""
from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote, unquote

from linkwork.graph.namespaces import ID, LW, SRCK
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from linkwork.errors import Problem

__all__ = ["Loader", "Parsed", "SourceInfo", "FILE_SOURCE", "source_iri_for", "stable_iri", "read_utf8", "source_key"]


@dataclass(frozen=True)
class SourceInfo:
    """Where a load comes from: its IRI (stable across reloads), file and kind."""

    iri: str
    path: Path
    label: str
    kind: URIRef = SRCK["official-dataset"]
    retrieved_at: datetime | None = None

    @classmethod
    def for_path(cls, path: Path, kind: URIRef, iri: str | None = None) -> SourceInfo:
        path = Path(path)
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(microsecond=0)
        return cls(iri or source_iri_for(path), path, path.name, kind, mtime)

    def describe(self) -> Graph:
        """Provenance statements about the source itself (no load time: that lives in the catalogue)."""
        g = Graph()
        s = URIRef(self.iri)
        g.add((s, RDF.type, LW.Source))
        g.add((s, RDFS.label, Literal(self.label, lang="en")))
        g.add((s, LW.sourceKind, self.kind))
        if self.retrieved_at is not None:
            g.add((s, LW.retrievedAt, Literal(self.retrieved_at.isoformat(), datatype=XSD.dateTime)))
        return g


#: Every file source's IRI starts so; then a digest of the file's resolved path, then its name.
FILE_SOURCE = "urn:linkwork:source:file:"


def source_iri_for(path: Path) -> str:
    """A source's identity when none is given: the file's resolved path, as a digest (so the IRI, which
    exports cite, does not publish the user's folders) followed by its name (so people can read it).
    Two folders both named ``workbook/`` are two sources; the same file loaded again is the same one.

    >>> a, b = source_iri_for(Path("/council-a/workbook")), source_iri_for(Path("/council-b/workbook"))
    >>> a != b, a.startswith(FILE_SOURCE), a.endswith(":workbook")
    (True, True, True)
    >>> source_iri_for(Path("/data/my feed.json")).endswith(":my%20feed.json")
    True
    """
    resolved = Path(path).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"{FILE_SOURCE}{digest}:{quote(resolved.name, safe='')}"


def source_key(source: SourceInfo) -> str:
    """What namespaces a source's own identifiers (a feed's slugs, a workbook's ids), derived from the
    source's IRI alone: the file's stem and its path digest for a file source, else the IRI given with
    ``--source-iri``, so a file loaded again with the IRI it had keeps its records' IRIs wherever it now is.

    >>> source_key(SourceInfo("urn:linkwork:source:file:0123456789ab:atlanta.json", Path("x.json"), "x"))
    'atlanta-01234567'
    >>> source_key(SourceInfo("https://example.org/feeds/na-north", Path("download (3).json"), "x"))
    'example.org-feeds-na-north'
    """
    iri = source.iri
    digest, _, name = iri[len(FILE_SOURCE):].partition(":")
    if iri.startswith(FILE_SOURCE) and name and len(digest) == 12:
        return f"{Path(unquote(name)).stem}-{digest[:8]}"
    rest = iri.split("://", 1)[1] if "://" in iri else iri.rsplit(":", 1)[-1]
    return rest.strip("/").replace("/", "-")


def stable_iri(kind: str, *key: str) -> URIRef:
    """A stable IRI for a record from its source's own identifier (an HSDS id, a feed slug).

    >>> stable_iri("service", "ac148810-d857-441c-9679-408f346de14b")
    rdflib.term.URIRef('https://w3id.org/linkwork/id/service/ac148810-d857-441c-9679-408f346de14b')
    >>> stable_iri("meeting", "atlanta", "Sunday Serenity").endswith("meeting/atlanta/sunday-serenity")
    True
    """
    parts = []
    for k in key:
        k = str(k).strip()
        safe = "".join(c if c.isalnum() or c in "-_.~" else "-" for c in k.lower()).strip("-")
        while "--" in safe:
            safe = safe.replace("--", "-")
        parts.append(safe or hashlib.sha1(k.encode()).hexdigest()[:12])
    return ID[f"{kind}/" + "/".join(parts)]


@dataclass
class Parsed:
    """A parsed source: its statements, problems found, and counts for the summary."""

    graph: Graph = field(default_factory=Graph)
    problems: list[Problem] = field(default_factory=list)
    #: Serialised RDF for the bulk path (large N-Triples/N-Quads), parsed by Oxigraph instead of rdflib.
    raw: bytes | None = None
    raw_format: object = None  # a pyoxigraph RdfFormat
    #: The source text, where a format has lines worth pointing at (Turtle).
    text: str | None = None
    #: Statements parsed, for sources that took the bulk path.
    count: int = 0
    #: record IRI -> where the source defines it (``/3``, ``services.csv:row 2``), to locate the shapes' findings.
    places: dict[str, str] = field(default_factory=dict)
    #: Which version and dialect of its format the source was read as ("Open Referral UK 1.0, Placecube
    #: dialect"), where a format has several; said in the load's summary.
    dialect: str | None = None
    #: Where each record the source holds begins (``/3``, ``services.csv:row 2``), in order, whether it was
    #: built or skipped: what ``--skip-invalid`` refuses or keeps, one at a time.
    records: dict[str, None] = field(default_factory=dict)

    def record_of(self, where: str | None) -> str | None:
        """The record a problem at ``where`` belongs to: the longest record start that ``where`` lies in,
        or None for a problem about the whole source (a syntax error, a missing table).

        >>> p = Parsed(records={"/3": None, "/3/services/0": None, "services.csv:row 2": None})
        >>> p.record_of("/3/services/0/name"), p.record_of("/3/name"), p.record_of("/30"), p.record_of("services.csv:row 2")
        ('/3/services/0', '/3', None, 'services.csv:row 2')
        """
        while where:
            if where in self.records:
                return where
            cut = where.rfind("/")
            if cut <= 0:
                return None
            where = where[:cut]
        return None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def error(self, source: str, where: str | None, fld: str | None, reason: str) -> None:
        self.problems.append(Problem(source, where, fld, reason))

    def warn(self, source: str, where: str | None, fld: str | None, reason: str) -> None:
        self.problems.append(Problem(source, where, fld, reason, "warning"))


def read_utf8(path: Path, parsed: Parsed) -> tuple[bytes, str] | None:
    """A text source's bytes (without a UTF-8 byte-order mark) and text, or None with the reason
    recorded: empty, UTF-16 or UTF-32 (which), or not UTF-8 (and where)."""
    from linkwork.loaders.textfile import NotUtf8, decode_utf8

    name = Path(path).name
    data = Path(path).read_bytes()
    try:
        data, text = decode_utf8(data)
    except NotUtf8 as exc:
        parsed.error(name, f"line {exc.line}", None, exc.reason)
        return None
    if not text.strip():
        parsed.error(name, "line 1", None, "the file is empty")
        return None
    return data, text


class Loader(ABC):
    """One input format. Subclasses set ``suffixes`` and implement :meth:`parse`."""

    name: str = ""
    #: File suffixes this loader claims when no --format is given.
    suffixes: ClassVar[tuple[str, ...]] = ()
    #: What kind of source this format usually is (provenance).
    kind: ClassVar[URIRef] = SRCK["official-dataset"]

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether this loader should read ``path``; ``head`` is its first 64 KiB."""
        return Path(path).suffix.lower() in self.suffixes

    def sniff_document(self, path: Path, doc: object) -> bool:
        """Whether this loader reads the JSON document ``doc`` (asked when no ``sniff`` took the file)."""
        return False

    def source_info(self, path: Path) -> SourceInfo:
        """The source a file stands for; formats with an identity of their own (a feed URL) override this."""
        return SourceInfo.for_path(path, self.kind)

    def record_of(self, parsed: Parsed, where: str | None) -> str | None:
        """The record (see :attr:`Parsed.records`) a problem at ``where`` belongs to, or None if it is about
        the whole source; ``--skip-invalid`` refuses that record and keeps the rest."""
        return parsed.record_of(where)

    @abstractmethod
    def parse(self, path: Path, source: SourceInfo, context=None) -> Parsed:
        """Read the whole source; report every problem in ``Parsed.problems`` rather than raising.

        ``context`` (a :class:`linkwork.loaders.records.LoadContext`) tells what the
        store already holds that records may link to, such as areas by name.
        """
