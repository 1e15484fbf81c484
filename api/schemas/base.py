"""The base of every response model, and the small shapes they share."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["Schema", "Ref", "PublicLocation", "ContactPublic", "dump", "undescribed"]


class Schema(BaseModel):
    """A response shape: keeps unknown fields (so nothing is lost) and lets :func:`undescribed` find them."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Ref(Schema):
    """Another record, by id and name."""

    id: str
    label: str


class ContactPublic(Schema):
    """A way to reach a service. ``staff_only`` ones (a referral line) reach navigators and above only."""

    title: str | None = None
    telephone: str | None = None
    email: str | None = None
    staff_only: bool = False


class PublicLocation(Schema):
    """A place as any response shows it: a confidential one by its area only, with an opaque id,
    a name that says only that ("Confidential address in Preston") and no point
    (see :mod:`linkwork.graph.confidential`)."""

    id: str | None = None
    label: str | None = None
    area: Ref | None = None
    #: [latitude, longitude]
    point: list[float] | None = None
    confidential: bool = False


def dump(model: BaseModel, *, drop_none: bool = False) -> Any:
    """Plain JSON-ready data with exactly the fields the engine gave, named as it spells them
    (``from``, not ``from_``); ``drop_none`` also leaves out fields with no value (those that do
    not apply to a record's kind)."""
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=drop_none)


def undescribed(model: BaseModel, path: str = "") -> Iterator[str]:
    """The paths of fields an engine returned that ``model`` (or a model inside it) does not describe."""
    for key in model.model_extra or {}:
        yield f"{path}.{key}"
    for name, value in model:
        yield from _walk(value, f"{path}.{name}")


def _walk(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, BaseModel):
        yield from undescribed(value, path)
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}")
