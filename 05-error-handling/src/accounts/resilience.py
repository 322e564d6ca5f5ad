"""Retry and fallback that only ever catch what they can handle.

Both take the exception types to handle as an argument and default to the transient domain
error. Neither catches BaseException: KeyboardInterrupt, SystemExit and asyncio.CancelledError
are requests to stop, and they must reach the code that asked for them.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from accounts.errors import StoreUnavailableError

__all__ = ["fetch_or_default", "retry"]

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorTypes = tuple[type[Exception], ...]


def retry(
    op: Callable[[], T],
    *,
    attempts: int = 3,
    retry_on: ErrorTypes = (StoreUnavailableError,),
    backoff: float = 0.05,
    max_backoff: float = 2.0,
    on_retry: Callable[[int, Exception], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    jitter: Callable[[], float] = random.random,
) -> T:
    """Call ``op`` until it returns, retrying only ``retry_on`` errors, at most ``attempts``.

    The last error propagates unchanged; anything not in ``retry_on`` propagates at once.
    Between attempts it sleeps a random time up to ``backoff * 2**(n-1)`` (capped at
    ``max_backoff``): "full jitter". Without the randomness, every client that failed at the
    same moment (the lock holder finished, the database came back) retries at the same
    moment too, and they collide again, attempt after attempt. ``sleep`` and ``jitter``
    (a float in [0, 1)) are parameters so a test can record the delays instead of waiting.
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, got {attempts}")
    for attempt in range(1, attempts + 1):
        try:
            return op()
        except retry_on as exc:
            if attempt == attempts:
                raise
            if on_retry is not None:
                on_retry(attempt, exc)
        # Outside the try: nothing in the backoff (not even a Ctrl-C during sleep) is caught.
        sleep(jitter() * min(max_backoff, backoff * 2 ** (attempt - 1)))
    raise AssertionError("unreachable: the last attempt returns or raises")


async def fetch_or_default(
    fetch: Callable[[], Awaitable[T]],
    default: T,
    *,
    fallback_on: ErrorTypes = (StoreUnavailableError,),
) -> T:
    """Await ``fetch()``; on a ``fallback_on`` error return ``default``. Cancellation passes."""
    try:
        return await fetch()
    except fallback_on:
        # A fallback hides an outage from the caller, so it must not hide it from operators:
        # log it, with the traceback and its cause, every time it is used.
        log.warning("fetch failed; serving the default instead", exc_info=True)
        return default
