"""The catalog service: reads through the cache, writes to Postgres first.

Read path (cache-aside): look in Redis; on a miss, one caller per key loads from Postgres
(single-flight in this process, a lease across processes) and fills the cache with a TTL.
Write path: commit to Postgres, then delete the keys the transaction changed. Never the other
way round: a cache written before the commit can hold a value that was rolled back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from psycopg import AsyncConnection

from catalog.cache import Lookup, ProductCache
from catalog.db import Repository
from catalog.models import Product
from catalog.singleflight import SingleFlight


@dataclass
class Writer:
    """The writes of one transaction; it remembers which products they touched."""

    conn: AsyncConnection
    repo: Repository
    touched: set[int] = field(default_factory=set)

    async def add_product(self, sku: str, name: str, price_cents: int) -> Product:
        product = await self.repo.add(self.conn, sku, name, price_cents)
        self.touched.add(product.id)  # a cached "no such product" must go too
        return product

    async def set_price(self, product_id: int, cents: int) -> Product:
        product = await self.repo.set_price(self.conn, product_id, cents)
        self.touched.add(product_id)
        return product


class Catalog:
    def __init__(self, repo: Repository, cache: ProductCache, *, poll_seconds: float = 0.01):
        self.repo = repo
        self.cache = cache
        self.flight: SingleFlight[Product | None] = SingleFlight()
        self.poll_seconds = poll_seconds

    async def get_product(self, product_id: int) -> Product | None:
        found = await self.cache.get(product_id)
        if found.hit:
            return found.product
        # 100 concurrent misses in this process: one load, 99 waiters.
        return await self.flight.do(product_id, lambda: self._load(product_id))

    async def _load(self, product_id: int) -> Product | None:
        lease = await self.cache.lease(product_id)
        if lease.taken:
            # Another process is loading this key: wait for its fill, for at most the lease.
            filled = await self._wait_for_fill(product_id)
            if filled.hit:
                return filled.product
        if lease.token is not None:
            # Ours. A miss read just before another load's fill gets here after that load
            # ended (its fill dropped the lease): look once more before querying. Storing
            # what we found is how the lease is handed back (the fill drops it).
            again = await self.cache.peek(product_id)
            if again.hit:
                await self.cache.fill(product_id, again.product, lease)
                return again.product
        product = await self.repo.get(product_id)
        await self.cache.fill(product_id, product, lease)
        return product

    async def _wait_for_fill(self, product_id: int) -> Lookup:
        loop = asyncio.get_running_loop()
        give_up = loop.time() + self.cache.lease_seconds
        while loop.time() < give_up:
            await asyncio.sleep(self.poll_seconds)
            found = await self.cache.peek(product_id)
            if found.hit:
                return found
        return Lookup(False, None)

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[Writer]:
        """One transaction; the keys it touched are deleted only after it commits."""
        async with self.repo.pool.connection() as conn, conn.transaction():
            writer = Writer(conn, self.repo)
            yield writer
        # Committed. A rollback raised out of the block above and deletes nothing.
        for product_id in sorted(writer.touched):
            await self.cache.invalidate(product_id)

    async def add_product(self, sku: str, name: str, price_cents: int) -> Product:
        async with self.writing() as writer:
            return await writer.add_product(sku, name, price_cents)

    async def update_price(self, product_id: int, cents: int) -> Product:
        async with self.writing() as writer:
            return await writer.set_price(product_id, cents)
