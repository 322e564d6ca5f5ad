"""What publisher confirms and prefetch cost: messages per second on the local broker.

    uv run python benchmarks/bench_bus.py [--messages 2000] [--repeats 3]

Publishing `--messages` persistent messages to a durable queue:
- a confirm per message: publish, wait for the broker's ack, publish the next;
- batched confirms: publish 100, then wait for their 100 acks together;
- no confirms: publish and never know.
Consuming them with a handler that only acks, at prefetch 1 and at prefetch 50.
Each line shows the median of the repeats and their range. Runs in a namespace of its own,
removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from orderbus import OrderPlaced, Settings, to_message


async def fresh_queue(channel: AbstractChannel, name: str) -> None:
    await channel.queue_delete(name)
    await channel.declare_queue(name, durable=True)


async def publish(channel: AbstractChannel, queue: str, count: int, batch: int) -> float:
    event = OrderPlaced(order_id="o-1", customer="ada", amount_cents=2999)
    started = time.perf_counter()
    pending = []
    for _ in range(count):
        pending.append(channel.default_exchange.publish(to_message(event), routing_key=queue))
        if len(pending) == batch:
            await asyncio.gather(*pending)
            pending.clear()
    await asyncio.gather(*pending)
    return count / (time.perf_counter() - started)


async def consume(channel: AbstractChannel, queue_name: str, count: int, prefetch: int) -> float:
    await channel.set_qos(prefetch_count=prefetch)
    queue = await channel.get_queue(queue_name)
    done = asyncio.Event()
    seen = 0

    async def on_message(message: AbstractIncomingMessage) -> None:
        nonlocal seen
        await message.ack()
        seen += 1
        if seen == count:
            done.set()

    started = time.perf_counter()
    tag = await queue.consume(on_message)
    await done.wait()
    elapsed = time.perf_counter() - started
    await queue.cancel(tag)
    return count / elapsed


def line(name: str, rates: list[float]) -> str:
    return f"{name:<28} {statistics.median(rates):>9.0f}  [{min(rates):.0f}-{max(rates):.0f}] msg/s"


async def run(count: int, repeats: int) -> None:
    settings = Settings()
    queue = f"bench-{uuid.uuid4().hex}"
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        confirming = await connection.channel(publisher_confirms=True)
        unconfirmed = await connection.channel(publisher_confirms=False)
        try:
            results: dict[str, list[float]] = {}
            for name, channel, batch in (
                ("confirm per message", confirming, 1),
                ("batched confirms (100)", confirming, 100),
                ("no confirms", unconfirmed, count),
            ):
                for _ in range(repeats):
                    await fresh_queue(confirming, queue)
                    results.setdefault(name, []).append(await publish(channel, queue, count, batch))
            for prefetch in (1, 50):
                name = f"consume, prefetch {prefetch}"
                for _ in range(repeats):
                    await fresh_queue(confirming, queue)
                    await publish(confirming, queue, count, 100)
                    consumer = await connection.channel()
                    results.setdefault(name, []).append(
                        await consume(consumer, queue, count, prefetch)
                    )
                    await consumer.close()
            print(f"{count} persistent messages, {repeats} repeats: median [min-max]")
            for name, rates in results.items():
                print(line(name, rates))
        finally:
            await confirming.queue_delete(queue)


def main() -> None:
    parser = argparse.ArgumentParser(description="publisher confirms and prefetch, measured")
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(run(args.messages, args.repeats))


if __name__ == "__main__":
    main()
