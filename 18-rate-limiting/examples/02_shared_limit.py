"""Two app processes, one limit: the GCRA Lua script keeps one count for both.

Each process has its own Redis connection; both spend from the key `rl:user:ada`, 3 a minute.
Then `SCRIPT FLUSH` (what a Redis restart does to the script cache): the next call still works,
because redis-py answers NOSCRIPT by loading the script again. The keys live under a scratch
prefix `t:<hex>:` and are deleted at the end.
"""

from __future__ import annotations

import asyncio
import os
import uuid

from redis.asyncio import Redis

from throttle import Rate, RedisLimiter


async def main() -> None:
    url = os.environ.get("COURSE_REDIS_URL") or "redis://127.0.0.1:6379/0"
    prefix = f"t:{uuid.uuid4().hex}:example"
    first, second = Redis.from_url(url), Redis.from_url(url)
    rate = Rate.parse("3/min")
    try:
        limiters = {
            "process A": RedisLimiter(first, prefix),
            "process B": RedisLimiter(second, prefix),
        }
        for turn in range(4):
            name = "process A" if turn % 2 == 0 else "process B"
            decision = await limiters[name].check("user:ada", rate)
            verdict = (
                "allowed" if decision.allowed else f"refused, retry in {decision.retry_after:.0f} s"
            )
            print(f"{name}: {verdict}, {decision.remaining} left")
        ttl_ms = await first.pttl(limiters["process A"].key("user:ada"))
        print(f"the key expires by itself in about {round(ttl_ms / 1000, -1):.0f} s")
        await first.script_flush()
        decision = await limiters["process A"].check("user:bob", rate)
        print(f"after SCRIPT FLUSH: {'allowed' if decision.allowed else 'refused'}")
    finally:
        keys = [key async for key in first.scan_iter(match=f"{prefix}:*")]
        if keys:
            await first.delete(*keys)
        await first.aclose()
        await second.aclose()


if __name__ == "__main__":
    asyncio.run(main())
