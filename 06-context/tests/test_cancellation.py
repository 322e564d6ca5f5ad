"""Break it #1: a worker that swallows CancelledError cannot be stopped."""

from __future__ import annotations

import asyncio
import logging

import pytest

from deadlines import consume
from deadlines.broken import consume_swallowing
from tests.support import GUARD


class Recorder:
    """A job handler that records each job and lets the test wait for a given one."""

    def __init__(self) -> None:
        self.handled: list[str] = []
        self._seen: dict[str, asyncio.Event] = {}

    def seen(self, job: str) -> asyncio.Event:
        return self._seen.setdefault(job, asyncio.Event())

    async def __call__(self, job: str) -> None:
        if job == "bad":
            raise ValueError("a job that fails")
        if job == "slow":
            await asyncio.Event().wait()  # a call that never completes on its own
        self.handled.append(job)
        self.seen(job).set()


@pytest.mark.anyio
async def test_broken_swallowed_cancel_leaves_the_task_running() -> None:
    """After cancel() the broken worker takes the next job: the cancellation was lost."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    handler = Recorder()
    task = asyncio.create_task(consume_swallowing(queue, handler))
    queue.put_nowait("job-1")
    async with asyncio.timeout(GUARD):
        await handler.seen("job-1").wait()

    task.cancel()  # the worker is parked in queue.get(): cancellation lands there
    queue.put_nowait("job-2")
    async with asyncio.timeout(GUARD):
        await handler.seen("job-2").wait()  # proof: still working after cancel()

    assert handler.handled == ["job-1", "job-2"]
    assert not task.done()
    assert task.cancelling() == 1  # a cancel request is pending that nobody honoured

    queue.put_nowait(None)  # the only way left to stop it: a poison pill it cooperates with
    async with asyncio.timeout(GUARD):
        handled = await task
    assert handled == 2
    assert not task.cancelled()  # the owner asked for cancellation and got a normal return


@pytest.mark.anyio
async def test_broken_swallowed_cancel_makes_asyncio_timeout_silently_not_fire() -> None:
    """The deadline passes, the code under it eats the CancelledError and returns normally.

    The caller gets no TimeoutError: it cannot tell a timed-out call from a finished one.
    """
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    handler = Recorder()
    for job in ("slow", None):  # "slow" waits forever; the timeout must cut it short
        queue.put_nowait(job)
    async with asyncio.timeout(0.01) as scope:
        handled = await consume_swallowing(queue, handler)
    assert scope.expired()  # the deadline passed...
    assert handled == 0  # ...the slow job never finished, and yet no TimeoutError


@pytest.mark.anyio
async def test_fixed_cancel_stops_the_worker_and_runs_its_cleanup(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="deadlines.cancellation")
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    handler = Recorder()
    task = asyncio.create_task(consume(queue, handler))
    queue.put_nowait("job-1")
    async with asyncio.timeout(GUARD):
        await handler.seen("job-1").wait()

    task.cancel()
    queue.put_nowait("job-2")
    # asyncio.wait: awaiting the task itself would re-raise its CancelledError in this task.
    done, _ = await asyncio.wait({task}, timeout=GUARD)
    if not done:  # only after a regression: stop the stuck worker so the test can end
        queue.put_nowait(None)
        await task

    assert task.cancelled()
    assert handler.handled == ["job-1"]
    assert queue.qsize() == 1  # job-2 is still queued for whoever runs next
    stopped = [r for r in caplog.records if r.getMessage() == "consumer stopped"]
    assert [r.__dict__["handled"] for r in stopped] == [1]  # the finally block ran


@pytest.mark.anyio
async def test_fixed_worker_survives_a_failing_job(caplog: pytest.LogCaptureFixture) -> None:
    """`except Exception` keeps the loop alive for bad jobs without eating cancellation."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    handler = Recorder()
    for job in ("bad", "job-1", None):
        queue.put_nowait(job)
    async with asyncio.timeout(GUARD):
        handled = await consume(queue, handler)
    assert handled == 1
    failed = [r for r in caplog.records if r.getMessage() == "job failed"]
    assert [r.__dict__["job"] for r in failed] == ["bad"]
    assert failed[0].exc_info is not None
    assert failed[0].exc_info[0] is ValueError


@pytest.mark.anyio
async def test_fixed_timeout_around_the_worker_raises_timeout_error() -> None:
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    for job in ("slow", None):
        queue.put_nowait(job)
    with pytest.raises(TimeoutError) as caught:
        async with asyncio.timeout(0.01):
            await consume(queue, Recorder())
    assert isinstance(caught.value.__cause__, asyncio.CancelledError)
    assert queue.qsize() == 1  # it stopped inside "slow"; the None was never taken


@pytest.mark.anyio
async def test_fixed_worker_marks_every_job_done_so_join_returns() -> None:
    """A producer waits with queue.join(); it returns only if each get() had its task_done()."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    handler = Recorder()
    worker = asyncio.create_task(consume(queue, handler))
    for job in ("job-1", "bad", "job-2", None):  # a failed job must count as done too
        queue.put_nowait(job)
    async with asyncio.timeout(GUARD):
        await queue.join()
        handled = await worker
    assert handled == 2
    assert handler.handled == ["job-1", "job-2"]


@pytest.mark.anyio
async def test_fixed_cancelled_job_is_marked_done() -> None:
    """Cancelled mid-job, the worker still releases that job, so join() does not hang."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    started = asyncio.Event()

    async def stuck(job: str) -> None:
        started.set()
        await asyncio.Event().wait()  # never finishes on its own

    worker = asyncio.create_task(consume(queue, stuck))
    queue.put_nowait("slow")
    async with asyncio.timeout(GUARD):
        await started.wait()
    worker.cancel()
    # A poison pill behind the cancel: a worker that swallowed the cancel takes it and returns
    # normally (at once, not after GUARD); one that was cancelled leaves it in the queue.
    queue.put_nowait(None)
    await asyncio.wait({worker}, timeout=GUARD)
    assert worker.cancelled(), f"the worker returned {worker.result()!r}: cancel was swallowed"
    assert queue.qsize() == 1
    queue.get_nowait()  # the pill nobody took: release it as the next worker would
    queue.task_done()
    async with asyncio.timeout(GUARD):
        await queue.join()  # returns only if the cancelled job got its task_done() too
