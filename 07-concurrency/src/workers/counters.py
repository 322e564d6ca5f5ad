"""Read-modify-write on shared state: the lost update, and the lock that prevents it.

Every counter here does the same three steps: read `value`, call `between()`, write
`value + 1`. In real code the gap between the read and the write holds real work (a log call,
a database round trip, an `await`). In the lab, `between` is where a test forces two threads
or two coroutines to be inside that gap at the same time, so the lost update happens every
time instead of once a month in production.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable


def _nothing() -> None:
    """The default gap: no work at all between the read and the write."""


async def _switch() -> None:
    """The default async gap: one await that lets other tasks run, as any real await can."""
    await asyncio.sleep(0)


class UnsafeCounter:
    """Shared by threads with no lock: two threads in the gap both write the same value."""

    def __init__(self, between: Callable[[], object] = _nothing) -> None:
        self.value = 0
        self._between = between

    def increment(self) -> None:
        value = self.value  # read
        self._between()  # another thread may read the same value here
        self.value = value + 1  # write: overwrites whatever was written meanwhile


class LockedCounter:
    """Shared by threads: the lock makes read-gap-write one step nobody else can split."""

    def __init__(self, between: Callable[[], object] = _nothing) -> None:
        self.value = 0
        self._between = between
        self._lock = threading.Lock()

    def increment(self) -> None:
        with self._lock:
            value = self.value
            self._between()
            self.value = value + 1


class AsyncUnsafeCounter:
    """Shared by coroutines with no lock: every await between read and write is a switch."""

    def __init__(self, between: Callable[[], Awaitable[object]] = _switch) -> None:
        self.value = 0
        self._between = between

    async def increment(self) -> None:
        value = self.value
        await self._between()  # the event loop runs other tasks here
        self.value = value + 1


class AsyncLockedCounter:
    """Shared by coroutines: an asyncio.Lock held across the await keeps the update whole."""

    def __init__(self, between: Callable[[], Awaitable[object]] = _switch) -> None:
        self.value = 0
        self._between = between
        self._lock = asyncio.Lock()

    async def increment(self) -> None:
        async with self._lock:
            value = self.value
            await self._between()
            self.value = value + 1
