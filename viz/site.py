"""Put the web pages and their assets on the API's app: the same app, the same core.

``/assets`` serves ``viz/static`` (the pages' own styles and scripts) and
``/assets/vendor`` the vendored libraries (Leaflet, vis-network), from the
installed package: no page ever loads anything from another host.
"""
from __future__ import annotations

import importlib
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from linkwork.viz.pages import PAGES

__all__ = ["mount_pages"]


def mount_pages(app: FastAPI) -> None:
    """Include every page's router (:data:`~linkwork.viz.pages.PAGES`) and mount the asset folders."""
    for name in PAGES:
        app.include_router(importlib.import_module(f"linkwork.viz.pages.{name}").router)
    here = resources.files("linkwork.viz")
    app.mount("/assets/vendor", StaticFiles(directory=str(here.joinpath("vendor"))), name="vendor")
    app.mount("/assets", StaticFiles(directory=str(here.joinpath("static"))), name="assets")
