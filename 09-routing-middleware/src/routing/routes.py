"""The routers: one `APIRouter` per API version, mounted under `/v1` and `/v2`.

Go's chi has `r.Route("/v1", func(r chi.Router) {...})`; FastAPI has an `APIRouter` with a
`prefix`, included into the app. v2 changes the contract (items are addressed by a SKU string
instead of an integer id, and the answer says who asked), which is exactly when a new prefix
is needed: v1 clients keep working unchanged.

`who` is the dependency that yields the caller's `Principal`: `principal_from_state` when the
auth middleware is in the stack, `require_principal` when auth is a dependency (see app.py).

No `from __future__ import annotations` in this module: the routes use `Caller`, an alias
local to each factory, and FastAPI can resolve a string annotation only from module globals.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi import Path as PathParam
from pydantic import BaseModel

from routing.auth import Principal

WhoDependency = Callable[..., Principal] | Callable[..., Awaitable[Principal]]


@dataclass(frozen=True, slots=True)
class _Item:
    id: int
    sku: str
    name: str


CATALOGUE = (
    _Item(1, "HAM-001", "hammer"),
    _Item(2, "SAW-002", "saw"),
    _Item(3, "DRL-003", "drill"),
)
BY_ID = {item.id: item for item in CATALOGUE}
BY_SKU = {item.sku: item for item in CATALOGUE}

ItemId = Annotated[int, PathParam(ge=1, le=1_000_000, description="v1: a positive integer")]
Sku = Annotated[str, PathParam(pattern=r"^[A-Z]{3}-[0-9]{3}$", description="v2: e.g. HAM-001")]


class ItemV1(BaseModel):
    id: int
    name: str


class ItemV2(BaseModel):
    sku: str
    name: str
    requested_by: str


class ErrorDetail(BaseModel):
    """The body of every error this app sends itself: `{"detail": "..."}`."""

    detail: str


Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: {"model": ErrorDetail, "description": "No such item"}}
# Every route behind auth can answer 401, whether auth is middleware or a dependency.
UNAUTHORIZED: Responses = {
    401: {"model": ErrorDetail, "description": "No valid API key; see WWW-Authenticate"}
}
RATE_LIMITED: Responses = {
    429: {"model": ErrorDetail, "description": "Rate limit exceeded; see Retry-After"}
}


def v1_router(who: WhoDependency) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["v1"], responses=UNAUTHORIZED)
    Caller = Annotated[Principal, Depends(who)]

    @router.get("/items")
    async def list_items_v1(caller: Caller) -> list[ItemV1]:
        return [ItemV1(id=item.id, name=item.name) for item in CATALOGUE]

    @router.get("/items/{item_id}", responses=NOT_FOUND)
    async def get_item_v1(item_id: ItemId, caller: Caller) -> ItemV1:
        item = BY_ID.get(item_id)
        if item is None:
            raise HTTPException(status_code=404, detail=f"item {item_id} not found")
        return ItemV1(id=item.id, name=item.name)

    return router


def v2_router(who: WhoDependency) -> APIRouter:
    router = APIRouter(prefix="/v2", tags=["v2"], responses=UNAUTHORIZED)
    Caller = Annotated[Principal, Depends(who)]

    @router.get("/items/{sku}", responses=NOT_FOUND)
    async def get_item_v2(sku: Sku, caller: Caller) -> ItemV2:
        item = BY_SKU.get(sku)
        if item is None:
            raise HTTPException(status_code=404, detail=f"item {sku} not found")
        return ItemV2(sku=item.sku, name=item.name, requested_by=caller.name)

    return router


class Health(BaseModel):
    status: str


def public_router() -> APIRouter:
    router = APIRouter(tags=["public"])

    @router.get("/healthz")
    async def healthz() -> Health:
        return Health(status="ok")

    return router
