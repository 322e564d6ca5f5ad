"""The three races cache-aside is known for, each forced on the real servers, broken and fixed.

Interleavings are forced with events (tests/support.py's GatedRepository), never with sleeps.
"""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from catalog import Catalog, Product, Settings, open_catalog
from catalog.broken import NaiveCatalog
from tests.support import GatedRepository, HeldCache, until

pytestmark = pytest.mark.anyio


class Abort(Exception):
    """A later step of the same request failed, so its transaction rolls back."""


# --- 1. The stale-set race: a reader puts back the row a writer just replaced ---------------


async def stale_set_interleaving(reader: Catalog | NaiveCatalog, writer: Catalog) -> Product:
    """Reader misses and loads v1; writer commits v2 and deletes the key; reader then fills.

    Returns what a third read sees afterwards.
    """
    gated = reader.repo
    assert isinstance(gated, GatedRepository)
    product = await writer.add_product("SKU-1", "kettle", 2999)

    read = asyncio.create_task(reader.get_product(product.id))
    await gated.loaded.wait()  # the reader holds v1 in hand
    await writer.update_price(product.id, 3499)  # commit v2, then delete the key
    gated.gate.set()  # now the reader fills
    assert (await read) == product  # it answers v1: it was concurrent, that is fine

    after = await writer.get_product(product.id)
    assert after is not None
    return after


async def test_broken_stale_set_puts_the_old_row_back_until_its_ttl(catalog: Catalog) -> None:
    naive = NaiveCatalog(GatedRepository(catalog.repo), catalog.cache)

    after = await stale_set_interleaving(naive, catalog)

    assert after.price_cents == 2999  # the write is invisible ...
    ttl_ms = await catalog.cache.redis.pttl(catalog.cache.key(after.id))
    assert ttl_ms > 60_000  # ... for as long as the full TTL


async def test_fixed_the_lease_keeps_the_old_row_out(catalog: Catalog) -> None:
    reader = Catalog(GatedRepository(catalog.repo), catalog.cache)

    after = await stale_set_interleaving(reader, catalog)

    assert after.price_cents == 3499
    assert after.version == 2


# --- 2. The stampede: a hot key expires and every caller goes to Postgres -------------------


async def stampede(catalogs: list[Catalog] | list[NaiveCatalog], callers: int) -> int:
    """`callers` concurrent reads of one missing key, spread over `catalogs` (think: replicas),
    with the first load held until every caller has missed. Returns the queries sent."""
    gated = catalogs[0].repo
    assert isinstance(gated, GatedRepository)
    cache = catalogs[0].cache
    async with asyncio.TaskGroup() as tasks:
        reads = [
            tasks.create_task(catalogs[n % len(catalogs)].get_product(1)) for n in range(callers)
        ]
        await until(lambda: cache.stats.misses >= callers)
        gated.gate.set()
    assert {read.result() for read in reads} == {reads[0].result()}
    assert cache.stats.errors == 0  # every caller reached Redis: the count is the design's
    return gated.queries


@pytest.fixture
async def hot_product(catalog: Catalog) -> Product:
    return await catalog.add_product("HOT-1", "the product on the front page", 999)


async def test_broken_a_hundred_misses_send_a_hundred_queries(
    catalog: Catalog, hot_product: Product
) -> None:
    naive = NaiveCatalog(GatedRepository(catalog.repo), catalog.cache)

    assert await stampede([naive], callers=100) == 100


async def test_fixed_single_flight_sends_one_query_per_process(
    catalog: Catalog, hot_product: Product
) -> None:
    reader = Catalog(GatedRepository(catalog.repo), catalog.cache)

    assert await stampede([reader], callers=100) == 1


async def test_fixed_a_miss_read_before_a_fill_sends_no_query_after_it(
    catalog: Catalog, hot_product: Product
) -> None:
    """The late miss: one caller reads its miss; another then loads and fills, and the fill
    drops the lease; only then does the first go on. It takes the free lease, looks once more
    and finds the row: no second query, and the lease is handed back. (Without that look,
    examples/02_stampede.py printed "2 query" now and then on a busy machine.)"""
    held = HeldCache(catalog.cache)
    late = Catalog(catalog.repo, held)
    read = asyncio.create_task(late.get_product(hot_product.id))
    await held.read.wait()  # the late caller holds its miss
    assert await catalog.get_product(hot_product.id) == hot_product  # miss, load, fill
    before = catalog.repo.queries

    held.gate.set()

    assert await read == hot_product
    assert catalog.repo.queries == before
    assert not await catalog.cache.redis.exists(catalog.cache._lease_key(hot_product.id))


async def test_fixed_the_lease_sends_one_query_across_two_processes(
    catalog: Catalog, settings: Settings, hot_product: Product
) -> None:
    """Two catalogs with their own pools, Redis clients and single-flights, as two replicas
    would have; only the Redis lease (SET NX PX) is shared."""
    async with open_catalog(settings) as other:
        gated = GatedRepository(catalog.repo)
        first = Catalog(gated, catalog.cache)
        second = Catalog(gated, other.cache)  # count both replicas' queries in one place
        second.cache.stats = first.cache.stats

        assert await stampede([first, second], callers=100) == 1


# --- 3. The cache written before the commit -------------------------------------------------


async def change_price_then_fail(catalog: Catalog | NaiveCatalog, product_id: int) -> None:
    """One transaction: set the price to 1 cent, then a later step of the request fails."""
    async with catalog.writing() as writer:
        await writer.set_price(product_id, 1)
        raise Abort


async def test_broken_a_rolled_back_price_is_served_from_the_cache(catalog: Catalog) -> None:
    product = await catalog.add_product("SKU-1", "kettle", 2999)
    naive = NaiveCatalog(catalog.repo, catalog.cache)

    with pytest.raises(Abort):
        await change_price_then_fail(naive, product.id)

    served = await catalog.get_product(product.id)
    assert served is not None
    assert served.price_cents == 1  # a price that was never committed
    assert (await catalog.repo.get(product.id)) == product  # Postgres still says 2999


async def test_fixed_a_rollback_deletes_nothing_and_serves_the_committed_row(
    catalog: Catalog,
) -> None:
    product = await catalog.add_product("SKU-1", "kettle", 2999)
    await catalog.get_product(product.id)  # cached

    with pytest.raises(Abort):
        await change_price_then_fail(catalog, product.id)
    with pytest.raises(psycopg.errors.CheckViolation):
        await catalog.update_price(product.id, -5)

    served = await catalog.get_product(product.id)
    assert served is not None
    assert served.price_cents == 2999  # the committed price, never the rolled-back 1 cent
    assert served == product
    assert catalog.cache.stats.misses == 1  # still the first fill: nothing was deleted
