"""Who is asking: the API key on a request, its role, and the dependency endpoints use to
demand one.

A key comes as ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``
(see :mod:`linkwork.api.keys`); no key is the public role. :class:`KeyAuth`, a
middleware, checks the key and the caller's rate limit on every request, before
any endpoint runs, and puts the :class:`Principal` on the request. An endpoint
that needs more than public declares it::

    @router.post("/pathways", dependencies=[Depends(require("navigator"))])

or takes the principal to shape its answer (``principal: Principal = Depends(require("public"))``).
A missing or wrong key for a protected endpoint is 401 with ``WWW-Authenticate``;
a key whose role is too low is 403; both are problem+json and never repeat the key.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

import anyio.to_thread
from fastapi import Request
from linkwork.api.keys import ROLES, KeyFile, allows
from linkwork.api.problems import PROBLEM_JSON, PROBLEM_RESPONSES, ProblemError, problem
from linkwork.api.ratelimit import RateLimits
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["Principal", "PUBLIC", "KeyAuth", "require", "principal", "AUTH_RESPONSES"]


@dataclass(frozen=True)
class Principal:
    """The caller: a role, and the key's id and label (None for the public)."""

    role: str
    key_id: str | None = None
    label: str | None = None

    def allows(self, needed: str) -> bool:
        return allows(self.role, needed)


PUBLIC = Principal("public")
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="linkwork"'}


def principal(request: Request) -> Principal:
    """The caller of this request, as :class:`KeyAuth` found it (public without the middleware)."""
    return getattr(request.state, "principal", PUBLIC)


def require(role: str) -> Callable[[Request], Principal]:
    """A dependency demanding at least ``role``: 401 without a key, 403 with one of a lower role."""
    if role not in ROLES:
        raise ValueError(f"not a role: {role}")

    def dependency(request: Request) -> Principal:
        who = principal(request)
        if who.allows(role):
            return who
        if who.key_id is None:
            raise ProblemError(401, f"this needs an API key of the {role} role or above "
                                    "(Authorization: Bearer KEY, or X-API-Key: KEY)", headers=_CHALLENGE)
        raise ProblemError(403, f"this needs the {role} role or above; the key given is {who.role}")

    dependency.__name__ = f"require_{role}"
    return dependency


class KeyAuth:
    """ASGI middleware: identify the caller by key, count the request against its rate limit."""

    def __init__(self, app: ASGIApp, keys: KeyFile | None = None, rates: RateLimits | None = None):
        self.app, self.keys, self.rates = app, keys, rates or RateLimits()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _token(scope)
        who = PUBLIC
        if token is not None:
            key = await anyio.to_thread.run_sync(self.keys.verify, token) if self.keys is not None else None
            if key is None:
                await problem(401, "the API key is not known or has been revoked", headers=_CHALLENGE)(scope, receive, send)
                return
            who = Principal(key.role, key.id, key.label)
            caller, rate = f"key:{key.id}", key.rate_limit
        else:
            client = scope.get("client")
            caller, rate = f"client:{client[0] if client else 'unknown'}", None
        wait = self.rates.hit(who.role, caller, rate)
        if wait is not None:
            await problem(429, f"too many requests; try again in {wait} s", headers={"Retry-After": str(wait)})(scope, receive, send)
            return
        scope.setdefault("state", {})["principal"] = who
        await self.app(scope, receive, send)


def _token(scope: Scope) -> str | None:
    """The key from ``Authorization: Bearer`` or ``X-API-Key``; None if neither is given."""
    for name, value in scope.get("headers") or []:
        if name == b"authorization":
            scheme, _, rest = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and rest.strip():
                return rest.strip()
        elif name == b"x-api-key" and value.strip():
            return value.decode("latin-1").strip()
    return None


def _problem(description: str, status: int, detail: str, headers: dict | None = None) -> dict:
    schema = PROBLEM_RESPONSES[422]["content"][PROBLEM_JSON]["schema"]
    out: dict = {"description": description, "content": {PROBLEM_JSON: {"schema": schema, "example": {
        "type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}}}}
    if headers:
        out["headers"] = {name: {"schema": {"type": "string"}, "description": why} for name, why in headers.items()}
    return out


#: OpenAPI ``responses`` for endpoints behind a role.
AUTH_RESPONSES: dict[int | str, dict] = {
    401: _problem("No API key, or one that is unknown or revoked.", 401,
                  "this needs an API key of the navigator role or above (Authorization: Bearer KEY, or X-API-Key: KEY)",
                  {"WWW-Authenticate": "Bearer"}),
    403: _problem("The key's role is below what the endpoint needs.", 403,
                  "this needs the commissioner role or above; the key given is navigator"),
    429: _problem("Over the rate limit; retry after `Retry-After` seconds.", 429, "too many requests; try again in 12 s",
                  {"Retry-After": "seconds to wait"}),
}
