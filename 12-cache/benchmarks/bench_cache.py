"""What a cache buys, and what an index buys: latency per request and queries per request.

    uv run python benchmarks/bench_cache.py [--rows 50000] [--requests 100] [--repeats 3]

A "request" looks a product up by SKU, the slow endpoint of the lesson. Variants:

- no cache, no index: every request scans the table;
- cache at a 50%, 90% or 99% hit ratio, no index: hits come from Redis, misses still scan;
- no cache, with the index: every request reaches Postgres, through the index.

Each variant runs `--repeats` times; the table shows the median of the repeats' p50 and p99,
with the range over the repeats, and the queries sent per request. Plus the stampede: 100
concurrent misses on one key, naive and with single-flight. Runs in a schema and a key prefix of
its own (catalog.scratch), removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from catalog import Catalog, Product, Settings, open_catalog
from catalog.broken import NaiveCatalog
from catalog.db import SKU_INDEX
from catalog.scratch import scratch_settings


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} [{min(values):.2f}-{max(values):.2f}]"


async def cached_by_sku(catalog: Catalog, redis: Redis, sku: str) -> Product | None:
    """Plain cache-aside by SKU (the catalog's own cache is keyed by id)."""
    key = f"{catalog.cache.prefix}:bench:sku:{sku}"
    raw = await redis.get(key)
    if raw is not None:
        return Product.from_json(raw)
    product = await catalog.repo.get_by_sku(sku)
    if product is not None:
        await redis.set(key, product.to_json(), px=catalog.cache.ttl_ms())
    return product


async def measure(
    lookup: Callable[[str], Awaitable[Product | None]], skus: list[str]
) -> list[float]:
    took = []
    for sku in skus:
        started = time.perf_counter()
        assert await lookup(sku) is not None
        took.append((time.perf_counter() - started) * 1000)
    return took


async def run(rows: int, requests: int, repeats: int) -> None:
    async with scratch_settings(Settings()) as settings, open_catalog(settings) as catalog:
        pool = catalog.repo.pool
        async with pool.connection() as conn:
            await conn.execute("DROP INDEX products_sku")
            await conn.execute(
                "INSERT INTO products (sku, name, price_cents) SELECT 'SKU-' || n,"
                " 'product ' || n, n FROM generate_series(1, %s) AS n",
                (rows,),
            )
            await conn.execute("ANALYZE products")
        redis = catalog.cache.redis
        rng = random.Random(12)
        results: dict[str, tuple[list[float], list[float], float]] = {}

        async def variant(name: str, hit_ratio: float | None) -> None:
            p50s, p99s, queries = [], [], []
            for _ in range(repeats):
                hot = [f"SKU-{n}" for n in rng.sample(range(1, rows + 1), 20)]
                cold = iter(f"SKU-{n}" for n in rng.sample(range(1, rows + 1), requests))
                if hit_ratio is not None:
                    for sku in hot:  # warm: these are the hits
                        await cached_by_sku(catalog, redis, sku)
                skus = [
                    rng.choice(hot) if hit_ratio and rng.random() < hit_ratio else next(cold)
                    for _ in range(requests)
                ]
                before = catalog.repo.queries
                if hit_ratio is None:
                    took = await measure(catalog.repo.get_by_sku, skus)
                else:
                    took = await measure(lambda s: cached_by_sku(catalog, redis, s), skus)
                queries.append((catalog.repo.queries - before) / requests)
                p50s.append(percentile(took, 50))
                p99s.append(percentile(took, 99))
                await catalog.cache.redis.delete(
                    *[k async for k in redis.scan_iter(match=f"{catalog.cache.prefix}:bench:*")]
                    or ["-"]
                )
            results[name] = (p50s, p99s, statistics.median(queries))

        await variant("no cache, no index", None)
        for ratio in (0.5, 0.9, 0.99):
            await variant(f"cache {ratio:.0%} hits, no index", ratio)
        async with pool.connection() as conn:
            await conn.execute(SKU_INDEX)
            await conn.execute("ANALYZE products")
        await variant("no cache, index", None)

        print(f"lookup by SKU over {rows} rows, {requests} requests x {repeats} repeats")
        print("median [min-max] over the repeats, milliseconds")
        print(f"{'variant':<28} {'p50':>22} {'p99':>22} {'queries/req':>12}")
        for name, (p50s, p99s, per_request) in results.items():
            print(f"{name:<28} {spread(p50s):>22} {spread(p99s):>22} {per_request:>12.2f}")

        print("\nstampede: 100 concurrent reads of one uncached key")
        hot_product = await catalog.add_product("HOT-1", "hot", 1)
        for label, reader in (
            ("naive", NaiveCatalog(catalog.repo, catalog.cache)),
            ("single-flight", catalog),
        ):
            counts = []
            for _ in range(repeats):
                await catalog.cache.invalidate(hot_product.id)
                before = catalog.repo.queries
                async with asyncio.TaskGroup() as tasks:
                    for _ in range(100):
                        tasks.create_task(reader.get_product(hot_product.id))
                counts.append(catalog.repo.queries - before)
            print(
                f"{label:<14} queries per stampede: median {statistics.median(counts):.0f}"
                f" [{min(counts)}-{max(counts)}]"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(run(args.rows, args.requests, args.repeats))


if __name__ == "__main__":
    main()
