"""Exchanges, queues and bindings: the broker's side of the design, declared by the code.

    orders (topic) --order.placed.*--> payments        work queue: consumers compete
                   --order.#---------> audit           pub/sub: every queue gets a copy
    payments.retry.<ms>ms     one delay queue per attempt but the last: a fixed TTL each,
                              then dead-lettered back to payments through the default exchange
    payments.dead             dead letters, with the reason in a header

Everything is durable (RabbitMQ 4.3 refuses a queue that is neither durable nor exclusive)
and classic (a quorum queue would add its own delivery limit, 20 by default on RabbitMQ 4).
"""

from __future__ import annotations

from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue


@dataclass(frozen=True)
class Topology:
    namespace: str
    max_attempts: int
    retry_base_ms: int

    @property
    def exchange(self) -> str:
        return f"{self.namespace}.orders"

    @property
    def payments(self) -> str:
        return f"{self.namespace}.payments"

    @property
    def audit(self) -> str:
        return f"{self.namespace}.audit"

    @property
    def dead(self) -> str:
        return f"{self.namespace}.payments.dead"

    def retry_queue(self, attempt: int) -> str:
        """The delay queue after attempt `attempt`. Its TTL is in its name: a queue's arguments
        cannot change once declared (PRECONDITION_FAILED), so a new delay is a new queue."""
        return f"{self.namespace}.payments.retry.{self.delay_ms(attempt)}ms"

    def delay_ms(self, attempt: int) -> int:
        """How long attempt `attempt` (1, 2, ...) waits before the next delivery."""
        return int(self.retry_base_ms * 2 ** (attempt - 1))

    def queues(self) -> list[str]:
        retries = [self.retry_queue(n) for n in range(1, self.max_attempts)]
        return [self.payments, self.audit, self.dead, *retries]


@dataclass(frozen=True)
class Declared:
    exchange: AbstractExchange
    payments: AbstractQueue
    audit: AbstractQueue
    dead: AbstractQueue


async def declare(channel: AbstractChannel, topology: Topology) -> Declared:
    """Declare everything (idempotent: same arguments, same result)."""
    exchange = await channel.declare_exchange(
        topology.exchange, aio_pika.ExchangeType.TOPIC, durable=True
    )
    payments = await channel.declare_queue(topology.payments, durable=True)
    await payments.bind(exchange, "order.placed.*")
    audit = await channel.declare_queue(topology.audit, durable=True)
    await audit.bind(exchange, "order.#")
    dead = await channel.declare_queue(topology.dead, durable=True)
    for attempt in range(1, topology.max_attempts):
        await channel.declare_queue(
            topology.retry_queue(attempt),
            durable=True,
            arguments={
                "x-message-ttl": topology.delay_ms(attempt),
                "x-dead-letter-exchange": "",  # the default exchange: routes by queue name
                "x-dead-letter-routing-key": topology.payments,
            },
        )
    return Declared(exchange, payments, audit, dead)


async def delete(channel: AbstractChannel, topology: Topology) -> None:
    """Remove everything `declare` made (tests, examples)."""
    for name in topology.queues():
        await channel.queue_delete(name)
    await channel.exchange_delete(topology.exchange)
