"""``/`` for a browser: what linkwork is and the four pages, for its three users.

``GET /`` answers JSON (the Open Referral UK meta information) to API clients
and this page to browsers (see :func:`linkwork.viz.render.prefers_html`).
"""
from __future__ import annotations

import importlib

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from linkwork.viz.render import render

__all__ = ["router", "page", "links", "PATH", "TITLE", "BLURB"]

PATH = "/"
TITLE = "linkwork"
BLURB = ""

router = APIRouter(include_in_schema=False)


def links() -> list[dict[str, str]]:
    """Every page but home, as ``{path, title, blurb}``, in the order of :data:`~linkwork.viz.pages.PAGES`."""
    from linkwork.viz.pages import PAGES

    out = []
    for name in PAGES:
        m = importlib.import_module(f"linkwork.viz.pages.{name}")
        if m.PATH != PATH:
            out.append({"path": m.PATH, "title": m.TITLE, "blurb": m.BLURB})
    return out


def page(request: Request) -> HTMLResponse:
    """The home page (also what ``GET /`` gives a browser)."""
    return render(request, "home.html", title="linkwork")


@router.get("/index.html", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return page(request)
