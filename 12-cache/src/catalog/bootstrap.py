"""The composition root: build the pool, the Redis client and the catalog from settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from catalog.cache import ProductCache
from catalog.db import SKU_INDEX, Repository
from catalog.service import Catalog
from catalog.settings import Settings


def redis_client(settings: Settings) -> Redis:
    """A client that gives up fast. redis-py's defaults (5 s socket timeout, 10 retries with
    backoff) make a black-holed Redis cost each request most of a minute."""
    timeout = settings.redis_timeout_seconds
    pool = BlockingConnectionPool.from_url(
        settings.redis_url,
        max_connections=settings.redis_max_connections,
        timeout=timeout,  # waiting for a free connection counts against the same budget
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), retries=0),  # the fallback is Postgres, not another try
    )
    return Redis.from_pool(pool)


@asynccontextmanager
async def open_catalog(settings: Settings) -> AsyncIterator[Catalog]:
    """A ready catalog (schema created); every connection closed on the way out."""
    pool: AsyncConnectionPool[AsyncConnection] = AsyncConnectionPool(
        settings.postgres_url, min_size=1, max_size=10, open=False
    )
    await pool.open(wait=True, timeout=10)
    redis = redis_client(settings)
    try:
        repo = Repository(pool)
        await repo.create_schema()
        async with pool.connection() as conn:
            await conn.execute(SKU_INDEX)
        cache = ProductCache(
            redis,
            prefix=settings.key_prefix,
            ttl_seconds=settings.ttl_seconds,
            ttl_jitter=settings.ttl_jitter,
            negative_ttl_seconds=settings.negative_ttl_seconds,
            lease_seconds=settings.lease_seconds,
        )
        yield Catalog(repo, cache)
    finally:
        await redis.aclose()
        await pool.close()
