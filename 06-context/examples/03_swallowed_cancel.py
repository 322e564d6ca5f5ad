"""A worker that swallows CancelledError keeps running after cancel(); the fixed one stops."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from deadlines import consume
from deadlines.broken import consume_swallowing

Worker = Callable[
    [asyncio.Queue[str | None], Callable[[str], Awaitable[None]]], Coroutine[Any, Any, int]
]


async def cancel_then_feed(name: str, worker: Worker) -> None:
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    handled: list[str] = []
    took_one = asyncio.Event()

    async def handle(job: str) -> None:
        handled.append(job)
        took_one.set()

    task = asyncio.create_task(worker(queue, handle))
    queue.put_nowait("job-1")
    await took_one.wait()
    took_one.clear()

    task.cancel()  # shutdown: stop taking jobs
    queue.put_nowait("job-2")
    # Wait for the first of: the task finishing, or the task taking the next job.
    took_next = asyncio.create_task(took_one.wait())
    await asyncio.wait({task, took_next}, return_when=asyncio.FIRST_COMPLETED)
    took_next.cancel()
    print(f"{name}: after cancel(): handled={handled} done={task.done()}")

    if not task.done():
        queue.put_nowait(None)  # the poison pill it still honours
    # asyncio.wait does not raise the task's CancelledError into *this* task, which was
    # not cancelled: never catch and drop a CancelledError just to look at a task.
    await asyncio.wait({task})
    print(f"{name}: finally cancelled={task.cancelled()}, jobs left in queue={queue.qsize()}")


async def main() -> None:
    await cancel_then_feed("broken", consume_swallowing)
    await cancel_then_feed("fixed ", consume)


if __name__ == "__main__":
    logging.disable(logging.CRITICAL)  # the broken worker logs every swallowed cancel
    asyncio.run(main())
