"""The lost update, forced to happen every time, and the locks that prevent it.

Python has no `-race` detector, so these tests do not hope for a race: they put every thread
(or coroutine) inside the read-write gap at the same time, then count what was lost.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable

from workers import AsyncLockedCounter, AsyncUnsafeCounter, LockedCounter, UnsafeCounter

N = 8
DEADLINE = 10.0  # bounds a hang; never measures speed


class Gap:
    """Counts how many threads are between the read and the write at the same moment."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self.inside = 0
        self.most_inside = 0

    def around(self, wait: Callable[[], object]) -> Callable[[], None]:
        def between() -> None:
            with self._guard:
                self.inside += 1
                self.most_inside = max(self.most_inside, self.inside)
            wait()
            with self._guard:
                self.inside -= 1

        return between


def run_threads(target: Callable[[], object], n: int) -> None:
    threads = [threading.Thread(target=target, name=f"incr-{i}") for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"


def test_broken_threads_lose_updates_when_they_meet_between_read_and_write() -> None:
    """All N threads read 0, meet at the barrier, all write 1: N-1 updates vanish."""
    barrier = threading.Barrier(N, timeout=DEADLINE)
    gap = Gap()
    counter = UnsafeCounter(between=gap.around(barrier.wait))

    run_threads(counter.increment, N)

    assert gap.most_inside == N
    assert counter.value == 1
    assert N - counter.value == N - 1  # lost updates, exactly


def test_fixed_lock_keeps_every_update_while_all_threads_contend() -> None:
    """The holder waits in the gap until every thread has arrived at increment().

    So the lock is contended for certain, and still only one thread is ever in the gap and
    no update is lost. (The same wait with UnsafeCounter would let them all in.)
    """
    arrived = 0
    arrival = threading.Condition()
    all_arrived: list[bool] = []
    gap = Gap()

    def wait_for_everyone() -> None:
        with arrival:
            all_arrived.append(arrival.wait_for(lambda: arrived == N, timeout=DEADLINE))

    counter = LockedCounter(between=gap.around(wait_for_everyone))

    def arrive_then_increment() -> None:
        nonlocal arrived
        with arrival:
            arrived += 1
            arrival.notify_all()
        counter.increment()

    run_threads(arrive_then_increment, N)

    assert all_arrived == [True] * N
    assert gap.most_inside == 1
    assert counter.value == N


def test_unsafe_counter_is_correct_with_one_thread() -> None:
    """The bug needs two threads: alone, read-gap-write is fine, which is why tests miss it."""
    counter = UnsafeCounter()
    for _ in range(1000):
        counter.increment()
    assert counter.value == 1000


class AsyncGap:
    """Same as Gap, for coroutines on one event loop (no guard needed: no preemption)."""

    def __init__(self) -> None:
        self.inside = 0
        self.most_inside = 0

    def around(self, wait: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[None]]:
        async def between() -> None:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            await wait()
            self.inside -= 1

        return between


async def _switch() -> None:
    await asyncio.sleep(0)


def test_broken_coroutines_lose_updates_at_an_await() -> None:
    """No threads at all: one `await` between read and write is enough to lose N-1 updates."""

    async def main() -> tuple[int, int]:
        gap = AsyncGap()
        counter = AsyncUnsafeCounter(between=gap.around(_switch))
        await asyncio.gather(*(counter.increment() for _ in range(N)))
        return counter.value, gap.most_inside

    value, most_inside = asyncio.run(main())
    assert most_inside == N
    assert value == 1


def test_broken_coroutines_meeting_at_an_asyncio_barrier_lose_updates() -> None:
    """The thread lab, for coroutines: they all read, meet at an asyncio.Barrier, all write."""

    async def main() -> int:
        barrier = asyncio.Barrier(N)
        counter = AsyncUnsafeCounter(between=barrier.wait)
        async with asyncio.timeout(DEADLINE):
            await asyncio.gather(*(counter.increment() for _ in range(N)))
        return counter.value

    assert asyncio.run(main()) == 1


def test_fixed_asyncio_lock_keeps_every_update_across_the_await() -> None:
    async def main() -> tuple[int, int]:
        gap = AsyncGap()
        counter = AsyncLockedCounter(between=gap.around(_switch))
        await asyncio.gather(*(counter.increment() for _ in range(N)))
        return counter.value, gap.most_inside

    value, most_inside = asyncio.run(main())
    assert most_inside == 1
    assert value == N


def test_async_counters_default_gap_is_a_real_switch() -> None:
    """Without any test hook the unsafe async counter still loses: the default gap awaits."""

    async def main() -> tuple[int, int]:
        unsafe, locked = AsyncUnsafeCounter(), AsyncLockedCounter()
        await asyncio.gather(
            *(unsafe.increment() for _ in range(N)), *(locked.increment() for _ in range(N))
        )
        return unsafe.value, locked.value

    assert asyncio.run(main()) == (1, N)
