"""The consumer in this process, on the real broker and Postgres: acks, retries, dead letters,
duplicates, each broken (orderbus.broken) and fixed (orderbus.consumer)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import aio_pika
import pytest
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from orderbus import ATTEMPTS, Bus, PaymentConsumer
from orderbus.broken import NaiveConsumer
from orderbus.payments import charges_for
from tests.support import order, ready_count, until

pytestmark = pytest.mark.anyio
Pool = AsyncConnectionPool[AsyncConnection]


@asynccontextmanager
async def consuming(bus: Bus, pool: Pool) -> AsyncIterator[PaymentConsumer]:
    """A PaymentConsumer running on the payments queue until the block ends."""
    await bus.channel.set_qos(prefetch_count=10)
    consumer = PaymentConsumer(bus.channel, bus.topology, pool)
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(bus.declared.payments, stop))
    try:
        yield consumer
    finally:
        stop.set()
        try:
            async with asyncio.timeout(10):
                await task
        finally:
            # A consumer that did not stop (a Break it patch that requeues forever keeps it
            # busy) is cancelled, so it cannot outlive its test and spin in the next one.
            task.cancel()


async def charges(pool: Pool, order_id: str = "o-1") -> int:
    async with pool.connection() as conn:
        return await charges_for(conn, order_id)


def holds(check: Callable[[], bool]) -> Callable[[], Awaitable[bool]]:
    async def condition() -> bool:
        return check()

    return condition


async def test_each_order_is_charged_once_and_every_message_acked(bus: Bus, pool: Pool) -> None:
    for n in range(5):
        await bus.publisher.publish(order(f"o-{n}"))
    async with consuming(bus, pool) as consumer:
        await until(holds(lambda: consumer.charged == 5))

    assert [await charges(pool, f"o-{n}") for n in range(5)] == [1] * 5
    assert await ready_count(bus.connection, bus.topology.payments) == 0


# --- Break it 3: a duplicate delivery ------------------------------------------------------


async def test_broken_a_duplicate_delivery_charges_twice(bus: Bus, pool: Pool) -> None:
    """The same message twice: a redelivery after a lost ack, or a publisher that retried."""
    for _ in range(2):
        await bus.publisher.publish(order(), message_id="m-1")
    naive = NaiveConsumer(pool)
    for _ in range(2):
        await naive.handle(await bus.declared.payments.get(timeout=5))

    assert await charges(pool) == 2


async def test_fixed_the_idempotency_key_charges_once(bus: Bus, pool: Pool) -> None:
    for _ in range(2):
        await bus.publisher.publish(order(), message_id="m-1")
    async with consuming(bus, pool) as consumer:
        await until(holds(lambda: consumer.charged + consumer.duplicates == 2))

    assert await charges(pool) == 1
    assert (consumer.charged, consumer.duplicates) == (1, 1)


# --- Break it 2: the poison message ---------------------------------------------------------

POISON = 2_000_000  # over the charges table's CHECK: this order fails every time


async def test_broken_requeue_on_failure_redelivers_a_poison_message_forever(
    bus: Bus, pool: Pool
) -> None:
    await bus.publisher.publish(order(amount_cents=POISON))
    naive = NaiveConsumer(pool)
    await bus.channel.set_qos(prefetch_count=1)
    tag = await bus.declared.payments.consume(naive.handle)
    try:
        await until(holds(lambda: naive.deliveries >= 50))  # bounded: it would never stop
    finally:
        await bus.declared.payments.cancel(tag)
    assert await charges(pool) == 0


async def test_fixed_retries_with_backoff_then_dead_letters_with_the_reason(
    bus: Bus, pool: Pool
) -> None:
    message_id = await bus.publisher.publish(order(amount_cents=POISON))
    async with consuming(bus, pool):
        dead = await until_dead_letter(bus)

    assert dead.message_id == message_id
    headers = dead.headers or {}
    assert headers[ATTEMPTS] == bus.topology.max_attempts == 3
    assert "CheckViolation" in str(headers["x-error"])
    assert await charges(pool) == 0
    assert await ready_count(bus.connection, bus.topology.payments) == 0
    for attempt in range(1, bus.topology.max_attempts):
        assert await ready_count(bus.connection, bus.topology.retry_queue(attempt)) == 0


async def test_a_message_that_does_not_parse_is_dead_lettered_at_once(bus: Bus, pool: Pool) -> None:
    junk = aio_pika.Message(b"not json", message_id="junk-1", headers={ATTEMPTS: 0})
    await bus.declared.exchange.publish(junk, "order.placed.eu", mandatory=True)
    async with consuming(bus, pool):
        dead = await until_dead_letter(bus)

    headers = dead.headers or {}
    assert headers[ATTEMPTS] == 1  # no retries: retrying cannot fix it
    assert str(headers["x-error"]).startswith("invalid message")


async def until_dead_letter(bus: Bus, within: float = 5.0) -> aio_pika.abc.AbstractIncomingMessage:
    """The first message to reach the dead-letter queue, consumed on a channel of its own.

    Not polled with basic.get on the bus's channel: aiormq answers a cancelled RPC by closing
    its channel, and under Break it 2 the consumer's requeue storm runs on that channel. A
    timeout that cancelled a basic.get there was seen to hang the test (about one run in ten)
    instead of failing it; a consumer on a quiet channel is cancelled cleanly.
    """
    arrived: asyncio.Queue[aio_pika.abc.AbstractIncomingMessage] = asyncio.Queue()

    async def keep(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        await message.ack()
        arrived.put_nowait(message)

    channel = await bus.connection.channel()
    try:
        dead = await channel.get_queue(bus.topology.dead, ensure=False)
        await dead.consume(keep)
        return await asyncio.wait_for(arrived.get(), within)
    finally:
        await channel.close()
