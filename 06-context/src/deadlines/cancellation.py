"""Cancellation done right: for tasks (CancelledError) and for threads (a CancelToken).

Go passes `ctx` and code selects on `ctx.Done()`. In asyncio the runtime delivers cancellation
for you: `task.cancel()` raises CancelledError at the task's next `await`. Your only job is to
let it through. Threads get nothing delivered, so sync code must check a token at safe points.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from deadlines.errors import OperationCancelled

__all__ = ["CancelToken", "consume", "retry_sync", "run_cancellable"]

T = TypeVar("T")
logger = logging.getLogger(__name__)


async def consume(
    queue: asyncio.Queue[str | None], handle: Callable[[str], Awaitable[None]]
) -> int:
    """Handle jobs until a None arrives. A failing job is logged; cancellation stops the loop.

    `except Exception` does not catch CancelledError (a BaseException since Python 3.8), so
    the loop survives bad jobs and still stops when its owner cancels it. Cleanup goes in
    `finally`, which runs on cancellation too. Each job taken is marked done (even a failed
    or cancelled one), so a producer's `await queue.join()` returns once the queue drains.
    """
    handled = 0
    try:
        while True:
            job = await queue.get()
            try:
                if job is None:
                    return handled
                await handle(job)
                handled += 1
            except Exception:
                logger.exception("job failed", extra={"job": job})
            finally:
                queue.task_done()  # every get() gets its task_done(), or queue.join() hangs
    finally:
        logger.info("consumer stopped", extra={"handled": handled})


class CancelToken:
    """Go's `ctx.Done()` for a thread: a flag that sync code checks at safe points.

    A Python thread cannot be interrupted from outside. The code running in it has to look
    at the token between steps and return early; `sleep()` wakes up as soon as it is set.
    """

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise OperationCancelled("cancelled by the caller")

    def sleep(self, seconds: float) -> None:
        """Like time.sleep, but raises OperationCancelled the moment the token is set."""
        if self._event.wait(seconds):
            raise OperationCancelled("cancelled by the caller")

    def wait(self, timeout: float | None = None) -> bool:
        """Block until cancelled (or the timeout passes); True if cancelled."""
        return self._event.wait(timeout)


def retry_sync(
    operation: Callable[[], T], token: CancelToken, *, attempts: int = 3, backoff: float = 0.1
) -> T:
    """Call a blocking operation, retrying OSError with exponential backoff, until cancelled.

    Checks the token before every attempt and sleeps on it between attempts, so a caller
    that gave up stops the retries within one attempt, not after all of them.
    """
    for attempt in range(1, attempts + 1):
        token.raise_if_cancelled()
        try:
            return operation()
        except OSError:
            if attempt == attempts:
                raise
            token.sleep(backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


async def run_cancellable(fn: Callable[[CancelToken], T], *, token: CancelToken | None = None) -> T:
    """Run `fn(token)` in a worker thread; if this coroutine is cancelled, stop the thread too.

    asyncio.to_thread alone cannot stop the thread: a timeout makes the *caller* give up
    while the thread keeps going. Here cancellation sets the token and then waits until the
    thread reaches a checkpoint, so when the caller sees TimeoutError nothing is still
    running on its behalf.
    """
    token = token if token is not None else CancelToken()
    work = asyncio.create_task(asyncio.to_thread(fn, token))
    try:
        return await asyncio.shield(work)
    except asyncio.CancelledError:
        token.cancel()
        # The caller is gone, so the thread's own result or OperationCancelled is read by
        # nobody: mark it retrieved so asyncio does not log "exception was never retrieved".
        work.add_done_callback(_retrieve)
        await asyncio.wait({work})
        raise


def _retrieve(work: asyncio.Future[Any]) -> None:
    if not work.cancelled():
        work.exception()
