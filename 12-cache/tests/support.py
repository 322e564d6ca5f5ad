"""Test helpers: a repository and a cache whose reads can be held at a gate, to force an
interleaving."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from catalog import Product, ProductCache, Repository
from catalog.cache import Lookup


class GatedRepository(Repository):
    """Like Repository, but `get` waits at `gate` after reading the row, and sets `loaded`.

    A reader can then be held with the row it read in hand while a writer commits: the
    interleaving of the stale-set race, forced instead of hoped for.
    """

    def __init__(self, repo: Repository) -> None:
        super().__init__(repo.pool)
        self.gate = asyncio.Event()
        self.loaded = asyncio.Event()

    async def get(self, product_id: int) -> Product | None:
        product = await super().get(product_id)
        self.loaded.set()
        await self.gate.wait()
        return product


class HeldCache(ProductCache):
    """The same cache (same Redis, prefix and TTLs), but `get` waits at `gate` after reading
    and sets `read`: a caller can be held with its miss in hand while another loads and fills.
    """

    def __init__(self, cache: ProductCache) -> None:
        super().__init__(
            cache.redis,
            prefix=cache.prefix,
            ttl_seconds=cache.ttl_seconds,
            ttl_jitter=cache.ttl_jitter,
            negative_ttl_seconds=cache.negative_ttl_seconds,
            lease_seconds=cache.lease_seconds,
            rand=cache.rand,
        )
        self.gate = asyncio.Event()
        self.read = asyncio.Event()

    async def get(self, product_id: int) -> Lookup:
        found = await super().get(product_id)
        self.read.set()
        await self.gate.wait()
        return found


async def until(condition: Callable[[], bool], *, within: float = 10.0) -> None:
    """Yield to the loop until `condition()` holds; fail after `within` seconds (a hang bound)."""
    async with asyncio.timeout(within):
        # ASYNC110: the counter belongs to the code under test; an Event would mean a test
        # hook in production code. This only yields to the loop, it never waits for time.
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.001)
