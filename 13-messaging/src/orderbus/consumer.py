"""The payments consumer: manual acks, a prefetch limit, retries through delay queues, dead
letters with the reason, idempotent side effects, and a shutdown that loses nothing.

For each delivery, exactly one of these happens, and only then is the message acked:
- charged (or found already charged: a duplicate) -> ack;
- failed, attempts left -> a copy goes to delay queue `retry.<attempt>`, confirmed, then ack;
- failed for the last time, or not even valid JSON -> a copy goes to the dead letters with
  the reason, confirmed, then ack.
If the process dies before the ack, the broker delivers the message again: at least once, so
the side effect must be idempotent (`orderbus.payments.charge_once`).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractQueue
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from pydantic import ValidationError

from orderbus.messages import ATTEMPTS, OrderPlaced
from orderbus.payments import charge_once
from orderbus.topology import Topology

logger = logging.getLogger(__name__)


class PaymentConsumer:
    def __init__(
        self,
        channel: AbstractChannel,
        topology: Topology,
        pool: AsyncConnectionPool[AsyncConnection],
    ) -> None:
        self.channel = channel  # publisher confirms on: retries and dead letters are confirmed
        self.topology = topology
        self.pool = pool
        self.in_flight: set[asyncio.Task[object]] = set()
        self.charged = 0
        self.duplicates = 0

    async def handle(self, message: AbstractIncomingMessage) -> None:
        attempt = int(str((message.headers or {}).get(ATTEMPTS, 0))) + 1
        logger.info("received %s (attempt %d)", message.message_id, attempt)
        try:
            event = OrderPlaced.model_validate_json(message.body)
        except ValidationError as exc:
            # Retrying cannot fix a message that does not parse.
            await self.dead_letter(message, attempt, f"invalid message: {exc.errors()[0]['msg']}")
            return
        try:
            async with self.pool.connection() as conn, conn.transaction():
                charged = await charge_once(conn, str(message.message_id), event)
        except Exception as exc:  # any failure: retry, then dead-letter with it
            logger.warning("attempt %d of %s failed", attempt, message.message_id, exc_info=True)
            if attempt >= self.topology.max_attempts:
                first_line = str(exc).splitlines()[0] if str(exc) else ""
                await self.dead_letter(message, attempt, f"{type(exc).__name__}: {first_line}")
            else:
                await self.retry_later(message, attempt)
            return
        if charged:
            self.charged += 1
        else:
            self.duplicates += 1
            logger.info("duplicate %s: already charged, nothing done", message.message_id)
        await message.ack()

    async def retry_later(self, message: AbstractIncomingMessage, attempt: int) -> None:
        """Park a copy in the delay queue for this attempt; its TTL sends it back."""
        await self._forward(message, self.topology.retry_queue(attempt), {ATTEMPTS: attempt})
        await message.ack()

    async def dead_letter(self, message: AbstractIncomingMessage, attempt: int, why: str) -> None:
        headers: dict[str, int | str] = {
            ATTEMPTS: attempt,
            "x-error": why[:500],
            "x-failed-at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        await self._forward(message, self.topology.dead, headers)
        await message.ack()
        logger.error("dead-lettered %s after %d attempts: %s", message.message_id, attempt, why)

    async def _forward(
        self, message: AbstractIncomingMessage, queue: str, headers: dict[str, int | str]
    ) -> None:
        """Publish a copy (same body and id) to `queue` and wait for the broker's confirm, so
        the original is acked only once the copy is safe."""
        copy = aio_pika.Message(
            body=message.body,
            content_type=message.content_type,
            message_id=message.message_id,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            headers={**(message.headers or {}), **headers},
        )
        await self.channel.default_exchange.publish(copy, routing_key=queue, mandatory=True)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        task = asyncio.current_task()
        if task is None:  # aio-pika runs each callback in a Task
            raise RuntimeError("_on_message() must run in a Task")
        self.in_flight.add(task)  # aio-pika runs each delivery's callback in a Task
        try:
            await self.handle(message)
        finally:
            self.in_flight.discard(task)

    async def run(self, queue: AbstractQueue, stop: asyncio.Event) -> None:
        """Consume until `stop` is set; then stop taking deliveries and finish the ones held.

        Messages the broker sent but no handler started are requeued when the channel closes:
        unacked messages are never lost, only delivered again.
        """
        tag = await queue.consume(self._on_message)
        logger.info("consuming from %s", queue.name)
        await stop.wait()
        await queue.cancel(tag)  # basic.cancel: no new deliveries from here on
        logger.info("stopping: finishing %d message(s) in flight", len(self.in_flight))
        while self.in_flight:
            await asyncio.wait(set(self.in_flight))
        logger.info("stopped")
