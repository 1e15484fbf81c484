"""``GET /service_at_locations`` and ``/{id}``: services at their locations, by postcode and distance too."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from linkwork.api.directory import Directory, Filters
from linkwork.api.oruk_params import Near, near, service_filters
from linkwork.api.paging import Format, Paging, ndjson_response, page_response, paging
from linkwork.api.problems import ProblemError, field_error
from linkwork.api.routers._oruk import TAGS, directory, not_found, ok
from linkwork.graph import places, postcodes

__all__ = ["router"]

router = APIRouter(tags=TAGS)

_ITEM = {"id": "15f6354b-cec7-5e25-8eee-5c3ff120e7c1", "service_id": "329acbf2-04f8-5283-9a31-beff9d0aa013",
         "location_id": "6915ab51-c482-5e8f-bfd7-cac931410911",
         "location": {"id": "6915ab51-c482-5e8f-bfd7-cac931410911", "location_type": "physical",
                      "latitude": 54.048, "longitude": -2.8},
         "service": {"id": "329acbf2-04f8-5283-9a31-beff9d0aa013", "name": "North Lancashire community drug team",
                     "status": "active"}}
EXAMPLE_PAGE = {"total_items": 27, "total_pages": 27, "page_number": 1, "size": 1, "first_page": True, "last_page": False,
                "empty": False, "contents": [_ITEM]}


@router.get("/service_at_locations", summary="A page of services at locations",
            operation_id="getPaginatedListOfServiceAtLocation",
            responses=ok("ServiceAtLocationPage", "A page of services at locations (list form; full with full=true); "
                         "with postcode and proximity, nearest first; with format=ndjson every match, one a line.",
                         EXAMPLE_PAGE, ndjson=True))
def list_service_at_locations(
    filters: Filters = Depends(service_filters),
    where: Near = Depends(near),
    p: Paging = Depends(paging),
    full: bool = Query(False, description="Fully nested entries: the location with addresses, the whole service."),
    minimal: bool = Query(False, description="Only each entry's id, service_id and location_id."),
    format: Format = Query("json", description="json: a page; ndjson: every match, streamed, one a line."),
    d: Directory = Depends(directory),
):
    """Services at locations, filtered as ``/services`` is, and by postcode (service area) or distance."""
    area = origin = None
    if where.postcode:
        try:
            if where.proximity is not None:
                pt = postcodes.locate(where.postcode)
                origin = (pt.lat, pt.lon)
            else:
                area = places.resolve_postcode(d.model, where.postcode)
        except postcodes.PostcodeError as exc:
            raise ProblemError(422, "query parameter postcode is not valid",
                               errors=[field_error(("query", "postcode"), str(exc))]) from None
        if area is None and origin is None:  # a real postcode outside every area the store knows: nothing serves it
            found = []
        else:
            found = d.sals_matching(filters, postcode_area=area, origin=origin, within_m=where.proximity)
    else:
        found = d.sals_matching(filters)
    if minimal:
        def render(e):
            return {k: e.item[k] for k in ("id", "service_id", "location_id")}
    elif full:
        def render(e):
            return e.entry
    else:
        def render(e):
            return e.item
    return ndjson_response(found, render) if format == "ndjson" else page_response(found, p, render)


@router.get("/service_at_locations/{id}", summary="One service at a location, fully nested",
            operation_id="getServiceAtLocationWithNestedDataById",
            responses=ok("ServiceAtLocation", "The entry with its location (and addresses) and its whole service.",
                         _ITEM, missing="service at location"))
def get_service_at_location(id: str = Path(description="The entry's id (a UUID).", max_length=200),
                            d: Directory = Depends(directory)):
    e = d.sal_by_id.get(id)
    if e is None:
        raise not_found("service at location", id)
    return JSONResponse(e.entry)
