"""The composition root: connections, channels and the declared topology, closed on exit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractRobustConnection
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from orderbus.payments import create_schema
from orderbus.publisher import Publisher
from orderbus.settings import Settings
from orderbus.topology import Declared, Topology, declare


def topology_of(settings: Settings) -> Topology:
    return Topology(settings.namespace, settings.max_attempts, settings.retry_base_ms)


@dataclass
class Bus:
    connection: AbstractRobustConnection
    channel: AbstractChannel
    declared: Declared
    topology: Topology
    publisher: Publisher


@asynccontextmanager
async def open_bus(settings: Settings) -> AsyncIterator[Bus]:
    """A robust connection, one confirming channel, the topology declared."""
    # connect_robust reconnects after a dropped connection and re-declares what this
    # connection declared and consumed; see the README for what it does not do.
    connection = await aio_pika.connect_robust(settings.amqp_url, timeout=10)
    try:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        topology = topology_of(settings)
        declared = await declare(channel, topology)
        yield Bus(connection, channel, declared, topology, Publisher(declared.exchange))
    finally:
        await connection.close()


@asynccontextmanager
async def open_pool(settings: Settings) -> AsyncIterator[AsyncConnectionPool[AsyncConnection]]:
    pool: AsyncConnectionPool[AsyncConnection] = AsyncConnectionPool(
        settings.postgres_url, min_size=1, max_size=settings.prefetch, open=False
    )
    await pool.open(wait=True, timeout=10)
    try:
        async with pool.connection() as conn:
            await create_schema(conn)
        yield pool
    finally:
        await pool.close()
