"""Fixtures: each test gets its own Redis prefix `t:<hex>:roomchat` (streams and channels),
deleted afterwards, and real servers on port 0 in the test's own event loop."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
import redis

from roomchat import Hub, Settings, open_hub, port_of, running, sign
from tests.services import require

SECRET = "test-secret-0123456789abcdef"
ORIGIN = "http://good.example"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def redis_url() -> str:
    return require("redis")


@pytest.fixture
def key_prefix(redis_url: str) -> Iterator[str]:
    """A prefix `t:<hex>:roomchat`; every key under it is deleted afterwards (never FLUSHDB)."""
    prefix = f"t:{uuid.uuid4().hex}:roomchat"
    try:
        yield prefix
    finally:
        with redis.Redis.from_url(redis_url) as client:
            keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
            if keys:
                client.delete(*keys)


@pytest.fixture
def settings(redis_url: str, key_prefix: str) -> Settings:
    return Settings(
        redis_url=redis_url,
        key_prefix=key_prefix,
        secret=SECRET,
        port=0,
        allowed_origins=ORIGIN,
        ping_interval=0.5,
        ping_timeout=0.5,
        send_queue=32,
        replay_len=50,
    )


@pytest.fixture
async def hub(settings: Settings) -> AsyncIterator[Hub]:
    async with open_hub(settings) as hub:
        yield hub


@pytest.fixture
async def ws_url(settings: Settings, hub: Hub) -> AsyncIterator[str]:
    """The websockets server, in this test's loop: `ws://127.0.0.1:<port>`."""
    async with running(settings, hub) as server:
        yield f"ws://127.0.0.1:{port_of(server)}"


def token(user: str = "ada") -> str:
    return sign(SECRET, "token", user, ttl=3600, now=time.time())


def bearer(user: str = "ada") -> dict[str, str]:
    return {"Authorization": f"Bearer {token(user)}"}
