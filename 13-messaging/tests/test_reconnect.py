"""What `connect_robust` does after a dropped connection, and what it leaves to you.

The connection runs through a small TCP proxy on this machine that the test can cut, as a
network blip or a broker failover would: both sockets closed, no goodbye.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import aio_pika
import pytest
from aio_pika.abc import AbstractIncomingMessage

from orderbus import Bus, Settings
from tests.support import order

pytestmark = pytest.mark.anyio


class Proxy:
    """Forwards 127.0.0.1:<port> to the broker; `cut()` drops every open connection."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.writers: list[asyncio.StreamWriter] = []
        self.tasks: set[asyncio.Task[None]] = set()
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        port: int = self.server.sockets[0].getsockname()[1]
        return port

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self.writers += [writer, up_writer]
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.create_task(self._pipe(source, sink))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        sink.close()

    def cut(self) -> None:
        for writer in self.writers:
            writer.transport.abort()  # no FIN handshake, no AMQP close: the line just drops
        self.writers.clear()

    async def stop(self) -> None:
        self.cut()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
        for task in list(self.tasks):
            task.cancel()


@pytest.fixture
async def proxied_url(settings: Settings) -> AsyncIterator[tuple[str, Proxy]]:
    parts = urlsplit(settings.amqp_url)
    proxy = Proxy(parts.hostname or "127.0.0.1", parts.port or 5672)
    port = await proxy.start()
    netloc = parts.netloc.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{port}")
    try:
        yield urlunsplit(parts._replace(netloc=netloc)), proxy
    finally:
        await proxy.stop()


async def test_a_dropped_connection_recovers_and_the_broker_redelivers_the_unacked(
    bus: Bus, proxied_url: tuple[str, Proxy]
) -> None:
    url, proxy = proxied_url
    message_id = await bus.publisher.publish(order())  # on the direct connection
    connection = await aio_pika.connect_robust(url, reconnect_interval=0.1)
    deliveries: asyncio.Queue[AbstractIncomingMessage] = asyncio.Queue()
    try:
        channel = await connection.channel()
        queue = await channel.get_queue(bus.topology.payments)
        await queue.consume(deliveries.put)  # manual ack: we hold the message, unacked

        first = await asyncio.wait_for(deliveries.get(), 10)
        assert (first.message_id, first.redelivered) == (message_id, False)

        proxy.cut()  # the broker sees the connection die and requeues what it held
        second = await asyncio.wait_for(deliveries.get(), 20)  # reconnected, re-consumed

        assert (second.message_id, second.redelivered) == (message_id, True)
        with pytest.raises(aio_pika.exceptions.ChannelInvalidStateError):
            await first.ack()  # its channel died with the old connection: the ack is lost
        await second.ack()
    finally:
        await connection.close()
