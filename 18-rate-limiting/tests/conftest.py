"""Fixtures: a Redis key prefix `t:<hex>:` per test (deleted afterwards), settings that use it,
and the app running in-process with its lifespan, so suites run twice in a row in any order."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx2 as httpx
import pytest
import redis
from fastapi import FastAPI

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


PEER = "203.0.113.7"  # the address every in-process request comes from, unless a test says


class AppClient(httpx.AsyncClient):
    """An in-process client that also holds the app, so tests can read its counters."""

    app: FastAPI


@asynccontextmanager
async def open_client(settings: Settings, peer: str = PEER) -> AsyncIterator[AppClient]:
    """The app with its lifespan run, behind an in-process transport: requests come from `peer`."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=(peer, 40000))
        async with AppClient(transport=transport, base_url="http://test") as client:
            client.app = app
            yield client


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AppClient]:
    async with open_client(settings) as each:
        yield each


class SlowBackend:
    """A real HTTP server that holds every request until `release` is set, and counts them."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.arrived = 0
        self.in_flight = 0
        self.peak = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            self.arrived += 1
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            await self.release.wait()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            await writer.drain()
            self.in_flight -= 1
        finally:
            writer.close()


@pytest.fixture
async def slow_backend() -> AsyncIterator[tuple[SlowBackend, str]]:
    backend = SlowBackend()
    server = await asyncio.start_server(backend.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield backend, f"http://127.0.0.1:{port}/"
    finally:
        backend.release.set()
        server.close()
        await server.wait_closed()


@pytest.fixture
async def backend_url(slow_backend: tuple[SlowBackend, str]) -> str:
    """A backend that answers at once (its gate is open)."""
    backend, url = slow_backend
    backend.release.set()
    return url
