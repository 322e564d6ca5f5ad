"""The lost update, made to happen every time, then fixed with a lock.

uv run python examples/01_lost_update.py
"""

from __future__ import annotations

import asyncio
import threading

from workers import AsyncLockedCounter, AsyncUnsafeCounter, LockedCounter, UnsafeCounter

N = 8


def start_all(work: list[threading.Thread]) -> None:
    for thread in work:
        thread.start()
    for thread in work:
        thread.join(10)


def threads_without_lock() -> int:
    barrier = threading.Barrier(N, timeout=10)  # every thread waits here after its read
    counter = UnsafeCounter(between=barrier.wait)
    start_all([threading.Thread(target=counter.increment) for _ in range(N)])
    return counter.value


def threads_with_lock() -> int:
    # The same pressure, lock-shaped: whoever holds the lock waits in the gap until all N
    # threads have arrived at increment(). A barrier would deadlock here, because with the
    # lock only one thread can ever be in the gap: that is exactly what the lock is for.
    arrived = 0
    arrival = threading.Condition()

    def wait_for_everyone() -> None:
        with arrival:
            arrival.wait_for(lambda: arrived == N, timeout=10)

    counter = LockedCounter(between=wait_for_everyone)

    def arrive_then_increment() -> None:
        nonlocal arrived
        with arrival:
            arrived += 1
            arrival.notify_all()
        counter.increment()

    start_all([threading.Thread(target=arrive_then_increment) for _ in range(N)])
    return counter.value


async def coroutines(counter: AsyncUnsafeCounter | AsyncLockedCounter) -> int:
    await asyncio.gather(*(counter.increment() for _ in range(N)))
    return counter.value


def report(label: str, value: int) -> None:
    print(f"{label:<40} value={value}  lost {N - value} of {N}")


def main() -> None:
    report("threads, no lock, meeting in the gap:", threads_without_lock())
    report("threads, threading.Lock, all contending:", threads_with_lock())
    report("coroutines, no lock, await in the gap:", asyncio.run(coroutines(AsyncUnsafeCounter())))
    report("coroutines, asyncio.Lock:", asyncio.run(coroutines(AsyncLockedCounter())))


if __name__ == "__main__":
    main()
