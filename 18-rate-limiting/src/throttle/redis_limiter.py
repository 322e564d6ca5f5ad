"""GCRA in Redis: one Lua script, one key per client, timed by the Redis server's own clock.

Why a script: a limiter reads a value, decides, and writes. Done from Python, that is a GET and
a SET with a gap between them, and two processes in that gap both see the old value and both
let a request through (lab 01). Redis runs a script to the end before it serves any other
command, so the read, the decision and the write are one step.

Why `TIME` inside the script: every app process would otherwise send its own clock, and two
machines' clocks disagree by milliseconds to seconds. One clock, the server's, decides for all.

Why `PX` on the key: it expires when the client's TAT is reached, the moment the key would say
"full quota" anyway. A client that stops calling costs no memory a period later.

`register_script` sends EVALSHA (the script's SHA-1, not its text); when Redis answers NOSCRIPT,
after `SCRIPT FLUSH` or a restart, redis-py loads the script and retries once
(`tests/test_redis_limiter.py::test_the_script_is_reloaded_after_script_flush`).
"""

from __future__ import annotations

from redis.asyncio import Redis

from throttle.algorithms import Decision
from throttle.rates import Rate

# KEYS[1] the client's key; ARGV: interval (us), burst, cost.
# Returns {allowed (0/1), remaining, retry_after (us), reset (us)}.
GCRA_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local tolerance = interval * burst
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local new_tat = tat + cost * interval
local allow_at = new_tat - tolerance
if allow_at > now then
  local remaining = math.floor((tolerance - (tat - now)) / interval)
  if remaining < 0 then remaining = 0 end
  return {0, remaining, allow_at - now, tat - now}
end
local ttl_ms = math.ceil((new_tat - now) / 1000)
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', ttl_ms)
return {1, math.floor((tolerance - (new_tat - now)) / interval), 0, new_tat - now}
"""

MICROS = 1_000_000


class RedisLimiter:
    """`await limiter.check(key, rate)`: one round trip, shared by every process on this Redis."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self.script = redis.register_script(GCRA_LUA)

    def key(self, name: str) -> str:
        return f"{self.prefix}:rl:{name}"

    async def check(
        self, name: str, rate: Rate, *, burst: int | None = None, cost: int = 1
    ) -> Decision:
        burst = burst if burst is not None else rate.limit
        interval_us = round(rate.interval * MICROS)
        reply = await self.script(keys=[self.key(name)], args=[interval_us, burst, cost])
        allowed, remaining, retry_us, reset_us = (int(v) for v in reply)
        return Decision(
            allowed=bool(allowed),
            limit=burst,
            remaining=remaining,
            retry_after=retry_us / MICROS,
            reset=reset_us / MICROS,
        )
