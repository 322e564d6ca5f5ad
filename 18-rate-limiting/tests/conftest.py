"""Fixtures: a Redis key prefix `t:<hex>:` per test (deleted afterwards), settings that use it,
and the app running in-process with its lifespan, so suites run twice in a row in any order."""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx2 as httpx
import pytest
import redis

from tests.services import require
from throttle import Settings, create_app

SECRET = "test-secret-0123456789"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def redis_url() -> str:
    return require("redis")


@pytest.fixture
def key_prefix(redis_url: str) -> Iterator[str]:
    """`t:<hex>:throttle`; every key under `t:<hex>:` is deleted afterwards (never FLUSHDB)."""
    test_id = uuid.uuid4().hex
    try:
        yield f"t:{test_id}:throttle"
    finally:
        with redis.Redis.from_url(redis_url) as client:
            keys = list(client.scan_iter(match=f"t:{test_id}:*", count=500))
            if keys:
                client.delete(*keys)


@pytest.fixture
def closed_port_url() -> str:
    """A Redis URL on a port nobody listens on: bound, then closed, so connects are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def settings(redis_url: str, key_prefix: str) -> Settings:
    return Settings(token_secret=SECRET, redis_url=redis_url, key_prefix=key_prefix)


async def open_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for each in open_client(settings):
        yield each
