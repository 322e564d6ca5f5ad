"""Fixtures: each test gets its own Postgres schema and its own Redis key prefix, both removed
afterwards, so suites run twice in a row, in any order, against the course's real servers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import quote

import psycopg
import pytest
import redis

from catalog import Catalog, Settings, open_catalog
from tests.services import require


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return require("postgres")


@pytest.fixture(scope="session")
def redis_url() -> str:
    return require("redis")


@pytest.fixture
def schema_url(postgres_url: str) -> Iterator[str]:
    """A new schema `t_<hex>`; the URL puts it first on the search_path. Dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        sep = "&" if "?" in postgres_url else "?"
        yield f"{postgres_url}{sep}options={quote(f'-c search_path={schema}')}"
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def key_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix `t:<hex>:catalog`; every key under it is deleted afterwards (never FLUSHDB)."""
    prefix = f"t:{uuid.uuid4().hex}:catalog"
    try:
        yield prefix
    finally:
        with redis.Redis.from_url(redis_url) as client:
            keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
            if keys:
                client.delete(*keys)


@pytest.fixture
def settings(schema_url: str, redis_url: str, key_prefix: str) -> Settings:
    return Settings(postgres_url=schema_url, redis_url=redis_url, key_prefix=key_prefix)


@pytest.fixture
async def catalog(settings: Settings) -> AsyncIterator[Catalog]:
    async with open_catalog(settings) as catalog:
        yield catalog


@pytest.fixture
async def black_hole() -> AsyncIterator[str]:
    """A TCP server that accepts every connection and never sends a byte."""
    held: list[asyncio.StreamWriter] = []

    async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()
