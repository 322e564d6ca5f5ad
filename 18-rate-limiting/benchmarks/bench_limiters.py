"""Decisions per second, and the time each adds to a request, for three limiters.

    uv run python benchmarks/bench_limiters.py [--decisions 2000] [--repeats 5]

- in-memory token bucket (`throttle.TokenBucket`): no I/O, per process only;
- Redis Lua script (`throttle.RedisLimiter`): one round trip, shared and atomic;
- naive GET then SET (`throttle.broken.NaiveRedisLimiter`): two round trips, and racy.

Decisions run one after another on one connection, so "microseconds per decision" is what one
limiter call adds to one request's latency. Each variant runs `--repeats` times: the table shows
the median and the min-max spread. Keys live under `t:<hex>:bench` and are deleted at the end.
Exit 69 when Redis cannot be reached (COURSE_REDIS_URL, default redis://127.0.0.1:6379/0).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

from throttle import Rate, RedisLimiter, TokenBucket
from throttle.broken import NaiveRedisLimiter

RATE = Rate(1_000_000, 60)  # generous: every decision is "allowed", so each does its full work


async def timed(decide: Callable[[], Awaitable[object]], decisions: int) -> float:
    """Seconds for `decisions` decisions, one after another."""
    start = time.perf_counter()
    for _ in range(decisions):
        await decide()
    return time.perf_counter() - start


async def run(decisions: int, repeats: int, url: str) -> None:
    redis = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
    prefix = f"t:{uuid.uuid4().hex}:bench"
    try:
        await redis.ping()
        bucket = TokenBucket(RATE)
        lua = RedisLimiter(redis, prefix)
        naive = NaiveRedisLimiter(redis, prefix)

        async def in_memory() -> object:
            return bucket.allow("user:ada")

        variants: dict[str, Callable[[], Awaitable[object]]] = {
            "in-memory token bucket": in_memory,
            "redis lua script": lambda: lua.check("user:ada", RATE),
            "redis GET+SET (naive)": lambda: naive.check("user:ada", RATE),
        }
        results: dict[str, list[float]] = {}
        for name, decide in variants.items():
            await timed(decide, min(decisions, 100))  # warm-up: connection, script load
            results[name] = [await timed(decide, decisions) for _ in range(repeats)]
    finally:
        keys = [key async for key in redis.scan_iter(match=f"{prefix}:*", count=500)]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
    baseline = statistics.median(results["in-memory token bucket"])
    print(f"{decisions} decisions per run, {repeats} runs; median [min - max]")
    print(f"{'variant':<24} {'decisions/s':>24} {'us per decision':>26} {'x memory':>9}")
    for name, seconds in results.items():
        rates = sorted(decisions / s for s in seconds)
        micros = sorted(s / decisions * 1e6 for s in seconds)
        per_s = f"{statistics.median(rates):,.0f} [{rates[0]:,.0f}-{rates[-1]:,.0f}]"
        per_us = f"{statistics.median(micros):.1f} [{micros[0]:.1f}-{micros[-1]:.1f}]"
        ratio = statistics.median(seconds) / baseline
        print(f"{name:<24} {per_s:>24} {per_us:>26} {ratio:>9.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("COURSE_REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        asyncio.run(run(args.decisions, args.repeats, url))
    except (RedisError, OSError) as exc:
        print(f"bench_limiters: Redis at {url} is not usable: {exc}", file=sys.stderr)
        return 69
    return 0


if __name__ == "__main__":
    sys.exit(main())
