"""One module per resource; a new resource is one new module named in :data:`ROUTERS`.

Each module has ``router`` (a FastAPI ``APIRouter`` with its own prefix and
tags) and may have ``VIEWS`` (name -> ``builder(core, model)``): data it
serves from memory, built with the model once per store version (see
:mod:`linkwork.api.state`), read in an endpoint as ``snapshot.view(name)``.
"""
from __future__ import annotations

__all__ = ["ROUTERS"]

#: modules under linkwork.api.routers, included in this order.
ROUTERS: list[str] = [
    "health",
    # the Open Referral UK 3.0 surface
    "root",
    "services",
    "service_at_locations",
    "taxonomies",
    "taxonomy_terms",
    # linkwork's own: search and records (public), navigators, commissioners
    "search",
    "pathways",
    "eligibility",
    "gaps",
    "sparql",
]
