"""A real uvicorn server on 127.0.0.1 for API tests, and a small client helper.

API tests go through real HTTP, never a mocked transport. Use the fixtures
from ``tests/conftest.py``:

``api``            an :class:`httpx.Client` on a server over the illustrative Lancashire
                   graph (started once per session; the model is built before the first test)
``api_server``     that server (:class:`LiveServer`: ``.url``, ``.app``, ``.core``)
``empty_api``      a client on a server over an empty store (ontology only, no services)

or start your own over another store (for example one with API keys)::

    from tests.http_server import serve_core

    with serve_core(Core(my_store)) as server, server.client() as http:
        r = http.get("/services")
        assert_problem(http.get("/services/nope"), 404)

``assert_problem(response, status, pointer=None)`` pins the error shape
(RFC 9457 problem+json; with ``pointer``, one of its errors points there).
The server's log records go to Python logging (``log_config=None``), so
``caplog`` sees them, the access log (``linkwork.api.access``: method, path,
status, never the query string) included.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from linkwork.api.app import create_app
from linkwork.api.live import LiveServer, free_port

from linkwork.core import Core

__all__ = ["LiveServer", "serve_core", "serve_app", "assert_problem", "free_port"]


@contextmanager
def serve_app(app) -> Iterator[LiveServer]:
    server = LiveServer(app).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def serve_core(core: Core, **app_options) -> Iterator[LiveServer]:
    """A live server over ``core`` (options go to :func:`~linkwork.api.app.create_app`)."""
    with serve_app(create_app(core, **app_options)) as server:
        yield server


def assert_problem(r: httpx.Response, status: int, pointer: str | None = None) -> dict:
    """Assert ``r`` is an RFC 9457 problem with ``status`` (and an error at ``pointer``); return its body."""
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers["content-type"]
    body = r.json()
    assert body["status"] == status and body["title"] and body["type"], body
    if pointer is not None:
        assert pointer in [e["pointer"] for e in body.get("errors", [])], body
    return body
