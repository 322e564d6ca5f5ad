"""The shutdown people write first, kept here so the Break it lab can run it.

Do not copy this: it is the bug. See `AsyncWorkerPool.close` for the fix.
"""

from __future__ import annotations

from typing import TypeVar

from workers.pool import AsyncWorkerPool

T = TypeVar("T")
R = TypeVar("R")


class CancellingPool(AsyncWorkerPool[T, R]):
    """A pool whose close() cancels the workers as soon as the producer is done.

    The producer finished, so the work must be finished too? No: every job still in the
    queue, and every job a worker was in the middle of, is silently dropped.
    """

    async def close(self) -> None:
        await self.abort()
