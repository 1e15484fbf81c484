"""A person's profile taken from a request body: never from a URL, never logged, cached or stored,
and never repeated in an error.

The body is read and validated here rather than by FastAPI, so that an error
names the field by a JSON pointer that stops where the person's own words
would begin (a need domain they typed, an unknown field's name) and says what
is allowed (:mod:`linkwork.graph.profile` writes those messages).
"""
from __future__ import annotations

import json
import re
from typing import Any

from fastapi import Request
from linkwork.api.problems import ProblemError, field_error
from linkwork.graph.profile import Profile, parse_profile
from pydantic import ValidationError

from linkwork.errors import ProfileError

__all__ = ["profile_body", "profile_problem", "PROFILE_BODY", "NO_STORE", "inline_schema"]

#: Profile fields whose keys the person chooses: a pointer stops at the field.
_FREE_KEYS = frozenset({"needs", "diagnoses", "values"})
#: Responses about a person are not to be kept by any cache on the way.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


async def profile_body(request: Request) -> Profile:
    """The request's JSON body as a :class:`Profile`; 422 naming the field otherwise."""
    raw = await request.body()
    try:
        data = json.loads(raw) if raw.strip() else None
    except (ValueError, RecursionError):
        raise ProblemError(422, "the body is not valid JSON", errors=[field_error(("body",), "not valid JSON")]) from None
    if not isinstance(data, dict):
        raise ProblemError(422, "the body must be a profile: a JSON object of profile fields",
                           errors=[field_error(("body",), "a profile is a JSON object")])
    try:
        return Profile.model_validate(data)
    except (ValidationError, ValueError) as exc:
        errors = exc.errors(include_input=False, include_url=False) if isinstance(exc, ValidationError) else []
        try:
            parse_profile(data, "profile")
            message = "profile: not valid"
        except ProfileError as safe:
            message = str(safe)
        pointer = _pointer(errors[0]) if errors else ("body",)
        raise ProblemError(422, message, errors=[field_error(pointer, message.removeprefix("profile: "))]) from None


def _pointer(error: Any) -> tuple:
    """Where an error is, up to (not into) anything the person named themselves."""
    loc = [p for p in error.get("loc", ()) if p not in ("[key]",)]
    if error.get("type") == "extra_forbidden":
        loc = loc[:-1]  # the unknown field's name is the person's text
    out: list[Any] = ["body"]
    for part in loc:
        out.append(part)
        if part in _FREE_KEYS:
            break
    return tuple(out)


def profile_problem(exc: ProfileError) -> ProblemError:
    """A profile that parsed but holds a value outside the ontology's lists, as a located 422."""
    message = str(exc)
    m = re.match(r"profile field ([\w.]+)", message)
    loc = ("body", *m.group(1).split(".")) if m else ("body",)
    return ProblemError(422, message, errors=[field_error(loc, message)])


def inline_schema(model) -> dict:
    """``model``'s JSON Schema with its ``$defs`` written in place, for an OpenAPI request body."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)


_EXAMPLE = {"label": "Dean (fictional)", "age": 41, "gender": "male", "area": "Preston",
            "needs": {"drugs": "moderate", "employment": "mild"},
            "substance_use": {"substances": ["opiates"], "status": "on-script"}}

#: ``openapi_extra`` for an endpoint taking a profile as its JSON body.
PROFILE_BODY = {"requestBody": {"required": True, "description": "The person's situation; every field may be left out "
                                "(unknown). Never stored or logged.",
                                "content": {"application/json": {"schema": inline_schema(Profile), "example": _EXAMPLE}}}}
