"""Fixtures: each test gets its own exchange and queues (a random namespace), its own Postgres
schema, and removes both afterwards, so suites run twice in a row and in any order against the
course's real RabbitMQ and Postgres."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import quote

import aio_pika
import psycopg
import pytest
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from orderbus import Bus, Settings, open_bus, open_pool, topology_of
from orderbus.topology import delete
from tests.services import require


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def amqp_url() -> str:
    return require("rabbitmq")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return require("postgres")


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
async def settings(amqp_url: str, schema_url: str) -> AsyncIterator[Settings]:
    """Settings for a namespace `t-<hex>` of our own; its exchange and queues are deleted after
    the test. Retries wait 50 ms, then 100 ms: the lesson's backoff, at test speed."""
    settings = Settings(
        amqp_url=amqp_url,
        postgres_url=schema_url,
        namespace=f"t-{uuid.uuid4().hex}",
        max_attempts=3,
        retry_base_ms=50,
    )
    try:
        yield settings
    finally:
        connection = await aio_pika.connect(amqp_url)
        async with connection:
            await delete(await connection.channel(), topology_of(settings))


@pytest.fixture
async def bus(settings: Settings) -> AsyncIterator[Bus]:
    async with open_bus(settings) as bus:
        yield bus


@pytest.fixture
async def pool(settings: Settings) -> AsyncIterator[AsyncConnectionPool[AsyncConnection]]:
    async with open_pool(settings) as pool:
        yield pool
