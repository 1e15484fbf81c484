"""Real headless Chromium for the page tests, driven by Playwright (issue 13).

Playwright cannot download browsers on this machine, so it drives Debian's
``chromium`` (``make test`` installs it where it is missing) with the flags a
closed network needs. The fixtures in ``tests/conftest.py``:

``browser``   one Chromium for the test session
``web``       a :class:`Visit`: a fresh browser context on the session's live server
              (:func:`tests.conftest.api_server`, the illustrative graph), with every
              request routed so that any request to a host other than 127.0.0.1 is
              refused and recorded, and every console error recorded; both must be
              empty when the test ends (checked by the fixture)

and, on a :class:`Visit`, ``open(path)``, ``axe()`` (an axe-core scan; returns the
serious and critical violations) and ``shoot(name)`` (a screenshot at desktop and
phone width, saved under ``tests/artifacts/screens``, the run's artefacts).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("LINKWORK_CHROMIUM", "/usr/bin/chromium")
#: what the probe of this machine found Chromium needs on a closed network, as root, with no screen
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).parent / "artifacts" / "screens"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)


@dataclass
class Visit:
    """One browser context on the live server; records what must not happen."""

    base_url: str
    context: object
    page: object = None
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def open(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, (path, response and response.status)
        return self.page

    def axe(self) -> list[dict]:
        """The serious and critical axe-core violations on the page as it is now."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in results.response["violations"] if v["impact"] in ("serious", "critical")]

    def shoot(self, name: str) -> list[Path]:
        """Screenshots of the page at desktop and phone width (then back to desktop)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        out = []
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            self.page.set_viewport_size(size)
            path = ARTIFACTS / f"{name}-{label}.png"
            self.page.screenshot(path=str(path), full_page=True)
            out.append(path)
        self.page.set_viewport_size(DESKTOP)
        return out

    def fits(self, width: int = PHONE["width"]) -> bool:
        """Whether the page has no horizontal scroll at ``width`` pixels (mobile first)."""
        self.page.set_viewport_size({"width": width, "height": PHONE["height"]})
        try:
            return bool(self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
        finally:
            self.page.set_viewport_size(DESKTOP)
