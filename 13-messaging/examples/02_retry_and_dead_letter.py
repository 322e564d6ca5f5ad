"""A good order and a poison one through the consumer: retries with backoff, then a dead letter.

    uv run python examples/02_retry_and_dead_letter.py

Uses the ORDERBUS_* settings (namespace, attempts, backoff), starting from nothing, and leaves
the dead letter there for `orderbus-dlq`; `examples/03_cleanup.py` removes it all.
"""

from __future__ import annotations

import asyncio
import logging

from orderbus import OrderPlaced, PaymentConsumer, Settings, open_bus, open_pool
from orderbus.payments import charges_for
from orderbus.scratch import reset


async def main() -> None:
    # The consumer's ERROR lines (dead letters) only; its WARNINGs carry whole tracebacks.
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(message)s")
    settings = await reset(Settings())
    async with open_bus(settings) as bus, open_pool(settings) as pool:
        good = OrderPlaced(order_id="o-1", customer="ada", amount_cents=2999)
        poison = OrderPlaced(order_id="o-2", customer="bo", amount_cents=2_000_000)  # over CHECK
        await bus.publisher.publish(good, message_id="o-1-placed")
        await bus.publisher.publish(poison, message_id="o-2-placed")
        delays = [bus.topology.delay_ms(n) for n in range(1, settings.max_attempts)]
        print(f"retry delays: {delays} ms, then the dead letters", flush=True)

        consumer = PaymentConsumer(bus.channel, bus.topology, pool)
        stop = asyncio.Event()
        running = asyncio.create_task(consumer.run(bus.declared.payments, stop))
        dead = await bus.declared.dead.get(timeout=None, fail=False)
        while dead is None:  # poll: the dead letter arrives after the backoff
            await asyncio.sleep(0.05)
            dead = await bus.declared.dead.get(fail=False)
        await dead.nack(requeue=True)  # leave it there for orderbus-dlq
        stop.set()
        await running

        async with pool.connection() as conn:
            print(f"o-1: charged {await charges_for(conn, 'o-1')} time(s)")
            print(f"o-2: charged {await charges_for(conn, 'o-2')} time(s)")
        headers = dead.headers or {}
        print(f"dead letter {dead.message_id}: attempts={headers['x-attempts']!s}")


if __name__ == "__main__":
    asyncio.run(main())
