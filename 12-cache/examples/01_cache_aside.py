"""Cache-aside, counted: which reads reached Postgres, which were hits, and what a write does.

    uv run python examples/01_cache_aside.py

Runs in a schema and a key prefix of its own, removed at the end.
"""

from __future__ import annotations

import asyncio

from catalog import Settings, open_catalog
from catalog.scratch import scratch_settings


async def main() -> None:
    async with scratch_settings(Settings()) as settings, open_catalog(settings) as catalog:
        kettle = await catalog.add_product("KET-1", "kettle", 2999)
        for n in range(3):
            before = catalog.repo.queries
            product = await catalog.get_product(kettle.id)
            assert product is not None
            source = "postgres" if catalog.repo.queries > before else "redis"
            print(f"read {n + 1}: {product.price_cents} cents, v{product.version}, from {source}")
        await catalog.update_price(kettle.id, 3499)
        print("update: committed to postgres, then deleted the key")
        product = await catalog.get_product(kettle.id)
        assert product is not None
        print(f"read 4: {product.price_cents} cents, v{product.version}")
        stats = catalog.cache.stats
        print(f"hits={stats.hits} misses={stats.misses} hit ratio={stats.hit_ratio:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
