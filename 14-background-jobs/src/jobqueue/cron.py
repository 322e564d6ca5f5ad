"""The nightly report, and two guards against running it twice at once.

- `advisory_lock`: a Postgres session lock. Held for as long as the connection that took it
  lives, however long the run; released by Postgres when that connection ends, so a crashed
  run never leaves it behind. It fails by *blocking progress* only while Postgres is down.
- `redis_lock`: SET NX PX with a random token and a TTL. A run that outlasts the TTL loses the
  lock without knowing it, and a second run starts: the overlap it was meant to prevent. A
  crashed run keeps the lock until the TTL ends.
"""

from __future__ import annotations

import secrets
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import psycopg
import redis


def build_report(url: str, day: date, during: Callable[[], None] | None = None) -> None:
    """The work itself: count the day's orders into `reports`. `during` runs mid-work (tests
    use it to hold a run open while another starts)."""
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM orders").fetchone()
        if during is not None:
            during()
        conn.execute(
            "INSERT INTO reports (day, orders) VALUES (%s, %s)", (day, int(row[0]) if row else 0)
        )


@contextmanager
def advisory_lock(url: str, name: str) -> Iterator[bool]:
    """Yield True if this session took the lock `name`, False if another session holds it."""
    key = zlib.crc32(name.encode())  # advisory locks are keyed by a number
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
        taken = bool(row and row[0])
        try:
            yield taken
        finally:
            if taken:
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))


def nightly_report(url: str, day: date, during: Callable[[], None] | None = None) -> bool:
    """Build the report unless another run is at it; True if this run did the work."""
    with advisory_lock(url, "nightly_report") as taken:
        if not taken:
            return False  # another run (a slow one, or a second beat) is at it
        build_report(url, day, during)
        return True


# Delete the key only if it still holds our token: after a TTL ran out, it may be another
# run's lock, and deleting it would let a third run in.
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


@contextmanager
def redis_lock(client: redis.Redis, key: str, ttl_ms: int) -> Iterator[bool]:
    """Yield True if SET NX PX took `key` for `ttl_ms`; release it (if still ours) after."""
    token = secrets.token_hex(16)
    taken = bool(client.set(key, token, nx=True, px=ttl_ms))
    try:
        yield taken
    finally:
        if taken:
            client.eval(RELEASE, 1, key, token)


def nightly_report_redis(
    url: str,
    client: redis.Redis,
    key: str,
    ttl_ms: int,
    day: date,
    during: Callable[[], None] | None = None,
) -> bool:
    """The same report behind a Redis lock; True if this run did the work."""
    with redis_lock(client, key, ttl_ms) as taken:
        if not taken:
            return False
        build_report(url, day, during)
        return True
