"""Fan-out/fan-in with a bound on how much runs at once.

- `map_concurrent`: asyncio, TaskGroup + Semaphore. Results in input order; the first error
  cancels the rest (Go's errgroup with SetLimit).
- `as_completed_bounded`: asyncio, results as they finish, at most `limit` running.
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

    If one call raises, the TaskGroup cancels the others and raises an ExceptionGroup.
    """
    _check_limit(limit)
    semaphore = asyncio.Semaphore(limit)

    async def one(item: T) -> R:
        async with semaphore:
            return await fn(item)

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(one(item)) for item in items]
    return [task.result() for task in tasks]


async def as_completed_bounded(
    fn: Callable[[T], Awaitable[R]], items: Iterable[T], *, limit: int
) -> AsyncGenerator[tuple[T, R], None]:
    """Yield `(item, fn(item))` in the order calls finish, at most `limit` running at once.

    Use it inside `contextlib.aclosing(...)`: if the caller stops early, closing the
    generator cancels the calls still running instead of leaving them behind.
    """
    _check_limit(limit)
    semaphore = asyncio.Semaphore(limit)

    async def one(item: T) -> tuple[T, R]:
        async with semaphore:
            return item, await fn(item)

    tasks = [asyncio.create_task(one(item)) for item in items]
    try:
        for next_done in asyncio.as_completed(tasks):
            yield await next_done
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


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
