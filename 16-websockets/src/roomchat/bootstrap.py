"""The composition root: one Redis client and one Hub per process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from roomchat.errors import Unavailable
from roomchat.hub import Hub
from roomchat.settings import Settings


@asynccontextmanager
async def open_hub(settings: Settings) -> AsyncIterator[Hub]:
    # Short timeouts and no retries (lesson 12): a dead Redis fails fast and says so.
    client = redis.Redis.from_url(
        settings.redis_url,
        socket_connect_timeout=2,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        try:
            await client.ping()
        except (RedisError, OSError) as exc:
            raise Unavailable(f"redis is not reachable: {exc}") from exc
        hub = Hub(
            client,
            prefix=settings.key_prefix,
            replay_len=settings.replay_len,
            send_queue=settings.send_queue,
        )
        await hub.start()
        try:
            yield hub
        finally:
            await hub.stop()
    finally:
        await client.aclose()
