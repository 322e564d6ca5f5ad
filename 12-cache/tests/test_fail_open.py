"""Redis down, slow, full or restarted: the catalog keeps answering from Postgres.

The dead and the black-holed Redis are real sockets on this machine: a port nobody listens on,
and a server that accepts connections and never answers. The full and the restarted Redis are
a private `redis-server` this test starts (the shared one is never reconfigured).
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import redis.asyncio

from catalog import Catalog, Settings, open_catalog

pytestmark = pytest.mark.anyio


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def reads_survive(settings: Settings) -> Catalog:
    """Add a product and read it three times through a catalog on `settings`; return it."""
    async with open_catalog(settings) as catalog:
        async with asyncio.timeout(3):  # a hang bound, not a measurement
            product = await catalog.add_product("SKU-1", "kettle", 2999)  # it invalidates too
            for _ in range(3):
                assert await catalog.get_product(product.id) == product
        return catalog


async def test_a_closed_port_costs_nothing_but_misses(settings: Settings) -> None:
    dead = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})

    catalog = await reads_survive(dead)

    assert catalog.cache.stats.hits == 0
    assert catalog.cache.stats.errors >= 3  # counted and logged, never raised


async def test_broken_redis_py_defaults_wait_seconds_on_a_black_hole(black_hole: str) -> None:
    """The defaults (5 s socket timeout, 10 retries): one GET outlives any sane request budget."""
    client = redis.asyncio.Redis.from_url(black_hole)
    try:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(1):
                await client.get("anything")
    finally:
        await client.aclose()


async def test_fixed_a_black_holed_redis_times_out_and_falls_through(
    settings: Settings, black_hole: str, caplog: pytest.LogCaptureFixture
) -> None:
    slow = settings.model_copy(update={"redis_url": black_hole, "redis_timeout_seconds": 0.05})

    catalog = await reads_survive(slow)

    assert catalog.cache.stats.errors >= 3
    assert catalog.repo.queries >= 4  # the insert and every read went to Postgres
    assert any("carrying on without the cache" in r.message for r in caplog.records)


# --- A Redis of our own: full, and restarted ------------------------------------------------


class PrivateRedis:
    """A redis-server of our own on a free port, keeping nothing on disk; it can restart."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.command = [binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        self.command += ["--save", "", "--appendonly", "no", "--dir", str(workdir)]
        self.proc = self.start()

    def start(self) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(self.command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                with redis.Redis(port=self.port) as client:
                    client.ping()
                return proc
            except redis.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    proc.kill()
                    proc.wait()
                    raise
                time.sleep(0.01)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()

    def restart(self) -> None:
        self.stop()
        self.proc = self.start()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs the redis-server binary (apt install redis-server, brew install redis)")
    server = PrivateRedis(binary, tmp_path)
    try:
        yield server
    finally:
        server.stop()


def limit_memory(url: str, policy: str) -> None:
    """Let this Redis hold about 1 MB of data beyond what it uses empty, under `policy`."""
    with redis.Redis.from_url(url) as client:
        empty = int(client.info("memory")["used_memory"])
        client.config_set("maxmemory", empty + 1024 * 1024)
        client.config_set("maxmemory-policy", policy)


async def fill_many(catalog: Catalog, count: int) -> list[int]:
    ids = []
    async with catalog.writing() as writer:
        for n in range(count):
            ids.append((await writer.add_product(f"SKU-{n}", "x" * 4000, n)).id)
    for product_id in ids:
        assert (await catalog.get_product(product_id)) is not None
    return ids


async def test_allkeys_lru_evicts_and_the_catalog_never_notices(
    settings: Settings, private_redis: PrivateRedis
) -> None:
    url = private_redis.url
    limit_memory(url, "allkeys-lru")
    async with open_catalog(settings.model_copy(update={"redis_url": url})) as catalog:
        ids = await fill_many(catalog, 400)  # ~1.6 MB of values: more than fits

        with redis.Redis.from_url(url) as client:
            assert int(client.info("stats")["evicted_keys"]) > 0
        for product_id in ids[:50]:  # the oldest: evicted, so misses, still right
            product = await catalog.get_product(product_id)
            assert product is not None
            assert product.id == product_id
        assert catalog.cache.stats.errors == 0


async def test_noeviction_turns_a_full_cache_into_failed_writes_not_failed_reads(
    settings: Settings, private_redis: PrivateRedis
) -> None:
    """noeviction is Redis's default policy: once full, every SET is refused with OOM."""
    url = private_redis.url
    limit_memory(url, "noeviction")
    async with open_catalog(settings.model_copy(update={"redis_url": url})) as catalog:
        ids = await fill_many(catalog, 400)

        assert catalog.cache.stats.errors > 0  # the fills Redis refused (OOM)
        product = await catalog.get_product(ids[-1])
        assert product is not None
        assert product.id == ids[-1]


async def test_a_restarted_redis_comes_back_empty_and_refills(
    settings: Settings, private_redis: PrivateRedis
) -> None:
    """This Redis keeps nothing on disk (like the course's): a restart is a cold cache."""
    async with open_catalog(settings.model_copy(update={"redis_url": private_redis.url})) as c:
        product = await c.add_product("SKU-1", "kettle", 2999)
        await c.get_product(product.id)
        await c.get_product(product.id)
        assert (c.cache.stats.hits, c.cache.stats.misses) == (1, 1)

        private_redis.stop()
        assert await c.get_product(product.id) == product  # Redis gone: from Postgres
        errors = c.cache.stats.errors
        assert errors >= 1

        private_redis.restart()
        assert await c.get_product(product.id) == product  # cold: a miss that refills
        assert await c.get_product(product.id) == product  # and a hit again
        assert c.cache.stats.errors == errors  # the client reconnected by itself
        assert c.cache.stats.hits == 2
