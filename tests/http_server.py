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
``caplog`` sees them, access log included.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from linkwork.api.app import create_app

from linkwork.core import Core

__all__ = ["LiveServer", "serve_core", "serve_app", "assert_problem", "free_port"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving ``app`` in a thread of this process, on a free port of 127.0.0.1."""

    def __init__(self, app, port: int | None = None):
        self.app = app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_config=None,
                                                     log_level="info", lifespan="on"))
        self._thread = threading.Thread(target=self._server.run, name=f"uvicorn-{self.port}", daemon=True)

    @property
    def core(self) -> Core:
        return self.app.state.core

    def start(self, *, ready_timeout: float | None = 120.0) -> LiveServer:
        """Start, wait until it accepts connections, then until the model is built (unless ``ready_timeout`` is None)."""
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start on {self.url}")
            time.sleep(0.02)
        if ready_timeout is not None and not self.app.state.model_state.wait(ready_timeout):
            raise RuntimeError(f"the model was not built within {ready_timeout} s: {self.app.state.model_state.status()}")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)

    def client(self, **kwargs) -> httpx.Client:
        """An httpx client with this server as its base URL."""
        return httpx.Client(base_url=self.url, timeout=kwargs.pop("timeout", 30.0), **kwargs)


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
