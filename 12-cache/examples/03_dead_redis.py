"""Redis is down: every read still answers, from Postgres, and the errors are counted.

CATALOG_REDIS_URL=redis://127.0.0.1:1/0 uv run python examples/03_dead_redis.py
"""

from __future__ import annotations

import asyncio
import logging

from catalog import Settings, open_catalog
from catalog.scratch import scratch_settings


async def main() -> None:
    logging.basicConfig(level=logging.ERROR)  # the per-call warnings are for production logs
    async with scratch_settings(Settings()) as settings, open_catalog(settings) as catalog:
        kettle = await catalog.add_product("KET-1", "kettle", 2999)
        answers = [await catalog.get_product(kettle.id) for _ in range(5)]
        print(f"5 reads, {sum(a == kettle for a in answers)} right answers")
        stats = catalog.cache.stats
        print(f"hits={stats.hits} misses={stats.misses} cache errors={stats.errors}")


if __name__ == "__main__":
    asyncio.run(main())
