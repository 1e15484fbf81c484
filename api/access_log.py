"""The server's access log: method, path, status and time, never the query string or the body.

uvicorn's own access log prints each request line whole, so a search for a full
postcode (``?postcode=PR1 2HE``, a few households) or any other query would be
written to the log. This one logs the path only, on the ``linkwork.api.access``
logger; ``linkwork serve`` turns uvicorn's off.
"""
from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["AccessLog"]

log = logging.getLogger("linkwork.api.access")


class AccessLog:
    """ASGI middleware: one log line a request, with no query string."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status = 500

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watched)
        finally:
            log.info("%s %s %s %.1f ms", scope.get("method"), scope.get("path"), status, (time.perf_counter() - t0) * 1000)
