"""``GET /taxonomies`` and ``/{id}``: the taxonomies the services' attributes use."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse
from linkwork.api.directory import Directory
from linkwork.api.paging import Paging, page_response, paging
from linkwork.api.routers._oruk import TAGS, directory, not_found, ok

__all__ = ["router"]

router = APIRouter(tags=TAGS)

_TAX = {"id": "5423f5bf-5955-5ced-bef9-6af96fed5b7f", "name": "linkwork:service-type",
        "description": "What kind of service it is (linkwork's service types).",
        "uri": "https://w3id.org/linkwork/vocab/service-type/"}


@router.get("/taxonomies", summary="A page of taxonomies", operation_id="getPaginatedListOfTaxonomies",
            responses=ok("TaxonomyPage", "A page of taxonomies.", {
                "total_items": 4, "total_pages": 4, "page_number": 1, "size": 1, "first_page": True, "last_page": False,
                "empty": False, "contents": [_TAX]}))
def list_taxonomies(p: Paging = Depends(paging), d: Directory = Depends(directory)):
    return page_response(d.taxonomies, p)


@router.get("/taxonomies/{id}", summary="One taxonomy, with its terms", operation_id="getTaxonomyById",
            responses=ok("ORUK_taxonomy", "The taxonomy and the terms of it that services use.", _TAX, missing="taxonomy"))
def get_taxonomy(id: str = Path(description="The taxonomy's id (a UUID).", max_length=200),
                 d: Directory = Depends(directory)):
    t = d.taxonomy_by_id.get(id)
    if t is None:
        raise not_found("taxonomy", id)
    terms = [x for x in d.terms if x.get("taxonomy_id") == id]
    return JSONResponse({**t, "taxonomy_terms": terms} if terms else t)
