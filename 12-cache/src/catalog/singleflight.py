"""Single-flight: concurrent callers for one key share one call (Go's x/sync/singleflight)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class SingleFlight(Generic[T]):
    """`await flight.do(key, load)` runs `load()` once for all callers waiting on `key`.

    Within one process only: other processes (other replicas) each run their own call, which
    `catalog.cache.ProductCache.lease` limits across processes. A caller that is cancelled
    does not cancel the shared call (the others still want it): `asyncio.shield`.
    """

    def __init__(self) -> None:
        self._calls: dict[Hashable, asyncio.Task[T]] = {}

    async def do(self, key: Hashable, load: Callable[[], Coroutine[Any, Any, T]]) -> T:
        call = self._calls.get(key)
        if call is None:
            call = asyncio.create_task(load())
            self._calls[key] = call
            call.add_done_callback(lambda done: self._forget(key, done))
        return await asyncio.shield(call)

    def _forget(self, key: Hashable, done: asyncio.Task[T]) -> None:
        self._calls.pop(key, None)
        if not done.cancelled():
            done.exception()  # every waiter may have gone: mark the error as retrieved

    def in_flight(self) -> int:
        return len(self._calls)
