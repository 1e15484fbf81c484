"""Render a page template: one Jinja2 environment, the security headers every page sends.

A page never stores anything in the browser (no cookies, no local storage) and
never asks the browser to fetch from another host: the Content-Security-Policy
below allows this server only, so a map tile server or a CDN cannot be reached
even by mistake. ``Referrer-Policy: no-referrer`` keeps a page's address (which
may carry a search) from leaving with a link the person follows.

>>> "default-src 'self'" in SECURITY_HEADERS["Content-Security-Policy"]
True
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

__all__ = ["render", "environment", "SECURITY_HEADERS", "prefers_html"]

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    folder = resources.files("linkwork.viz").joinpath("templates")
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` with ``context``, the site's navigation and the security headers."""
    from linkwork.viz.pages.home import links

    html = environment().get_template(template).render(request=request, pages=links(), **context)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def prefers_html(request: Request) -> bool:
    """Whether the caller is a browser asking for a page (``text/html`` before any JSON type in ``Accept``).

    API clients (curl, httpx, validators) send ``*/*`` or ``application/json`` and get JSON.
    """
    accept = request.headers.get("accept", "")
    html = accept.find("text/html")
    if html < 0:
        return False
    json_at = [i for i in (accept.find("application/json"), accept.find("application/problem+json")) if i >= 0]
    return not json_at or html < min(json_at)
