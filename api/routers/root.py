"""``GET /``: which HSDS version and profile this API follows, and where its OpenAPI is."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from linkwork.api.routers._oruk import TAGS, ok
from linkwork.viz.pages import home
from linkwork.viz.render import prefers_html

router = APIRouter(tags=TAGS)

PROFILE = "https://github.com/openreferral/uk-profile"
EXAMPLE = {"version": "3.0", "profile": PROFILE, "openapi_url": "http://127.0.0.1:8001/openapi.json"}


@router.get("/", summary="About this API", operation_id="getAPIMetaInformation",
            responses=ok("ApiInfo", "The HSDS version, the profile and the OpenAPI URL.", EXAMPLE))
def about(request: Request) -> Any:
    """The HSDS version (3.0), the UK profile and the URL of the OpenAPI document, as the profile asks.

    A browser asking for HTML gets the home page instead (:mod:`linkwork.viz.pages.home`).
    """
    if prefers_html(request):
        return home.page(request)
    return {"version": "3.0", "profile": PROFILE, "openapi_url": str(request.base_url).rstrip("/") + request.app.openapi_url}
