"""The Redis client every limiter uses: short timeouts, no retries, a bounded pool.

redis-py's defaults (5 s socket timeout, retries with backoff) would make a dead Redis cost
each request seconds before the route's fail-open or fail-closed policy even gets to decide.
"""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from throttle.settings import Settings


def redis_client(settings: Settings) -> Redis:
    timeout = settings.redis_timeout_seconds
    pool = BlockingConnectionPool.from_url(
        settings.redis_url,
        max_connections=32,
        timeout=timeout,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), retries=0),
    )
    return Redis.from_pool(pool)
