"""Exercises from README.md: delete an exercise's skip line once you have done it.

Reference solutions are in solutions/; try first.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from catalog import Catalog, Settings, open_catalog

pytestmark = pytest.mark.anyio


@pytest.mark.skip(reason="exercise 1: add Catalog.get_products(ids) with one MGET and one query")
async def test_exercise_1_get_many_sends_one_mget_and_one_query(catalog: Catalog) -> None:
    products = [await catalog.add_product(f"SKU-{n}", f"item {n}", n) for n in range(10)]
    for product in products[:5]:
        await catalog.get_product(product.id)  # these five are cached
    stats, queries = catalog.cache.stats, catalog.repo.queries
    hits, misses = stats.hits, stats.misses
    ids = [p.id for p in products] + [10_000]

    found: Any = await catalog.get_products(ids)  # type: ignore[attr-defined]  # not there yet

    assert found == {**{p.id: p for p in products}, 10_000: None}
    assert catalog.repo.queries - queries == 1  # all six misses in one query
    assert (stats.hits - hits, stats.misses - misses) == (5, 6)
    again: Any = await catalog.get_products(ids)  # type: ignore[attr-defined]
    assert again == found
    assert catalog.repo.queries - queries == 1  # now every one is cached, "missing" included


@pytest.mark.skip(reason="exercise 2: add Writer.delete_product(id), deleted from the cache too")
async def test_exercise_2_a_deleted_product_is_gone_from_the_cache_too(catalog: Catalog) -> None:
    product = await catalog.add_product("SKU-1", "kettle", 2999)
    await catalog.get_product(product.id)  # cached

    async with catalog.writing() as writer:
        await writer.delete_product(product.id)  # type: ignore[attr-defined]  # not there yet

    assert await catalog.get_product(product.id) is None
    queries = catalog.repo.queries
    assert await catalog.get_product(product.id) is None
    assert catalog.repo.queries == queries  # "no such product" is cached now


@pytest.mark.skip(reason="exercise 3: a circuit breaker in ProductCache, 5 errors then 30 s off")
async def test_exercise_3_a_dead_redis_is_skipped_after_five_errors(
    settings: Settings, black_hole: str
) -> None:
    now = [1000.0]
    slow = settings.model_copy(update={"redis_url": black_hole, "redis_timeout_seconds": 0.05})
    async with open_catalog(slow) as catalog:
        cache: Any = catalog.cache
        cache.clock = lambda: now[0]
        product = await catalog.add_product("SKU-1", "kettle", 2999)
        async with asyncio.timeout(5):
            for _ in range(20):
                assert await catalog.get_product(product.id) == product

        assert cache.stats.errors == 5  # then the breaker opened
        assert cache.stats.skipped >= 30  # 20 reads, a GET and a lease each, minus the five

        now[0] += 31  # the breaker lets one call through again
        assert await catalog.get_product(product.id) == product
        assert cache.stats.errors == 6
