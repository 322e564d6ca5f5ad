"""A bounded queue is a buffered channel: the producer waits when it is full.

    uv run python examples/04_backpressure.py

The producer is fast, the consumer is slow. With maxsize=2 the log shows the producer never
gets more than 2 items ahead: each `put` waits for a `get`. The order is deterministic: on
one event loop, tasks only switch at an await.
"""

from __future__ import annotations

import asyncio

DONE = None  # the sentinel: Go's close(ch)


async def producer(queue: asyncio.Queue[int | None], items: int) -> None:
    for n in range(items):
        await queue.put(n)  # waits while the queue holds maxsize items
        print(f"put {n}   (queue holds {queue.qsize()})")
    await queue.put(DONE)


async def consumer(queue: asyncio.Queue[int | None]) -> None:
    while (n := await queue.get()) is not DONE:
        print(f"    got {n}")
        for _ in range(3):
            await asyncio.sleep(0)  # slow: three trips round the event loop per item


async def main() -> None:
    queue: asyncio.Queue[int | None] = asyncio.Queue(maxsize=2)
    async with asyncio.TaskGroup() as group:
        group.create_task(producer(queue, 6))
        group.create_task(consumer(queue))


if __name__ == "__main__":
    asyncio.run(main())
