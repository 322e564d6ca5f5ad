"""An asyncio worker pool: N workers, one bounded queue, a shutdown that drains.

    async with AsyncWorkerPool(handle, workers=4, maxsize=16) as pool:
        for job in jobs:
            await pool.submit(job)  # waits while the queue is full: backpressure
    # here every submitted job was handled exactly once and every worker has exited
    pool.results                    # one Done or Failed per job, in completion order

Shutdown uses sentinels: `close()` puts one STOP per worker *behind* the jobs already queued.
The queue is FIFO, so each worker meets its STOP only after every job in front of it was
taken; it exits, and `close()` returns once all workers have. (Python 3.13 adds
`asyncio.Queue.shutdown()`; this course targets 3.11, and sentinels work on every version.)

Only the producer closes the pool, after its last `submit()`, as only the sender closes a
channel in Go.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Generic, Self, TypeVar

from workers.errors import PoolClosedError

T = TypeVar("T")
R = TypeVar("R")


class _Stop(enum.Enum):
    """The sentinel type: an enum member is a singleton that mypy can narrow on."""

    STOP = enum.auto()


@dataclass(frozen=True, slots=True)
class Done(Generic[T, R]):
    """A job that was handled, with what the handler returned."""

    item: T
    value: R


@dataclass(frozen=True, slots=True)
class Failed(Generic[T]):
    """A job whose handler raised; the worker recorded it and moved on to the next job."""

    item: T
    error: Exception


class AsyncWorkerPool(Generic[T, R]):
    """`workers` tasks take jobs from one queue of at most `maxsize` jobs and call `handle`."""

    def __init__(
        self,
        handle: Callable[[T], Awaitable[R]],
        *,
        workers: int,
        maxsize: int,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        if maxsize < 0:
            raise ValueError(f"maxsize must be 0 (unbounded) or more, got {maxsize}")
        self._handle = handle
        self._workers = workers
        # maxsize=0 means unbounded in asyncio.Queue: allowed, so the lab can show why not.
        self._queue: asyncio.Queue[T | _Stop] = asyncio.Queue(maxsize)
        self._tasks: list[asyncio.Task[None]] = []
        self._closed = False
        self.results: list[Done[T, R] | Failed[T]] = []

    @property
    def queued(self) -> int:
        """Jobs accepted but not yet taken by a worker."""
        return self._queue.qsize()

    def start(self) -> None:
        """Start the workers (`async with` does this for you)."""
        if self._tasks:
            raise RuntimeError("pool already started")
        self._tasks = [
            asyncio.create_task(self._work(), name=f"worker-{n}") for n in range(self._workers)
        ]

    async def submit(self, item: T) -> None:
        """Queue one job; wait while the queue is full. Raises PoolClosedError after close()."""
        if self._closed:
            raise PoolClosedError("the pool is closed; the item was not queued")
        await self._queue.put(item)

    async def close(self) -> None:
        """Drain: let the workers finish every queued job, then wait for them to exit."""
        if not self._closed:
            self._closed = True
            for _ in self._tasks:
                await self._queue.put(_Stop.STOP)  # one per worker, behind every job
        await asyncio.gather(*self._tasks)

    async def abort(self) -> None:
        """Stop now: cancel the workers; queued jobs are dropped. For errors, not shutdown."""
        self._closed = True
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def __aenter__(self) -> Self:
        self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            await self.close()
        else:
            # The body failed or was cancelled: don't leave workers running behind it.
            await self.abort()

    async def _work(self) -> None:
        while True:
            item = await self._queue.get()
            if item is _Stop.STOP:
                return
            try:
                value = await self._handle(item)
            # One bad job must not kill the worker: the error is kept in results, not lost.
            except Exception as error:  # noqa: BLE001
                self.results.append(Failed(item, error))
            else:
                self.results.append(Done(item, value))
