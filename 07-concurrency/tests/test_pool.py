"""The asyncio worker pool: exactly-once processing, a shutdown that drains, backpressure."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

from workers import AsyncWorkerPool, Done, Failed, PoolClosedError
from workers.naive import CancellingPool

DEADLINE = 10.0
T = TypeVar("T")


def run(main: Callable[[], Awaitable[T]]) -> T:
    async def bounded() -> T:
        async with asyncio.timeout(DEADLINE):
            return await main()

    return asyncio.run(bounded())


async def yield_until(condition: Callable[[], bool]) -> None:
    """Let the event loop run other tasks until `condition` holds (a deadline bounds it)."""
    while not condition():  # noqa: ASYNC110  # the state we wait on has no Event to await
        await asyncio.sleep(0)


def other_tasks() -> set[asyncio.Task[object]]:
    return asyncio.all_tasks() - {asyncio.current_task()}


async def double(n: int) -> int:
    await asyncio.sleep(0)  # a real switch, so workers interleave
    return n * 2


def test_fixed_close_drains_every_item_exactly_once_and_leaves_no_task() -> None:
    async def main() -> tuple[list[Done[int, int] | Failed[int]], set[asyncio.Task[object]]]:
        async with AsyncWorkerPool(double, workers=3, maxsize=4) as pool:
            for n in range(50):
                await pool.submit(n)
        return pool.results, other_tasks()

    results, leftover = run(main)
    assert Counter(r.item for r in results) == Counter(range(50))  # each once, none missing
    assert all(isinstance(r, Done) and r.value == r.item * 2 for r in results)
    assert leftover == set()


def test_broken_cancelling_shutdown_drops_queued_items() -> None:
    """The producer is done, so cancel the workers? Everything still queued is lost."""

    async def main() -> tuple[int, int, set[asyncio.Task[object]]]:
        async with CancellingPool(double, workers=3, maxsize=100) as pool:
            for n in range(50):
                await pool.submit(n)
        return len(pool.results), pool.queued, other_tasks()

    processed, left_in_queue, leftover = run(main)
    assert processed < 50
    assert processed + left_in_queue <= 50
    assert left_in_queue > 0  # accepted, never processed, and nobody was told
    assert leftover == set()  # it did stop: stopping was never the problem, dropping is


def test_a_failing_job_is_recorded_and_the_worker_keeps_going() -> None:
    async def fragile(n: int) -> int:
        await asyncio.sleep(0)
        if n % 5 == 0:
            raise ValueError(f"bad job {n}")
        return n

    async def main() -> list[Done[int, int] | Failed[int]]:
        async with AsyncWorkerPool(fragile, workers=2, maxsize=2) as pool:
            for n in range(20):
                await pool.submit(n)
        return pool.results

    results = run(main)
    failed = {r.item: r.error for r in results if isinstance(r, Failed)}
    done = {r.item for r in results if isinstance(r, Done)}
    assert set(failed) == {0, 5, 10, 15}
    assert all(type(error) is ValueError for error in failed.values())
    assert done == set(range(20)) - set(failed)


def test_submit_after_close_raises_and_queues_nothing() -> None:
    async def main() -> int:
        pool: AsyncWorkerPool[int, int] = AsyncWorkerPool(double, workers=1, maxsize=1)
        async with pool:
            await pool.submit(1)
        with pytest.raises(PoolClosedError):
            await pool.submit(2)
        return len(pool.results)

    assert run(main) == 1


def test_an_error_in_the_body_cancels_the_workers_and_propagates() -> None:
    never = asyncio.Event()

    async def stuck(n: int) -> int:
        await never.wait()
        return n

    async def failing_producer() -> None:
        async with AsyncWorkerPool(stuck, workers=2, maxsize=2) as pool:
            await pool.submit(1)
            await yield_until(lambda: pool.queued == 0)  # a worker is now stuck on it
            raise KeyError("producer failed")

    async def main() -> set[asyncio.Task[object]]:
        with pytest.raises(KeyError):
            await failing_producer()
        return other_tasks()

    assert run(main) == set()


@pytest.mark.parametrize(("workers", "maxsize"), [(0, 1), (1, -1)])
def test_bad_sizes_are_refused(workers: int, maxsize: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        AsyncWorkerPool(double, workers=workers, maxsize=maxsize)


class Gate:
    """A handler that holds every job until `open` is set, counting started and finished."""

    def __init__(self) -> None:
        self.open = asyncio.Event()
        self.started = 0
        self.finished = 0

    async def __call__(self, n: int) -> int:
        self.started += 1
        await self.open.wait()
        self.finished += 1
        return n


async def produce(pool: AsyncWorkerPool[int, int], items: int, gate: Gate, log: list[int]) -> None:
    """Submit `items` jobs; after each accepted one, log how far ahead of the workers we are."""
    for n in range(items):
        await pool.submit(n)
        log.append(n + 1 - gate.finished)


def test_broken_unbounded_queue_lets_the_producer_run_arbitrarily_far_ahead() -> None:
    async def main() -> tuple[int, int, int]:
        gate, log = Gate(), list[int]()
        async with AsyncWorkerPool(gate, workers=2, maxsize=0) as pool:
            await produce(pool, 1000, gate, log)  # returns although nothing was processed
            backlog = max(log)
            finished = gate.finished
            gate.open.set()
        return backlog, finished, len(pool.results)

    backlog, finished_while_producing, processed = run(main)
    assert finished_while_producing == 0
    assert backlog == 1000  # every job in memory at once: with a real stream, an OOM
    assert processed == 1000


def test_fixed_bounded_queue_blocks_the_producer_until_a_worker_takes_a_job() -> None:
    workers, maxsize = 2, 8

    async def main() -> tuple[int, bool, int, int]:
        gate, log = Gate(), list[int]()
        async with AsyncWorkerPool(gate, workers=workers, maxsize=maxsize) as pool:
            producer = asyncio.create_task(produce(pool, 100, gate, log))
            # Both workers hold a job and the queue is full: nothing else can move.
            await yield_until(lambda: gate.started == workers and pool.queued == maxsize)
            for _ in range(100):
                await asyncio.sleep(0)  # give the producer every chance to get further
            accepted_while_stuck, producer_done = len(log), producer.done()
            gate.open.set()
            await producer
        return accepted_while_stuck, producer_done, max(log), len(pool.results)

    accepted, producer_done, backlog, processed = run(main)
    assert accepted == workers + maxsize  # 2 being handled + 8 waiting, the 11th blocks
    assert not producer_done
    assert backlog <= workers + maxsize  # never further ahead, for the whole run
    assert processed == 100
