"""Topology and publishing on the real broker: routing, durability, confirms, unroutable."""

from __future__ import annotations

import aio_pika
import pytest

from orderbus import Bus, OrderPlaced, Settings, Unroutable, topology_of
from orderbus.broken import publish_and_hope
from orderbus.publisher import Publisher
from orderbus.topology import declare
from tests.support import order, ready_count

pytestmark = pytest.mark.anyio


async def test_a_placed_order_reaches_the_work_queue_and_the_audit_queue(bus: Bus) -> None:
    message_id = await bus.publisher.publish(order())

    for queue in (bus.declared.payments, bus.declared.audit):  # pub/sub: a copy each
        message = await queue.get(timeout=5)
        assert message.message_id == message_id
        assert message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
        assert OrderPlaced.model_validate_json(message.body) == order()
        await message.ack()


async def test_the_topic_routes_by_key_a_cancellation_reaches_audit_only(bus: Bus) -> None:
    message = aio_pika.Message(b"{}", delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
    await bus.declared.exchange.publish(message, "order.cancelled.eu", mandatory=True)

    assert await ready_count(bus.connection, bus.topology.audit) == 1
    assert await ready_count(bus.connection, bus.topology.payments) == 0


async def test_consumers_of_one_queue_compete_each_message_goes_to_one(bus: Bus) -> None:
    for n in range(10):
        await bus.publisher.publish(order(f"o-{n}"))
    seen: list[str | None] = []
    other = await bus.connection.channel()
    for channel in (bus.channel, other, bus.channel, other) * 3:
        queue = await channel.get_queue(bus.topology.payments)
        message = await queue.get(fail=False)
        if message is not None:
            seen.append(message.message_id)
            await message.ack()
    assert len(seen) == len(set(seen)) == 10


async def test_every_queue_is_durable_the_broker_refuses_a_transient_redeclare(bus: Bus) -> None:
    """Declaring an existing queue with other arguments fails with PRECONDITION_FAILED: the
    broker's own proof that it holds these queues as durable."""
    for name in bus.topology.queues():
        channel = await bus.connection.channel()
        with pytest.raises(aio_pika.exceptions.ChannelPreconditionFailed):
            await channel.declare_queue(name, durable=False)


async def test_broken_an_unroutable_message_vanishes_without_confirms(settings: Settings) -> None:
    """The consumer side has not declared its queues yet: the exchange routes to nothing."""
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=False)
        exchange = await channel.declare_exchange(
            topology_of(settings).exchange, aio_pika.ExchangeType.TOPIC, durable=True
        )
        await publish_and_hope(exchange, order())  # no error: it "worked"

        declared = await declare(channel, topology_of(settings))  # the consumers start now
        assert await ready_count(connection, declared.payments.name) == 0  # and it is gone


async def test_fixed_an_unroutable_message_raises_at_the_publisher(settings: Settings) -> None:
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.declare_exchange(
            topology_of(settings).exchange, aio_pika.ExchangeType.TOPIC, durable=True
        )
        with pytest.raises(Unroutable) as caught:
            await Publisher(exchange).publish(order())
        assert caught.value.routing_key == "order.placed.eu"


async def test_a_fanout_exchange_copies_every_message_to_every_bound_queue(bus: Bus) -> None:
    """Pub/sub without routing: a fanout exchange ignores the routing key."""
    channel = await bus.connection.channel()
    name = f"{bus.topology.namespace}.fanout"
    fanout = await channel.declare_exchange(name, aio_pika.ExchangeType.FANOUT, durable=True)
    try:
        # Exclusive queues: deleted with this connection (and allowed by RabbitMQ 4.3).
        queues = [await channel.declare_queue(exclusive=True) for _ in range(2)]
        for queue in queues:
            await queue.bind(fanout)
        await fanout.publish(aio_pika.Message(b"hello"), routing_key="ignored")

        for queue in queues:
            message = await queue.get(timeout=5)
            await message.ack()
            assert message.body == b"hello"
    finally:
        await channel.exchange_delete(name)
        await channel.close()
