"""The HTTP API: one FastAPI app over a :class:`~linkwork.core.Core`, built by a factory.

Nothing is built at import time, so a test can make one app per store and
``linkwork serve --workers N`` gives each worker its own (through
:func:`app_from_env`). The routers are the modules named in
:data:`linkwork.api.routers.ROUTERS`; errors are problem+json
(:mod:`linkwork.api.problems`); bodies are capped (:mod:`linkwork.api.limits`);
the model is built in the background (:mod:`linkwork.api.state`).

>>> from linkwork.core import Core
>>> app = create_app(Core.open(), build=False)
>>> "/health" in app.openapi()["paths"]
True
"""
from __future__ import annotations

import importlib
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from linkwork.api.access_log import AccessLog
from linkwork.api.auth import KeyAuth
from linkwork.api.keys import KeyFile, keys_path
from linkwork.api.limits import DEFAULT_MAX_BODY, BodyLimit
from linkwork.api.problems import install_handlers
from linkwork.api.ratelimit import RateLimits, rates_from_text
from linkwork.api.routers import ROUTERS
from linkwork.api.state import ModelState, ViewBuilder

from linkwork.core import Core

__all__ = ["create_app", "app_from_env", "DESCRIPTION"]

DESCRIPTION = """\
linkwork's HTTP API: local services, eligibility thresholds, referral routes, mutual aid
meetings and community assets for people in recovery and people leaving the criminal
justice system.

The Open Referral UK 3.0 surface (`/`, `/services`, `/service_at_locations`, `/taxonomies`,
`/taxonomy_terms`) is open to anyone, with CORS. Errors are RFC 9457 `application/problem+json`
with a JSON pointer to the field at fault; they never repeat what was sent. Confidential
locations appear by their area only.
"""


def create_app(core: Core, *, max_body: int = DEFAULT_MAX_BODY, build: bool = True, keys: KeyFile | None = None,
               rates: Mapping[str, str] | None = None) -> FastAPI:
    """The app over ``core``; with ``build`` the model starts building in the background at startup.

    ``keys`` are the API keys callers may present (default: the file beside the store,
    :func:`linkwork.api.keys.keys_path`); ``rates`` the per-role rate limits
    (default: :data:`linkwork.api.ratelimit.DEFAULT_RATES`).
    """
    modules = [importlib.import_module(f"linkwork.api.routers.{name}") for name in ROUTERS]
    views: dict[str, ViewBuilder] = {}
    for m in modules:
        views.update(getattr(m, "VIEWS", {}))
    state = ModelState(core, views)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if build:
            state.start()
        yield

    app = FastAPIOffline(title="linkwork", version=_version(), description=DESCRIPTION, lifespan=lifespan,
                         docs_url="/docs", redoc_url="/redoc", static_url="/static/docs")
    app.state.core = core
    app.state.model_state = state
    install_handlers(app)
    for m in modules:
        app.include_router(m.router)
    from linkwork.viz.site import mount_pages

    mount_pages(app)
    if keys is None:
        where = keys_path(core.store.path)
        keys = KeyFile(where) if where is not None else None
    app.state.keys = keys
    app.add_middleware(KeyAuth, keys=keys, rates=RateLimits(rates))  # inside CORS, so browsers can read a 401 or 429
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"],
                       expose_headers=["Retry-After"])
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(AccessLog)  # outermost: every answer is logged, by path only
    return app


def app_from_env() -> FastAPI:
    """The app over the store at ``$LINKWORK_STORE``, opened read-only: what each uvicorn worker runs."""
    from linkwork.core import default_store_path

    if os.environ.get("LINKWORK_BACKEND") == "neo4j":  # `serve --backend neo4j`: each worker reads the shared graph
        from linkwork.graph.neo4j.backend import SERVE_CHECK_EVERY, Neo4jCore
        from linkwork.graph.neo4j.connection import settings_from_env

        core: Core = Neo4jCore.connect(settings_from_env(), check_every=SERVE_CHECK_EVERY)
    else:
        core = Core.open(default_store_path(), read_only=True)
    return create_app(core,
                      max_body=int(os.environ.get("LINKWORK_MAX_BODY", DEFAULT_MAX_BODY)),
                      rates=rates_from_text(os.environ.get("LINKWORK_RATE_LIMITS", "")))


def _openapi(app: FastAPI) -> dict:
    """FastAPI's document plus the official ORUK schemas the routes' responses refer to; built once."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi
        from linkwork.api.oruk_schemas import oruk_components

        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes,
                          tags=[{"name": "Open Referral UK", "description": "The Open Referral UK 3.0 surface: open to "
                                 "anyone, no key, CORS open."}, {"name": "health"}])
        doc.setdefault("components", {}).setdefault("schemas", {}).update(oruk_components())
        app.openapi_schema = doc
    return app.openapi_schema


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("linkwork")
    except PackageNotFoundError:
        return "0"
