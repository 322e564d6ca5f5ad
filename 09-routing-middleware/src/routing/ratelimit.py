"""Middleware 3: an in-memory token-bucket rate limit (429 with `Retry-After`).

Each key (by default the client's address) has a bucket of `capacity` tokens that refills at
`refill_per_second`. A request takes one token; an empty bucket means 429, and `Retry-After`
says, in whole seconds rounded up, when the next token will be there.

**Per process.** The buckets live in this process's memory: run four uvicorn workers or four
pods and a client gets four times the limit, and a restart forgets everything. Lesson 18 does
the distributed version in Redis. This one is still useful as a cheap first line in front of
work such as the key lookup, which is why it sits *outside* auth (lab 02 in the README).

The clock is injected (`clock=`), so tests move time by hand instead of sleeping. All of
`check()` runs without an `await`, so on one event loop no two requests interleave inside it.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from routing._asgi import refuse

Clock = Callable[[], float]


@dataclass(slots=True)
class TokenBucket:
    capacity: float
    refill_per_second: float
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """Take one token: 0.0 if there was one, else the seconds until there will be."""
        elapsed = max(0.0, now - self.updated)  # a clock that steps back must not add tokens
        self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_per_second)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.refill_per_second


class RateLimiter:
    """Buckets by key, at most `max_keys` of them (least recently used go first)."""

    def __init__(
        self,
        capacity: int,
        refill_per_second: float,
        clock: Clock = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        if capacity < 1 or max_keys < 1 or not 0 < refill_per_second < math.inf:
            raise ValueError("capacity and max_keys must be >= 1, refill_per_second finite > 0")
        self.capacity = capacity
        self.refill_per_second = refill_per_second
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def check(self, key: str) -> float:
        """Spend a token for `key`: 0.0 means go ahead, more means wait that many seconds."""
        now = self.clock()
        bucket = self._buckets.pop(key, None)
        if bucket is None:
            bucket = TokenBucket(self.capacity, self.refill_per_second, self.capacity, now)
        self._buckets[key] = bucket  # now the most recently used
        if len(self._buckets) > self.max_keys:
            # Without a bound, every new client address would cost memory forever.
            self._buckets.popitem(last=False)
        return bucket.take(now)


class ManualClock:
    """A clock that only moves when told to: deterministic tests and examples."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def client_key(scope: Scope) -> str:
    """The client's address; for IPv6, its /64 network. Behind a proxy, run uvicorn with
    `--forwarded-allow-ips` set to the proxy's address so this is the real client and not
    the proxy.

    One IPv6 host usually owns a whole /64 (2**64 addresses, chosen freely): keyed by the
    full address, it would get a fresh bucket for every request and push everyone else's
    buckets out of the `max_keys` bound on the way.
    """
    client = scope.get("client")
    if not client:
        return "unknown"
    host = str(client[0])
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host  # not an IP address (a Unix socket, a test client's name)
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class RateLimitMiddleware:
    """Answer 429 with `Retry-After` once a key has spent its tokens."""

    def __init__(
        self, app: ASGIApp, limiter: RateLimiter, key: Callable[[Scope], str] = client_key
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.key = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # A websocket handshake costs a token too: it reaches the key check just like a GET.
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        wait = self.limiter.check(self.key(scope))
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            await refuse(
                scope,
                send,
                429,
                f"rate limit exceeded; retry in {retry_after} s",
                [(b"retry-after", str(retry_after).encode())],
            )
            return
        await self.app(scope, receive, send)
