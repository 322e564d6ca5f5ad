"""A child process that makes one limiter decision with a Redis client that pauses after GET.

`python -m tests.interleave <redis_url> <prefix> <lua|naive>` prints `allowed` or `refused`.

The client waits, after each GET it sends, until every process in the test has sent its GET
(a counter in Redis is the barrier). A limiter that reads with GET and writes later is thereby
forced into the race every time: all processes read before any writes. A Lua script sends no
GET from Python, so for it there is nothing to wait for.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from redis.asyncio import Redis

from throttle import Rate, RedisLimiter
from throttle.broken import NaiveRedisLimiter

PROCESSES = 2
RATE = Rate(1, 60)


class GatedRedis(Redis):
    barrier = ""

    async def _send(self, *args: Any, **options: Any) -> Any:
        # redis-py declares execute_command without types; this is the one untyped call.
        return await super().execute_command(*args, **options)  # type: ignore[no-untyped-call]

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        result = await self._send(*args, **options)
        if args[0] == "GET" and args[1] != self.barrier:
            await self._send("INCR", self.barrier)
            async with asyncio.timeout(10):  # bounds a hang; the peer arrives in milliseconds
                # ASYNC110: the peer is another process; Redis is the only thing to poll.
                while int(await self._send("GET", self.barrier)) < PROCESSES:  # noqa: ASYNC110
                    await asyncio.sleep(0.002)
        return result


async def main(url: str, prefix: str, variant: str) -> None:
    GatedRedis.barrier = f"{prefix}:barrier"
    redis = GatedRedis.from_url(url)
    limiter = RedisLimiter(redis, prefix) if variant == "lua" else NaiveRedisLimiter(redis, prefix)
    try:
        decision = await limiter.check("user:ada", RATE)
    finally:
        await redis.aclose()
    print("allowed" if decision.allowed else "refused")


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
