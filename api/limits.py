"""A cap on request bodies, so one large POST cannot take a worker's memory: 413 as problem+json.

Checked against ``Content-Length`` before anything is read; a body without
one (chunked) is read up to the limit here, then passed on.
"""
from __future__ import annotations

import json

from linkwork.api.problems import PROBLEM_JSON
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit", "DEFAULT_MAX_BODY"]

#: 1 MiB: a profile or a what-if is a few kilobytes.
DEFAULT_MAX_BODY = 1 << 20


class BodyLimit:
    """ASGI middleware answering 413 for a request body over ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._refuse(send)
            return
        if length is None and scope.get("method") in ("POST", "PUT", "PATCH"):
            # No length given (chunked): read at most the limit here, then hand the app what was read.
            chunks, seen = [], 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    break
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    await self._refuse(send)
                    return
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    break
            replay = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

            async def replayed() -> Message:
                return replay.pop() if replay else await receive()

            await self.app(scope, replayed, send)
            return
        await self.app(scope, receive, send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"type": "about:blank", "title": "Content Too Large", "status": 413,
                           "detail": f"the request body is over the limit of {self.max_bytes} bytes"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
