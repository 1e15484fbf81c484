"""Exporters: one per output format, registered by name like the loaders.

An exporter reads the store (or the compiled model) through a
:class:`linkwork.core.Core` and writes bytes. Confidential locations leave only
as their area. Format modules live beside their loader (``loaders/hsds.py``
holds both directions), so a new format is one new module.
"""
from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from typing import BinaryIO, ClassVar

from linkwork.errors import LinkworkError

__all__ = ["Exporter", "get_exporter", "exporters"]

_REGISTRY: dict[str, str] = {
    "turtle": "linkwork.loaders.rdf_export:TurtleExporter",
    "jsonld": "linkwork.loaders.rdf_export:JsonLdExporter",
    "hsds": "linkwork.loaders.hsds_export:HsdsExporter",
    "oruk": "linkwork.loaders.hsds_export:OrukExporter",
    "geojson": "linkwork.loaders.geojson_export:GeoJsonExporter",
    "meeting-guide": "linkwork.loaders.meeting_guide_export:MeetingGuideExporter",
}


class Exporter(ABC):
    """One output format."""

    name: str = ""
    media_type: ClassVar[str] = "application/octet-stream"

    @abstractmethod
    def export(self, core, out: BinaryIO, **options) -> None:
        """Write the whole store (as the format can carry it) to ``out``."""


def exporters() -> list[str]:
    """Names of every registered exporter whose module exists."""
    return sorted(n for n in _REGISTRY if importlib.util.find_spec(_REGISTRY[n].partition(":")[0]) is not None)


def get_exporter(name: str) -> Exporter:
    """The exporter registered as ``name``.

    Raises
    ------
    LinkworkError
        if there is none; the message lists the known formats.
    """
    if name not in exporters():
        raise LinkworkError(f"unknown export format {name!r}; known formats: {', '.join(exporters())}")
    module, _, cls = _REGISTRY[name].partition(":")
    exporter = getattr(importlib.import_module(module), cls)()
    exporter.name = name
    return exporter
