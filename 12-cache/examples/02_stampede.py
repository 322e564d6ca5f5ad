"""The stampede: 100 concurrent reads of a key nobody has cached yet, naive and fixed.

uv run python examples/02_stampede.py
"""

from __future__ import annotations

import asyncio

from catalog import Catalog, Settings, open_catalog
from catalog.broken import NaiveCatalog
from catalog.scratch import scratch_settings


async def queries_for(catalog: Catalog | NaiveCatalog, product_id: int, callers: int) -> int:
    await catalog.cache.invalidate(product_id)
    before = catalog.repo.queries
    async with asyncio.TaskGroup() as tasks:
        for _ in range(callers):
            tasks.create_task(catalog.get_product(product_id))
    return catalog.repo.queries - before


async def main() -> None:
    async with scratch_settings(Settings()) as settings, open_catalog(settings) as catalog:
        hot = await catalog.add_product("HOT-1", "the product on the front page", 999)
        naive = NaiveCatalog(catalog.repo, catalog.cache)
        print(f"naive cache-aside: {await queries_for(naive, hot.id, 100)} queries for 100 reads")
        print(f"single-flight:     {await queries_for(catalog, hot.id, 100)} query for 100 reads")


if __name__ == "__main__":
    asyncio.run(main())
