"""GCRA as one Lua script in Redis, shared by processes, timed by the server, keys that expire."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from tests.support import LESSON, child_env
from throttle import Rate, RedisLimiter

pytestmark = pytest.mark.anyio


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


async def test_the_limit_is_counted_down_then_refused(redis: Redis, key_prefix: str) -> None:
    limiter = RedisLimiter(redis, key_prefix)
    decisions = [await limiter.check("user:ada", Rate(3, 60)) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert 10 < decisions[3].retry_after <= 20  # one request every 20 s at 3/min


async def test_two_clients_share_one_limit(redis_url: str, key_prefix: str) -> None:
    first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
    try:
        a, b = RedisLimiter(first, key_prefix), RedisLimiter(second, key_prefix)
        results = [await limiter.check("ip:203.0.113.7", Rate(4, 60)) for limiter in [a, b] * 3]
    finally:
        await first.aclose()
        await second.aclose()
    assert [d.allowed for d in results] == [True] * 4 + [False] * 2


async def test_a_key_expires_when_its_quota_would_be_whole(redis: Redis, key_prefix: str) -> None:
    limiter = RedisLimiter(redis, key_prefix)
    await limiter.check("user:idle", Rate(10, 60))
    ttl_ms = await redis.pttl(limiter.key("user:idle"))
    assert 0 < ttl_ms <= 6000  # one request at 10/min is paid back after 6 s; then no key


async def test_the_script_is_reloaded_after_script_flush(redis: Redis, key_prefix: str) -> None:
    """EVALSHA answers NOSCRIPT after SCRIPT FLUSH (or a restart); redis-py loads it again."""
    limiter = RedisLimiter(redis, key_prefix)
    assert (await limiter.check("user:ada", Rate(5, 60))).allowed
    await redis.script_flush()
    assert await redis.script_exists(limiter.script.sha) == [False]
    decision = await limiter.check("user:ada", Rate(5, 60))
    assert (decision.allowed, decision.remaining) == (True, 3)  # the state survived the flush
    assert await redis.script_exists(limiter.script.sha) == [True]


def run_two_processes(redis_url: str, key_prefix: str, variant: str) -> list[str]:
    """Two processes, one decision each, on the same key with a limit of 1 a minute."""
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.interleave", redis_url, key_prefix, variant],
            cwd=LESSON,
            env=child_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = []
    for child in children:
        out, _ = child.communicate(timeout=60)
        assert child.returncode == 0
        outputs.append(out.strip())
    return sorted(outputs)


def test_broken_read_modify_write_lets_two_through(redis_url: str, key_prefix: str) -> None:
    assert run_two_processes(redis_url, key_prefix, "naive") == ["allowed", "allowed"]


def test_fixed_the_lua_script_holds_the_limit_across_processes(
    redis_url: str, key_prefix: str
) -> None:
    assert run_two_processes(redis_url, key_prefix, "lua") == ["allowed", "refused"]
