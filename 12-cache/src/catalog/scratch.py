"""A throwaway place for the examples and the benchmark: a Postgres schema and a Redis key
prefix of their own, both removed on the way out, so running them leaves nothing behind."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from urllib.parse import quote

import psycopg
from redis.exceptions import RedisError

from catalog.bootstrap import redis_client
from catalog.settings import Settings


@asynccontextmanager
async def scratch_settings(settings: Settings) -> AsyncIterator[Settings]:
    name = f"demo_{uuid.uuid4().hex[:12]}"
    async with await psycopg.AsyncConnection.connect(settings.postgres_url, autocommit=True) as c:
        await c.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in settings.postgres_url else "?"
    url = f"{settings.postgres_url}{sep}options={quote(f'-c search_path={name}')}"
    prefix = f"{settings.key_prefix}:{name}"
    try:
        yield settings.model_copy(update={"postgres_url": url, "key_prefix": prefix})
    finally:
        async with await psycopg.AsyncConnection.connect(
            settings.postgres_url, autocommit=True
        ) as c:
            await c.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        redis = redis_client(settings)
        try:
            # Redis down: nothing of ours is in it either.
            with suppress(RedisError):
                keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
                if keys:
                    await redis.delete(*keys)
        finally:
            await redis.aclose()
