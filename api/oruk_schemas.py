"""The Open Referral UK 3.0 schemas as OpenAPI components, so ``/openapi.json`` describes every
response by the official schemas (and schemathesis checks our answers against them).

The modular files (``loaders/schemas/oruk-3.0``) become ``ORUK_<name>`` components, their
``$ref: "phone.json"`` links rewritten to ``#/components/schemas/ORUK_phone``; the
compiled list-item schemas (``api/schemas/oruk-3.0``) become ``ServiceListItem`` and
``ServiceAtLocationListItem``. Only JSON Schema keywords are kept (the files also carry
table metadata such as ``constraints`` and ``datapackage_metadata``).

>>> c = oruk_components()
>>> c["ORUK_service"]["properties"]["phones"]["items"] if "phones" in c["ORUK_service"]["properties"] else \\
...     c["ORUK_service"]["properties"]["schedules"]["items"]
{'$ref': '#/components/schemas/ORUK_schedule'}
>>> sorted(k for k in c if not k.startswith("ORUK_"))[:4]
['ApiInfo', 'Page', 'ServiceAtLocation', 'ServiceAtLocationListItem']
"""
from __future__ import annotations

import copy
from functools import cache

from linkwork.api.directory import list_schema
from linkwork.loaders.openreferral import SCHEMAS, schema_file

__all__ = ["oruk_components", "page_of", "ref"]

_KEEP = {"type", "properties", "items", "required", "enum", "format", "$ref", "description", "title", "allOf", "anyOf",
         "oneOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "pattern", "minLength", "maxLength",
         "minItems", "maxItems", "uniqueItems", "const", "additionalProperties", "examples"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _clean(node, *, in_properties: bool = False):
    if isinstance(node, list):
        return [_clean(x) for x in node]
    if not isinstance(node, dict):
        return node
    if in_properties:  # property names are data, not keywords
        return {k: _clean(v) for k, v in node.items()}
    out = {}
    for k, v in node.items():
        if k not in _KEEP:
            continue
        if k == "$ref" and isinstance(v, str) and v.endswith(".json") and "#" not in v:
            v = ref("ORUK_" + v.removesuffix(".json").rsplit("/", 1)[-1])["$ref"]
        out[k] = _clean(v, in_properties=(k == "properties"))
    return out


def page_of(item: dict, description: str) -> dict:
    """The paged envelope with ``contents`` of ``item``."""
    return {"description": description, "allOf": [ref("Page")],
            "properties": {"contents": {"type": "array", "items": item}}, "required": ["contents"]}


@cache
def _components() -> dict:
    comps: dict[str, dict] = {}
    for f in sorted((SCHEMAS / "oruk-3.0").glob("*.json")):
        comps["ORUK_" + f.stem] = _clean(schema_file("oruk-3.0", f.name))
    comps["ServiceListItem"] = _clean(list_schema("service_list"))
    comps["ServiceAtLocationListItem"] = _clean(list_schema("service_at_location_list"))
    comps["ServiceAtLocation"] = {
        "description": "A service at a location, fully nested: the location with its addresses, and the service.",
        "allOf": [ref("ORUK_service_at_location")], "properties": {"service": ref("ORUK_service")}}
    comps["Page"] = {
        "type": "object", "description": "The paged envelope of the UK profile.",
        "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"],
        "properties": {
            "total_items": {"type": "integer", "description": "How many items match, over all pages."},
            "total_pages": {"type": "integer", "description": "How many pages there are (0 when nothing matches)."},
            "page_number": {"type": "integer", "description": "This page's number, from 1."},
            "size": {"type": "integer", "description": "How many items this page holds."},
            "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
            "empty": {"type": "boolean", "description": "Whether this page holds nothing."}}}
    comps["ServicePage"] = page_of(ref("ServiceListItem"), "A page of services (list form; full records with full=true).")
    comps["ServiceAtLocationPage"] = page_of(ref("ServiceAtLocationListItem"), "A page of services at locations.")
    comps["TaxonomyPage"] = page_of(ref("ORUK_taxonomy"), "A page of taxonomies.")
    comps["TaxonomyTermPage"] = page_of(ref("ORUK_taxonomy_term"), "A page of taxonomy terms.")
    comps["ApiInfo"] = {"type": "object", "required": ["version", "profile", "openapi_url"], "properties": {
        "version": {"type": "string", "description": "HSDS version of this API."},
        "profile": {"type": "string", "format": "uri", "description": "URL of the HSDS profile of this API."},
        "openapi_url": {"type": "string", "format": "uri", "description": "URL of this API's OpenAPI document."}}}
    return comps


def oruk_components() -> dict:
    """Every component the ORUK routes refer to (a fresh copy, safe to merge into an OpenAPI document)."""
    return copy.deepcopy(_components())
