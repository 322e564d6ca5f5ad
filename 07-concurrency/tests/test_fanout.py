"""Fan-out/fan-in with a bound: TaskGroup + Semaphore, as_completed, and executor pools."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import itertools
import multiprocessing
import threading
from collections.abc import Iterator
from contextlib import aclosing

import pytest

from workers import as_completed_bounded, map_bounded, map_concurrent
from workers.cpu import count_primes

DEADLINE = 10.0


class InFlight:
    """Counts calls running at once (thread-safe, so it works for both worlds)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self.now = 0
        self.most = 0

    def enter(self) -> None:
        with self._guard:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self) -> None:
        with self._guard:
            self.now -= 1


class Source:
    """An input that records how much of it was read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pulled = 0

    def __iter__(self) -> Iterator[int]:
        for n in range(self.size):
            self.pulled += 1
            yield n


def test_map_concurrent_keeps_input_order_and_never_exceeds_the_limit() -> None:
    flight = InFlight()

    async def slow_square(n: int) -> int:
        flight.enter()
        for _ in range(10 - n % 10):  # later items finish first
            await asyncio.sleep(0)
        flight.leave()
        return n * n

    async def main() -> list[int]:
        async with asyncio.timeout(DEADLINE):
            return await map_concurrent(slow_square, range(30), limit=4)

    assert asyncio.run(main()) == [n * n for n in range(30)]
    assert flight.most == 4


def test_map_concurrent_first_error_cancels_the_rest() -> None:
    started: list[int] = []
    cancelled: list[int] = []
    never = asyncio.Event()
    source = Source(100)

    async def fragile(n: int) -> int:
        started.append(n)
        if n == 3:
            raise ValueError("item 3 is bad")
        try:
            await never.wait()
        except asyncio.CancelledError:
            cancelled.append(n)
            raise
        return n

    async def main() -> None:
        async with asyncio.timeout(DEADLINE):
            await map_concurrent(fragile, source, limit=6)

    with pytest.raises(ExceptionGroup) as caught:
        asyncio.run(main())
    # The group holds the real error, and no CancelledError from the siblings it stopped.
    assert [type(error) for error in caught.value.exceptions] == [ValueError]
    assert sorted(cancelled) == sorted(set(started) - {3})  # every other started call...
    assert len(started) <= 6  # ...of at most `limit` was cancelled, none left running,
    assert source.pulled == len(started)  # and no item was read that did not start


def test_fixed_map_concurrent_reads_input_only_as_calls_finish() -> None:
    """At most `limit` items are read and not finished, at any moment: count the pulls."""
    source = Source(1_000)
    finished = 0
    ahead: list[int] = []

    async def call(n: int) -> int:
        nonlocal finished
        ahead.append(source.pulled - finished)  # read from the input, not finished yet
        await asyncio.sleep(0)
        finished += 1
        return n

    async def main() -> list[int]:
        async with asyncio.timeout(DEADLINE):
            return await map_concurrent(call, source, limit=4)

    assert asyncio.run(main()) == list(range(1_000))
    assert max(ahead) == 4  # eager task creation would have read all 1000 first


def test_fixed_as_completed_bounded_reads_input_only_as_calls_finish() -> None:
    source = Source(1_000)
    finished = 0
    ahead: list[int] = []

    async def call(n: int) -> int:
        nonlocal finished
        ahead.append(source.pulled - finished)
        await asyncio.sleep(0)
        finished += 1
        return n

    async def main() -> tuple[int, list[int]]:
        async with asyncio.timeout(DEADLINE):
            async with aclosing(as_completed_bounded(call, source, limit=4)) as it:
                _, first = await anext(it)
                pulled_at_first = source.pulled
                rest = [result async for _, result in it]
        return pulled_at_first, [first, *rest]

    pulled_at_first, results = asyncio.run(main())
    assert pulled_at_first == 5  # 4 in flight, plus the one just handed to us
    assert sorted(results) == list(range(1_000))
    assert max(ahead) == 4


def test_as_completed_bounded_yields_in_finish_order() -> None:
    flight = InFlight()

    async def switches(n: int) -> int:
        flight.enter()
        for _ in range(n):
            await asyncio.sleep(0)
        flight.leave()
        return n

    async def main() -> list[int]:
        async with aclosing(as_completed_bounded(switches, [5, 1, 4, 2, 3, 0], limit=6)) as it:
            return [result async for _, result in it]

    assert asyncio.run(main()) == [0, 1, 2, 3, 4, 5]
    assert flight.most == 6


def test_as_completed_bounded_closed_early_cancels_what_is_still_running() -> None:
    never = asyncio.Event()

    async def only_zero_finishes(n: int) -> int:
        if n:
            await never.wait()
        return n

    async def main() -> tuple[tuple[int, int], set[asyncio.Task[object]]]:
        async with asyncio.timeout(DEADLINE):
            async with aclosing(as_completed_bounded(only_zero_finishes, range(5), limit=5)) as it:
                first = await anext(it)
            return first, asyncio.all_tasks() - {asyncio.current_task()}

    first, leftover = asyncio.run(main())
    assert first == (0, 0)
    assert leftover == set()


@pytest.mark.parametrize("limit", [0, -1])
def test_a_limit_below_one_is_refused(limit: int) -> None:
    with (
        cf.ThreadPoolExecutor(1) as pool,
        pytest.raises(ValueError, match="limit"),
    ):
        next(map_bounded(pool, abs, [1], limit=limit))


def test_broken_executor_map_submits_the_whole_input_up_front() -> None:
    """`Executor.map` reads every item and makes a future for it before the first result."""
    source = Source(10_000)
    with cf.ThreadPoolExecutor(2) as pool:
        results = pool.map(abs, source)
        pulled_before_first_result = source.pulled
        next(results)
    assert pulled_before_first_result == 10_000  # an endless stream would never get here


def test_fixed_map_bounded_reads_input_only_as_slots_free() -> None:
    source = Source(10_000)
    with cf.ThreadPoolExecutor(2) as pool:
        results = map_bounded(pool, abs, source, limit=4)
        next(results)
        pulled_at_first_result = source.pulled
        rest = list(results)
    assert pulled_at_first_result == 4
    assert len(rest) == 9_999


def test_map_bounded_works_on_an_endless_input() -> None:
    with cf.ThreadPoolExecutor(2) as pool:
        first = list(itertools.islice(map_bounded(pool, abs, itertools.count(), limit=4), 10))
    assert sorted(item for item, _ in first) == sorted({item for item, _ in first})
    assert len(first) == 10


def test_map_bounded_never_runs_more_than_limit_threads_at_once() -> None:
    flight = InFlight()
    release = threading.Event()

    def blocked(n: int) -> int:
        flight.enter()
        release.wait(DEADLINE)
        flight.leave()
        return n

    with cf.ThreadPoolExecutor(8) as pool:
        results = map_bounded(pool, blocked, range(20), limit=3)
        release.set()
        got = dict(results)
    assert got == {n: n for n in range(20)}
    assert flight.most <= 3


def test_map_bounded_raises_the_first_error_and_cancels_waiting_futures() -> None:
    def fail_on_zero(n: int) -> int:
        if n == 0:
            raise ZeroDivisionError("no zeros")
        return n

    with cf.ThreadPoolExecutor(1) as pool, pytest.raises(ZeroDivisionError):
        dict(map_bounded(pool, fail_on_zero, range(10), limit=2))


def test_map_bounded_on_a_process_pool_matches_the_sequential_answer() -> None:
    """CPU work in real worker processes (spawn: no fork of a process that has threads)."""
    limits = [2_000, 3_000, 5_000, 7_000]
    spawn = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(2, mp_context=spawn) as pool:
        got = dict(map_bounded(pool, count_primes, limits, limit=2))
    assert got == {n: count_primes(n) for n in limits}
    assert got[2_000] == 303  # pi(2000), a known value
