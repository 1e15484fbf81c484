"""uvicorn serving an app in a thread of this process, on a free port of 127.0.0.1.

For the tests (``tests/http_server.py``) and ``linkwork bench api``: a real server on
a real socket, started and stopped from Python, with its log records going to
Python logging (``log_config=None``). As under ``linkwork serve``, requests are logged
by the app's own access log (``linkwork.api.access``, path only), not uvicorn's
(``access_log=True`` turns uvicorn's on too).
"""
from __future__ import annotations

import logging
import socket
import threading
import time

import httpx
import uvicorn

from linkwork.core import Core

__all__ = ["LiveServer", "free_port"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving ``app`` in a thread of this process, on a free port of 127.0.0.1."""

    def __init__(self, app, port: int | None = None, *, access_log: bool = False):
        self.app = app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_config=None,
                                                     log_level="info", lifespan="on", access_log=access_log))
        self._thread = threading.Thread(target=self._server.run, name=f"uvicorn-{self.port}", daemon=True)
        if not access_log:  # uvicorn decides by whether its logger has handlers, which pytest's capture gives it
            logging.getLogger("uvicorn.access").disabled = True

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
