"""Cache-aside as it is often first written. Each line here is a bug the lesson shows:

- a miss loads and sets with no lease: a reader that loaded before a write puts the old row
  back after the write deleted it (the stale-set race);
- no single-flight and no lease: 100 concurrent misses on a hot key send 100 queries;
- the write path updates the cache inside the transaction, before the commit: a rollback
  leaves the cache serving a price that never existed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from psycopg import AsyncConnection

from catalog.cache import NEGATIVE, ProductCache
from catalog.db import Repository
from catalog.models import Product


class NaiveCatalog:
    def __init__(self, repo: Repository, cache: ProductCache) -> None:
        self.repo = repo
        self.cache = cache

    async def get_product(self, product_id: int) -> Product | None:
        found = await self.cache.get(product_id)
        if found.hit:
            return found.product
        product = await self.repo.get(product_id)
        value = NEGATIVE if product is None else product.to_json().encode()
        await self.cache.redis.set(self.cache.key(product_id), value, px=self.cache.ttl_ms())
        return product

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[NaiveWriter]:
        async with self.repo.pool.connection() as conn, conn.transaction():
            yield NaiveWriter(conn, self.repo, self.cache)


@dataclass
class NaiveWriter:
    conn: AsyncConnection
    repo: Repository
    cache: ProductCache

    async def set_price(self, product_id: int, cents: int) -> Product:
        product = await self.repo.set_price(self.conn, product_id, cents)
        # "Write-through, so the next read is fresh" -- before the commit.
        key = self.cache.key(product_id)
        await self.cache.redis.set(key, product.to_json().encode(), px=self.cache.ttl_ms())
        return product
