"""BROKEN: a bare ``except:`` also catches KeyboardInterrupt, SystemExit and CancelledError."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


def retry_forever(op: Callable[[], T], on_retry: Callable[[int, BaseException], None]) -> T:
    """Keep calling ``op`` until it works. Ctrl-C while ``op`` runs is just another retry."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return op()
        except:  # noqa: E722  # the lesson's deliberate bug: also catches KeyboardInterrupt
            error = sys.exc_info()[1]  # a bare except cannot bind a name
            assert error is not None
            on_retry(attempt, error)


async def fetch_or_default(fetch: Callable[[], Awaitable[T]], default: T) -> T:
    """Return ``default`` if ``fetch()`` fails... or is cancelled, which is the bug."""
    try:
        return await fetch()
    except:  # noqa: E722  # the lesson's deliberate bug: swallows asyncio.CancelledError
        return default
