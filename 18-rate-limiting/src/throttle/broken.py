"""The naive Redis limiter: read the counter, decide in Python, write it back.

`log_in_then_limit` is the login with the limit after the password hash (lab 04).

The naive limiter reads fine and passes every single-process test. Two processes that both
read before either writes both see room for one more request, and both go through
(`tests/test_redis_limiter.py::test_broken_read_modify_write_lets_two_through`).
`benchmarks/bench_limiters.py` also times it: two round trips per decision instead of one.
"""

from __future__ import annotations

from redis.asyncio import Redis

from throttle.algorithms import Decision
from throttle.errors import NotAuthenticated
from throttle.guard import LOGIN, Guard
from throttle.passwords import PasswordChecker
from throttle.rates import Rate
from throttle.tokens import issue_token


class NaiveRedisLimiter:
    """A fixed-window counter kept with GET and SET from Python. Do not copy this."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    async def check(self, name: str, rate: Rate) -> Decision:
        key = f"{self.prefix}:naive:{name}"
        raw = await self.redis.get(key)  # read ...
        count = int(raw or 0)
        if count >= rate.limit:  # ... decide ...
            return Decision(False, rate.limit, 0, rate.period, rate.period)
        # ... write: another process may have written in between, and this overwrites it.
        await self.redis.set(key, count + 1, px=round(rate.period * 1000))
        return Decision(True, rate.limit, rate.limit - count - 1, 0.0, rate.period)


async def log_in_then_limit(
    guard: Guard, passwords: PasswordChecker, ip: str, user: str, password: str
) -> str:
    """The login of `throttle.login`, limited *after* the hash: every refusal paid for one."""
    ok = await passwords.verify(user, password)
    await guard.check(LOGIN, "login", ip, guard.settings.login_rate)
    if not ok:
        raise NotAuthenticated("wrong user or password")
    return issue_token(guard.settings.token_secret.get_secret_value(), user, "free")
