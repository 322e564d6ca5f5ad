"""Routing and confirms: who gets a copy of what, and what happens to a message nobody takes.

uv run python examples/01_route_and_confirm.py
"""

from __future__ import annotations

import asyncio

import aio_pika

from orderbus import OrderPlaced, Settings, Unroutable, open_bus
from orderbus.publisher import Publisher
from orderbus.scratch import remove, reset


async def ready(bus_connection: aio_pika.abc.AbstractConnection, queue: str) -> int:
    channel = await bus_connection.channel()
    declared = await channel.declare_queue(queue, passive=True)
    await channel.close()
    return int(declared.declaration_result.message_count or 0)


async def main() -> None:
    settings = Settings(namespace="example-01")
    await reset(settings)
    async with open_bus(settings) as bus:
        await bus.publisher.publish(OrderPlaced(order_id="o-1", customer="ada", amount_cents=2999))
        cancelled = aio_pika.Message(b"{}", delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
        await bus.declared.exchange.publish(cancelled, "order.cancelled.eu", mandatory=True)
        for queue in (bus.topology.payments, bus.topology.audit):
            print(f"{queue}: {await ready(bus.connection, queue)} message(s)")

        lonely = await bus.channel.declare_exchange("example-01.nobody-listens", durable=True)
        try:
            await Publisher(lonely).publish(
                OrderPlaced(order_id="o-2", customer="bo", amount_cents=1)
            )
        except Unroutable as exc:
            print(f"unroutable, and the publisher knows: {exc}")
        await bus.channel.exchange_delete(lonely.name)
    await remove(settings)


if __name__ == "__main__":
    asyncio.run(main())
