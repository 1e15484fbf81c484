"""``GET /services`` and ``GET /services/{id}``: Open Referral UK services, paged and filtered."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from linkwork.api.directory import Directory, Filters, Listed
from linkwork.api.oruk_params import service_filters
from linkwork.api.paging import Format, Paging, ndjson_response, page_response, paging
from linkwork.api.routers._oruk import TAGS, VIEWS, directory, not_found, ok

__all__ = ["router", "VIEWS"]

router = APIRouter(tags=TAGS)

_ORG = {"id": "60979f75-0e25-55a2-8f58-7171801f95be", "name": "North Lancashire treatment provider (illustrative)",
        "description": "One of the three unnamed treatment provider organisations, one per locality."}
_ITEM = {"id": "329acbf2-04f8-5283-9a31-beff9d0aa013", "name": "North Lancashire community drug team", "status": "active",
         "assured_date": "2026-11-24", "organization_id": _ORG["id"], "organization": _ORG}
EXAMPLE_PAGE = {"total_items": 41, "total_pages": 41, "page_number": 1, "size": 1, "first_page": True, "last_page": False,
                "empty": False, "contents": [_ITEM]}
EXAMPLE_FULL = {**_ITEM, "schedules": [{"id": "0d1e7f0a-5a1c-5b7e-9d0e-3c5b8f1a2b3c", "freq": "WEEKLY",
                                        "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}],
                "service_areas": [{"id": "cce0a7c9-04cd-5aed-9bf0-71eb71ad4436", "name": "Lancaster"}]}


def _render(minimal: bool, full: bool):
    if minimal:  # id and modified date, with the two fields the list schema requires
        return lambda s: {k: s.item[k] for k in ("id", "name", "status", "last_modified") if k in s.item}
    return (lambda s: s.record) if full else (lambda s: s.item)


@router.get("/services", summary="A page of services", operation_id="getPaginatedListOfServices",
            responses=ok("ServicePage", "A page of services in the list form of the UK profile (full records with "
                         "full=true); with format=ndjson every matching service, one a line.", EXAMPLE_PAGE, ndjson=True))
def list_services(
    filters: Filters = Depends(service_filters),
    p: Paging = Depends(paging),
    minimal: bool = Query(False, description="Only each service's id, name, status and last_modified."),
    full: bool = Query(False, description="Fully nested services (schedules, locations, attributes...)."),
    format: Format = Query("json", description="json: a page; ndjson: every matching service, streamed, one a line."),
    d: Directory = Depends(directory),
):
    """Services by id, filtered by the query parameters; an empty result is an empty page, not an error."""
    found: list[Listed] = d.services_matching(filters)
    render = _render(minimal, full)
    return ndjson_response(found, render) if format == "ndjson" else page_response(found, p, render)


@router.get("/services/{id}", summary="One service, fully nested", operation_id="getFullyNestedServiceById",
            responses=ok("ORUK_service", "The service with all its related data.", EXAMPLE_FULL, missing="service"))
def get_service(id: str = Path(description="The service's id (a UUID).", max_length=200),
                d: Directory = Depends(directory)):
    s = d.by_id.get(id)
    if s is None:
        raise not_found("service", id)
    return JSONResponse(s.record)
