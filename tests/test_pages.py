"""The web pages' frame, in real headless Chromium against the live server (issue 13).

Each page's own scenarios live in their own test module; these check what every page
shares: reachable from ``/``, no request off 127.0.0.1, no console error, no serious or
critical axe-core violation, readable at 360 px, and a page (not JSON) for a person who
follows a bad link.
"""
from __future__ import annotations

import importlib

import httpx
import pytest
from linkwork.viz.pages import PAGES

PATHS = [importlib.import_module(f"linkwork.viz.pages.{name}").PATH for name in PAGES]


def test_root_is_json_for_clients_and_a_page_for_browsers(api):
    assert api.get("/").json()["version"] == "3.0"
    assert api.get("/", headers={"Accept": "application/json"}).json()["profile"]
    page = api.get("/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "set-cookie" not in page.headers


def test_a_bad_link_gives_a_page_to_a_browser_and_a_problem_to_a_client(api):
    r = api.get("/no-such-page", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html") and "/no-such-page" in r.text
    assert api.get("/no-such-page").headers["content-type"].startswith("application/problem+json")


def test_assets_are_served_from_the_package(api):
    for path in ("/assets/linkwork.css", "/assets/vendor/leaflet/leaflet.js", "/assets/vendor/leaflet/leaflet.css",
                 "/assets/vendor/vis-network/vis-network.min.js"):
        r = api.get(path)
        assert r.status_code == 200 and len(r.content) > 1000, path


@pytest.mark.parametrize("path", PATHS)
def test_every_page_is_clean_in_a_real_browser(web, path):
    page = web.open(path)
    assert page.locator("h1").count() == 1 and page.title()
    assert web.axe() == []
    assert web.fits(), f"{path} scrolls sideways at 360 px"
    web.shoot("page" + path.replace("/", "-").rstrip("-"))


def test_home_links_every_page(web):
    page = web.open("/")
    hrefs = page.eval_on_selector_all("main a", "els => els.map(e => e.getAttribute('href'))")
    assert set(PATHS) - {"/"} <= set(hrefs)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_a_page_cannot_reach_another_host(web):
    page = web.open("/")
    outcome = page.evaluate("fetch('https://unpkg.com/leaflet').then(() => 'fetched', () => 'blocked')")
    assert outcome == "blocked"
    assert web.foreign == []  # the Content-Security-Policy stopped it before it left the browser
    assert any("Content Security Policy" in e for e in web.console_errors), web.console_errors
    web.console_errors.clear()  # the one error this test caused on purpose


def test_httpx_is_not_a_browser(api_server):
    assert httpx.get(api_server.url + "/", headers={"Accept": "*/*"}).json()["openapi_url"].endswith("/openapi.json")
