"""The order bus as it is often first written. Each piece is a bug the lesson shows:

- `NaiveConsumer.run_auto_ack`: `no_ack=True`, so the broker forgets each message as soon as
  it is sent; a consumer killed mid-message loses it (`python -m orderbus.broken` runs this);
- `NaiveConsumer.handle`: a failure is `nack(requeue=True)`, so a message that always fails
  comes straight back, forever, as fast as the consumer can fail it;
- `charge`: no idempotency key, so a redelivered message charges again;
- `publish_and_hope`: no confirms and not mandatory, so an unroutable message vanishes.
"""

from __future__ import annotations

import asyncio
import logging

from aio_pika.abc import AbstractExchange, AbstractIncomingMessage, AbstractQueue
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from orderbus.messages import OrderPlaced, to_message

logger = logging.getLogger(__name__)


async def charge(conn: AsyncConnection, message_id: str, event: OrderPlaced) -> None:
    await conn.execute(
        "INSERT INTO charges (order_id, customer, amount_cents, message_id)"
        " VALUES (%s, %s, %s, %s)",
        (event.order_id, event.customer, event.amount_cents, message_id),
    )


class NaiveConsumer:
    def __init__(self, pool: AsyncConnectionPool[AsyncConnection]) -> None:
        self.pool = pool
        self.deliveries = 0

    async def process(self, message: AbstractIncomingMessage) -> None:
        self.deliveries += 1
        logger.info("received %s", message.message_id)
        event = OrderPlaced.model_validate_json(message.body)
        async with self.pool.connection() as conn, conn.transaction():
            await charge(conn, str(message.message_id), event)

    async def handle(self, message: AbstractIncomingMessage) -> None:
        try:
            await self.process(message)
        except Exception:  # the bug: every failure goes straight back
            await message.nack(requeue=True)
        else:
            await message.ack()

    async def run_auto_ack(self, queue: AbstractQueue, stop: asyncio.Event) -> None:
        await queue.consume(self.process, no_ack=True)
        logger.info("consuming from %s", queue.name)
        await stop.wait()


async def publish_and_hope(exchange: AbstractExchange, event: OrderPlaced) -> None:
    """On a channel without confirms: returns once the bytes are written, whatever happens."""
    await exchange.publish(to_message(event), event.routing_key)


async def _main() -> None:
    from orderbus.bootstrap import open_bus, open_pool
    from orderbus.settings import Settings

    settings = Settings()
    async with open_pool(settings) as pool, open_bus(settings) as bus:
        await NaiveConsumer(pool).run_auto_ack(bus.declared.payments, asyncio.Event())


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(_main())
