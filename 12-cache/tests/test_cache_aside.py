"""Cache-aside on the real servers: misses fill, hits skip Postgres, writes delete."""

from __future__ import annotations

import pytest
import redis.asyncio

from catalog import Catalog, Product, ProductCache
from catalog.cache import SCHEMA_VERSION

pytestmark = pytest.mark.anyio


async def test_a_miss_loads_from_postgres_and_the_next_read_is_a_hit(catalog: Catalog) -> None:
    product = await catalog.add_product("SKU-1", "kettle", 2999)
    queries = catalog.repo.queries

    assert await catalog.get_product(product.id) == product
    assert await catalog.get_product(product.id) == product
    assert await catalog.get_product(product.id) == product

    assert catalog.repo.queries - queries == 1  # one miss, two hits
    assert (catalog.cache.stats.hits, catalog.cache.stats.misses) == (2, 1)
    assert catalog.cache.stats.hit_ratio == pytest.approx(2 / 3)


async def test_the_value_is_json_under_a_versioned_key_with_a_ttl(catalog: Catalog) -> None:
    product = await catalog.add_product("SKU-1", "kettle", 2999)
    await catalog.get_product(product.id)

    key = catalog.cache.key(product.id)
    assert f":v{SCHEMA_VERSION}:" in key
    raw = await catalog.cache.redis.get(key)
    assert raw is not None
    assert Product.from_json(raw) == product
    ttl_ms = await catalog.cache.redis.pttl(key)
    assert 0 < ttl_ms <= catalog.cache.ttl_seconds * (1 + catalog.cache.ttl_jitter) * 1000


async def test_a_value_of_another_shape_is_a_miss_not_a_crash(catalog: Catalog) -> None:
    product = await catalog.add_product("SKU-1", "kettle", 2999)
    await catalog.cache.redis.set(catalog.cache.key(product.id), b'{"id": 1, "title": "old"}')

    assert await catalog.get_product(product.id) == product
    assert catalog.cache.stats.misses == 1


async def test_an_update_commits_then_deletes_so_the_next_read_is_fresh(catalog: Catalog) -> None:
    product = await catalog.add_product("SKU-1", "kettle", 2999)
    await catalog.get_product(product.id)  # cached at 2999

    updated = await catalog.update_price(product.id, 3499)

    assert await catalog.cache.redis.exists(catalog.cache.key(product.id)) == 0
    assert await catalog.get_product(product.id) == updated
    assert updated.price_cents == 3499
    assert updated.version == product.version + 1


async def test_a_missing_product_is_cached_briefly_then_forgotten_when_added(
    catalog: Catalog,
) -> None:
    queries = catalog.repo.queries
    assert await catalog.get_product(10_000) is None
    assert await catalog.get_product(10_000) is None
    assert catalog.repo.queries - queries == 1  # the second "no" came from Redis

    key = catalog.cache.key(10_000)
    assert 0 < await catalog.cache.redis.pttl(key) <= catalog.cache.negative_ttl_seconds * 1100


async def test_adding_a_product_deletes_its_negative_entry(catalog: Catalog) -> None:
    # Ids come from an identity sequence: ask for the next one before it exists.
    first = await catalog.add_product("SKU-1", "kettle", 2999)
    next_id = first.id + 1
    assert await catalog.get_product(next_id) is None  # cached as "no such product"

    second = await catalog.add_product("SKU-2", "teapot", 1999)

    assert second.id == next_id
    assert await catalog.get_product(next_id) == second


@pytest.mark.parametrize("rand", [0.0, 0.5, 1.0])
def test_ttl_jitter_stays_within_its_bounds(rand: float) -> None:
    cache = ProductCache(
        redis.asyncio.Redis(),  # never connects: ttl_ms is arithmetic
        prefix="p",
        ttl_seconds=100,
        ttl_jitter=0.1,
        negative_ttl_seconds=5,
        lease_seconds=1,
        rand=lambda: rand,
    )
    assert cache.ttl_ms() == {0.0: 90_000, 0.5: 100_000, 1.0: 110_000}[rand]
    assert cache.ttl_ms(negative=True) == {0.0: 4_500, 0.5: 5_000, 1.0: 5_500}[rand]


async def test_keys_filled_together_do_not_expire_together(catalog: Catalog) -> None:
    products = [await catalog.add_product(f"SKU-{n}", f"item {n}", 100 + n) for n in range(50)]
    for product in products:
        await catalog.get_product(product.id)

    ttls = [await catalog.cache.redis.pttl(catalog.cache.key(p.id)) for p in products]

    base = catalog.cache.ttl_seconds * 1000
    assert all(base * 0.85 < ttl <= base * 1.1 for ttl in ttls)
    assert max(ttls) - min(ttls) > base * 0.05  # spread over seconds, not one instant
