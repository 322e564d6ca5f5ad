"""The cache in front of Postgres: cache-aside with versioned keys, JSON values, jittered TTLs,
negative entries, leases against the stale-set race, and failing open when Redis is not there.

Every Redis call goes through `_call`: a Redis error or timeout is counted and logged, and the
caller carries on as on a miss. A dead cache costs latency (the socket timeout, once per call),
never an outage.
"""

from __future__ import annotations

import logging
import random
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final, NamedTuple, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

from catalog.models import Product

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Bump when Product's shape changes: new code reads new keys, old entries age out by TTL.
SCHEMA_VERSION = 1
NEGATIVE = b"{}"  # a cached "no such product"
FAILED: Final = object()  # what _call returns when a caller must tell failure from None

# Set the value only if the caller still holds the lease it took on the miss. A write since
# then deleted the lease (see invalidate), so a reader that loaded the old row cannot put it
# back. Compare and set in one step: a Lua script runs atomically on the server.
FILL_IF_LEASED = """
if redis.call('GET', KEYS[2]) == ARGV[1] then
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
    redis.call('DEL', KEYS[2])
    return 1
end
return 0
"""


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    errors: int = 0  # Redis calls that failed or timed out (each one also a miss or a no-op)

    @property
    def hit_ratio(self) -> float:
        looked_up = self.hits + self.misses
        return self.hits / looked_up if looked_up else 0.0


class Lookup(NamedTuple):
    hit: bool
    product: Product | None  # None on a hit means "cached: no such product"


class Lease(NamedTuple):
    token: str | None  # ours: fill with it; None: we may not fill
    taken: bool  # another caller (in any process) is loading this key right now


class ProductCache:
    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str,
        ttl_seconds: float,
        ttl_jitter: float,
        negative_ttl_seconds: float,
        lease_seconds: float,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.redis = redis
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self.ttl_jitter = ttl_jitter
        self.negative_ttl_seconds = negative_ttl_seconds
        self.lease_seconds = lease_seconds
        self.rand = rand
        self.stats = CacheStats()
        self._fill = redis.register_script(FILL_IF_LEASED)

    def key(self, product_id: int) -> str:
        return f"{self.prefix}:v{SCHEMA_VERSION}:product:{product_id}"

    def ttl_ms(self, *, negative: bool = False) -> int:
        """The TTL for a new entry: +-ttl_jitter around the base, so keys filled together (after
        a deploy, a restart, a bulk import) do not all expire in the same second."""
        base = self.negative_ttl_seconds if negative else self.ttl_seconds
        spread = 1 + self.ttl_jitter * (2 * self.rand() - 1)
        return max(1, round(base * spread * 1000))

    async def get(self, product_id: int) -> Lookup:
        found = await self.peek(product_id)
        if found.hit:
            self.stats.hits += 1
        else:
            self.stats.misses += 1
        return found

    async def peek(self, product_id: int) -> Lookup:
        """Read without counting: for waiting on another caller's fill."""
        raw = await self._call("GET", lambda: self.redis.get(self.key(product_id)), None)
        if raw is None:
            return Lookup(False, None)
        if raw == NEGATIVE:
            return Lookup(True, None)
        try:
            return Lookup(True, Product.from_json(raw))
        except ValueError:
            logger.warning(
                "ignoring a cached value of the wrong shape under %s", self.key(product_id)
            )
            return Lookup(False, None)

    async def lease(self, product_id: int) -> Lease:
        """Take the right to fill this key (SET NX PX): one loader per key across processes."""
        token = secrets.token_hex(8)
        px = round(self.lease_seconds * 1000)
        got = await self._call(
            "SET NX",
            lambda: self.redis.set(self._lease_key(product_id), token, nx=True, px=px),
            FAILED,
        )
        if got is FAILED:
            return Lease(None, taken=False)  # Redis failed: load, but do not fill
        # SET NX answers None, not False, when the key exists.
        return Lease(token, taken=False) if got else Lease(None, taken=True)

    async def fill(self, product_id: int, product: Product | None, lease: Lease) -> bool:
        """Store what a miss loaded, if the lease is still ours; return whether it was stored."""
        if lease.token is None:
            return False
        value = NEGATIVE if product is None else product.to_json().encode()
        keys = [self.key(product_id), self._lease_key(product_id)]
        ttl = self.ttl_ms(negative=product is None)
        args: list[str | bytes | int] = [lease.token, value, ttl]
        stored = await self._call("fill", lambda: self._fill(keys=keys, args=args), 0)
        return bool(stored)

    async def invalidate(self, product_id: int) -> None:
        """After a commit: drop the entry and any lease, so a reader still holding old data
        cannot fill it. If Redis is down this fails open too: the old value is served until
        its TTL ends, which is why the TTL stays short enough to live with."""
        keys = (self.key(product_id), self._lease_key(product_id))
        await self._call("DEL", lambda: self.redis.delete(*keys), None)

    def _lease_key(self, product_id: int) -> str:
        return f"{self.key(product_id)}:lease"

    async def _call(self, what: str, call: Callable[[], Awaitable[T]], fallback: T) -> T:
        """Run one Redis call; on a Redis error or timeout, count it and return `fallback`."""
        try:
            return await call()
        except RedisError:
            self._failed(what)
            return fallback

    def _failed(self, what: str) -> None:
        self.stats.errors += 1
        # LOG014: _failed() is only ever called from an except block, so exc_info is set.
        logger.warning("cache %s failed; carrying on without the cache", what, exc_info=True)  # noqa: LOG014
