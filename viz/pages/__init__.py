"""The web pages: one module per page, each with a ``router``, named in :data:`PAGES`.

Pages are served by the same app as the API and call the same core (issue 13).
Each page module has ``router`` (a FastAPI ``APIRouter``), ``PATH`` and ``TITLE``
and ``BLURB`` for the home page's list. Templates live in ``viz/templates``,
the page scripts and styles in ``viz/static``, vendored libraries (Leaflet,
vis-network) in ``viz/vendor``; all are served from ``/assets``, never from a
CDN, and every page sends a Content-Security-Policy that lets the browser talk
to this server only.
"""
from __future__ import annotations

__all__ = ["PAGES"]

#: modules under linkwork.viz.pages, in the order the home page lists them (home itself first).
PAGES: list[str] = [
    "home",
    "near",
]
