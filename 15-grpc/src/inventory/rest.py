"""The same inventory over JSON/HTTP with FastAPI, for the comparison (and the benchmark).

GetItem is `GET /items/{sku}`; ListItems, which gRPC streams, is paged here:
`GET /items?after=<sku>&limit=100` answers one page and the cursor for the next.
"""

from __future__ import annotations

from dataclasses import asdict

from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel

from inventory.errors import NotFound
from inventory.store import Store


class ItemOut(BaseModel):
    sku: str
    name: str
    quantity: int
    price_cents: int
    description: str


class Page(BaseModel):
    items: list[ItemOut]
    next_after: str | None  # pass as ?after= for the next page; null on the last one


def create_app(store: Store) -> FastAPI:
    app = FastAPI(title="inventory")

    @app.get("/items/{sku}")
    async def get_item(sku: str) -> ItemOut:
        try:
            return ItemOut(**asdict(store.get(sku)))
        except NotFound as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from None

    @app.get("/items")
    async def list_items(after: str = "", limit: int = Query(100, ge=1, le=1000)) -> Page:
        rest = [stock for stock in store.all() if stock.sku > after]
        page = [ItemOut(**asdict(stock)) for stock in rest[:limit]]
        more = len(rest) > limit
        return Page(items=page, next_after=page[-1].sku if more else None)

    return app
