"""``GET /taxonomy_terms`` and ``/{id}``: the terms services are tagged with (types, needs, audiences, criteria)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse
from linkwork.api.directory import Directory
from linkwork.api.paging import Paging, page_response, paging
from linkwork.api.routers._oruk import TAGS, directory, not_found, ok

__all__ = ["router"]

router = APIRouter(tags=TAGS)

_TERM = {"id": "8d4f9a97-fc7f-5174-9aea-ee29f0e4a5e1", "name": "housing", "description": "linkwork:need-domain housing",
         "taxonomy": "linkwork:need-domain", "taxonomy_id": "1015a196-6455-5f0f-9820-1f9cef3554e8",
         "term_uri": "https://w3id.org/linkwork/vocab/need/housing"}


@router.get("/taxonomy_terms", summary="A page of taxonomy terms", operation_id="getPaginatedListOfTaxonomyTerms",
            responses=ok("TaxonomyTermPage", "A page of taxonomy terms.", {
                "total_items": 47, "total_pages": 47, "page_number": 1, "size": 1, "first_page": True, "last_page": False,
                "empty": False, "contents": [_TERM]}))
def list_taxonomy_terms(p: Paging = Depends(paging), d: Directory = Depends(directory)):
    return page_response(d.terms, p)


@router.get("/taxonomy_terms/{id}", summary="One taxonomy term", operation_id="getTaxonomyTermById",
            responses=ok("ORUK_taxonomy_term", "The term.", _TERM, missing="taxonomy term"))
def get_taxonomy_term(id: str = Path(description="The term's id (a UUID).", max_length=200),
                      d: Directory = Depends(directory)):
    t = d.term_by_id.get(id)
    if t is None:
        raise not_found("taxonomy term", id)
    return JSONResponse(t)
