"""A concurrency limit with load shedding: what a rate limit cannot do.

A rate limit counts *starts*. When a dependency slows down, each request takes longer, so the
same rate of starts means more requests *in flight*: at 30 a minute and a dependency that went
from 1 s to 60 s, 30 requests pile up inside the app, each holding a socket, memory and a
worker, and the dependency gets 30 concurrent calls when it is least able to take them.

`InFlightLimit` bounds the pile: at most `max_in_flight` run, at most `max_waiting` wait (each
for at most `queue_timeout` seconds), and everyone else is refused at once with 503 and
`Retry-After`. Refusing fast is the point: an answer in a millisecond costs the server nothing,
and the client can retry elsewhere or later.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from throttle.errors import Overloaded


class InFlightLimit:
    def __init__(self, max_in_flight: int, max_waiting: int, queue_timeout: float) -> None:
        self.max_in_flight = max_in_flight
        self.max_waiting = max_waiting
        self.queue_timeout = queue_timeout
        self.in_flight = 0
        self.waiting = 0
        self.shed = 0
        self._slots = asyncio.Semaphore(max_in_flight)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the `max_in_flight` slots for the body of the `async with`."""
        if self._slots.locked():
            if self.waiting >= self.max_waiting:
                self.shed += 1
                raise Overloaded("queue full")
            self.waiting += 1
            try:
                async with asyncio.timeout(self.queue_timeout):
                    await self._slots.acquire()
            except TimeoutError:
                # A request that waited this long would answer too late to be useful anyway.
                self.shed += 1
                raise Overloaded("waited too long for a slot") from None
            finally:
                self.waiting -= 1
        else:
            await self._slots.acquire()
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1
            self._slots.release()
