"""Exporters: the store's data in the formats others read, one module per family.

Each exporter is a function ``(store, **options) -> str`` registered here by
format name, so the CLI, the HTTP API and the tests call the same code:

>>> sorted(EXPORTERS)
['geojson', 'hsds', 'jsonld', 'meeting-guide', 'oruk', 'turtle']

Confidential locations (refuges, some recovery houses) never leave with an
address or coordinates: every exporter shows them by area only.
"""
from __future__ import annotations

import importlib

from linkwork.errors import LinkworkError

__all__ = ["EXPORTERS", "export"]

#: format -> "module:function"
EXPORTERS: dict[str, str] = {
    "hsds": "linkwork.api.export.openreferral:export_hsds",
    "oruk": "linkwork.api.export.openreferral:export_oruk",
    "turtle": "linkwork.api.export.rdf:export_turtle",
    "jsonld": "linkwork.api.export.rdf:export_jsonld",
    "geojson": "linkwork.api.export.geojson:export_geojson",
    "meeting-guide": "linkwork.api.export.meeting_guide:export_meeting_guide",
}


def export(store, fmt: str, **options) -> str:
    """The store's live data in format ``fmt``."""
    if fmt not in EXPORTERS:
        raise LinkworkError(f"unknown export format {fmt!r}; known formats: {', '.join(sorted(EXPORTERS))}")
    module, _, attr = EXPORTERS[fmt].partition(":")
    return getattr(importlib.import_module(module), attr)(store, **options)
