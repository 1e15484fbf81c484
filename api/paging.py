"""The paged envelope of Open Referral list endpoints, and ``format=ndjson`` streaming.

>>> envelope([{"id": "a"}, {"id": "b"}, {"id": "c"}], Paging(page=2, per_page=2))["contents"]
[{'id': 'c'}]
>>> {k: v for k, v in envelope([], Paging()).items() if k != "contents"}
{'total_items': 0, 'total_pages': 0, 'page_number': 1, 'size': 0, 'first_page': True, 'last_page': True, 'empty': True}
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from fastapi import Query
from fastapi.responses import JSONResponse, StreamingResponse

__all__ = ["Paging", "paging", "envelope", "page_response", "ndjson_response", "NDJSON", "Format", "MAX_PER_PAGE"]

NDJSON = "application/x-ndjson"
MAX_PER_PAGE = 1000
Format = Literal["json", "ndjson"]


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = 50


def paging(page: int = Query(1, ge=1, le=1_000_000, description="Page number of paginated result (from 1).", examples=[1]),
           per_page: int = Query(50, ge=1, le=MAX_PER_PAGE, description=f"Number of results in a page (1 to {MAX_PER_PAGE}).",
                                 examples=[50])) -> Paging:
    return Paging(page, per_page)


def envelope(items: Sequence, p: Paging, render: Callable = lambda x: x) -> dict:
    """One page of ``items``, in the envelope the UK profile defines (``render`` turns an item into JSON)."""
    total = len(items)
    pages = -(-total // p.per_page)
    start = (p.page - 1) * p.per_page
    contents = [render(x) for x in items[start:start + p.per_page]]
    return {"total_items": total, "total_pages": pages, "page_number": p.page, "size": len(contents),
            "first_page": p.page == 1, "last_page": p.page >= pages, "empty": not contents, "contents": contents}


def page_response(items: Sequence, p: Paging, render: Callable = lambda x: x) -> JSONResponse:
    return JSONResponse(envelope(items, p, render))


def ndjson_response(items: Iterable, render: Callable = lambda x: x) -> StreamingResponse:
    """Every item, one JSON document a line, streamed: no paging, no envelope."""
    def lines() -> Iterator[bytes]:
        for x in items:
            yield (json.dumps(render(x), ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    return StreamingResponse(lines(), media_type=NDJSON)
