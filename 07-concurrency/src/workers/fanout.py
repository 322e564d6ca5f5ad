"""Fan-out/fan-in with a bound on how much runs at once.

- `map_concurrent`: asyncio, a TaskGroup of `limit` workers sharing one input iterator.
  Results in input order; the first error cancels the rest (Go's errgroup with SetLimit).
- `as_completed_bounded`: asyncio, results as they finish, at most `limit` tasks alive.

None of them reads the input ahead of the work: an item is taken when a slot frees.
- `map_bounded`: a thread or process pool, results as they finish, at most `limit` futures
  submitted at a time (`Executor.map` submits the whole input up front).
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _check_limit(limit: int) -> None:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")


async def map_concurrent(
    fn: Callable[[T], Awaitable[R]], items: Iterable[T], *, limit: int
) -> list[R]:
    """`[await fn(x) for x in items]`, at most `limit` at a time, results in input order.

    `limit` worker tasks share one iterator over `items` and each takes the next item only
    when it is free, so at most `limit` calls exist at once and the input is read as calls
    finish (it can be a generator of any length). If one call raises, the TaskGroup cancels
    the others and raises an ExceptionGroup; items not yet read are never read.
    """
    _check_limit(limit)
    source = enumerate(items)  # one iterator: next() never interleaves on one event loop
    results: dict[int, R] = {}

    async def worker() -> None:
        for index, item in source:
            results[index] = await fn(item)

    async with asyncio.TaskGroup() as group:
        for _ in range(limit):
            group.create_task(worker())
    return [results[index] for index in range(len(results))]


async def as_completed_bounded(
    fn: Callable[[T], Awaitable[R]], items: Iterable[T], *, limit: int
) -> AsyncGenerator[tuple[T, R], None]:
    """Yield `(item, fn(item))` in the order calls finish, at most `limit` running at once.

    A new call starts (and the next item is read) only when one finishes. Use it inside
    `contextlib.aclosing(...)`: if the caller stops early, closing the generator cancels the
    calls still running instead of leaving them behind.
    """
    _check_limit(limit)
    source = iter(items)
    running: set[asyncio.Task[tuple[T, R]]] = set()
    finished: asyncio.Queue[asyncio.Task[tuple[T, R]]] = asyncio.Queue()

    async def one(item: T) -> tuple[T, R]:
        return item, await fn(item)

    def start_next() -> bool:
        for item in source:  # at most one item
            task = asyncio.create_task(one(item))
            task.add_done_callback(finished.put_nowait)  # fan-in, in the order they finish
            running.add(task)
            return True
        return False

    try:
        while len(running) < limit and start_next():
            pass
        while running:
            task = await finished.get()
            running.discard(task)
            result = task.result()  # an error propagates; `finally` cancels the rest
            start_next()  # keep `limit` calls busy while the caller handles this result
            yield result
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


def map_bounded(
    executor: cf.Executor, fn: Callable[[T], R], items: Iterable[T], *, limit: int
) -> Iterator[tuple[T, R]]:
    """Yield `(item, fn(item))` as they finish, with at most `limit` futures in flight.

    Works with ThreadPoolExecutor and ProcessPoolExecutor (then `fn` must be picklable: a
    module-level function). The input is read lazily, so it can be a generator of any length.
    If fn raises, the exception propagates here and the futures still waiting are cancelled.
    """
    _check_limit(limit)
    pending: dict[cf.Future[R], T] = {}
    source = iter(items)
    try:
        for item in source:
            pending[executor.submit(fn, item)] = item
            if len(pending) >= limit:
                break
        while pending:
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                yield item, future.result()
                for more in source:  # refill one slot per finished future
                    pending[executor.submit(fn, more)] = more
                    break
    finally:
        for future in pending:
            future.cancel()
