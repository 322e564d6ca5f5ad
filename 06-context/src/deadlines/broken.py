"""The naive versions, kept on purpose: each one is a bug the Break it lab reproduces.

Never copy these. Every function here names the fixed version that replaces it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from deadlines.client import fetch_line_blocking

__all__ = [
    "consume_swallowing",
    "fetch_line_no_timeout",
    "quote_blocking_the_loop",
    "retry_sync_uncancellable",
]

T = TypeVar("T")
logger = logging.getLogger(__name__)


async def consume_swallowing(
    queue: asyncio.Queue[str | None], handle: Callable[[str], Awaitable[None]]
) -> int:
    """BROKEN: "a worker must never die", so it catches BaseException, CancelledError too.

    task.cancel() is logged and ignored; the task goes on taking jobs. Whoever awaits it at
    shutdown waits forever, and asyncio.timeout around it never fires.
    Fixed version: deadlines.cancellation.consume.
    """
    handled = 0
    while True:
        try:
            job = await queue.get()
            if job is None:
                return handled
            await handle(job)
            handled += 1
        except BaseException:
            logger.exception("worker error, carrying on")


async def fetch_line_no_timeout(host: str, port: int, request: bytes) -> bytes:
    """BROKEN: awaits the dependency with no deadline; a peer that never answers hangs it.

    Fixed version: deadlines.client.fetch_line (takes a Deadline and its own timeout).
    """
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        await writer.drain()
        return await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()


def retry_sync_uncancellable(
    operation: Callable[[], T], *, attempts: int = 3, backoff: float = 0.1
) -> T:
    """BROKEN when run under asyncio.to_thread + a timeout: nothing tells it to stop.

    The caller's TimeoutError ends the *await*, not the thread: the retries (and their side
    effects) carry on after the caller has answered 504.
    Fixed version: deadlines.cancellation.retry_sync with run_cancellable.
    """
    for attempt in range(1, attempts + 1):
        try:
            return operation()
        except OSError:
            if attempt == attempts:
                raise
            time.sleep(backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


async def quote_blocking_the_loop(host: str, port: int, *, socket_timeout: float) -> bytes:
    """BROKEN: a blocking socket call inside a coroutine freezes every task on the loop.

    Fixed version: `await asyncio.to_thread(fetch_line_blocking, ...)` or an async client.
    """
    return fetch_line_blocking(host, port, b"QUOTE\n", timeout=socket_timeout)
