"""Break it #3: a timed-out asyncio.to_thread call whose thread keeps running.

The operation is a flaky dependency driven by events: each attempt records which thread made
it, waits until the test opens the gate, then fails with ConnectionError so the code retries.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest

from deadlines import CancelToken, OperationCancelled, retry_sync, run_cancellable
from deadlines.broken import retry_sync_uncancellable
from tests.support import GUARD


class FlakyDependency:
    """Every call blocks until `gate` opens, then fails; calls are counted per thread."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.first_call = threading.Event()
        self.calls: list[threading.Thread] = []
        self.returned = threading.Event()
        self.ended_with: BaseException | None = None

    def run(self, retry: Callable[[], str]) -> str:
        """Run a retry loop over this dependency, noting when and how it ended."""
        try:
            return retry()
        except BaseException as exc:
            self.ended_with = exc
            raise
        finally:
            self.returned.set()

    def __call__(self) -> str:
        self.calls.append(threading.current_thread())
        self.first_call.set()
        if not self.gate.wait(GUARD):
            raise AssertionError("the test never opened the gate")
        raise ConnectionError("dependency unavailable")


@pytest.mark.anyio
async def test_broken_timed_out_to_thread_keeps_retrying_after_the_caller_gave_up() -> None:
    dependency = FlakyDependency()

    def work() -> str:
        return dependency.run(lambda: retry_sync_uncancellable(dependency, backoff=0.001))

    async def call_with_timeout() -> str:
        async with asyncio.timeout(None) as scope:
            call = asyncio.create_task(asyncio.to_thread(work))
            # The deadline passes while the first attempt is blocked: wait for that attempt
            # to start (a loaded machine may take a while), then expire the scope now.
            assert await asyncio.to_thread(dependency.first_call.wait, GUARD)
            scope.reschedule(asyncio.get_running_loop().time())
            return await call

    with pytest.raises(TimeoutError):
        await call_with_timeout()

    # The caller has its TimeoutError (a real service has already answered 504)...
    assert len(dependency.calls) == 1
    assert not dependency.returned.is_set()  # ...but the retry loop is still running.
    # When the dependency moves, that orphaned loop retries twice more.
    dependency.gate.set()
    assert await asyncio.to_thread(dependency.returned.wait, GUARD)
    assert len(dependency.calls) == 3
    assert len(set(dependency.calls)) == 1  # all from the thread nobody waits for any more
    assert isinstance(dependency.ended_with, ConnectionError)


@pytest.mark.anyio
async def test_fixed_cancellation_reaches_the_thread_and_stops_the_retries() -> None:
    dependency = FlakyDependency()
    token = CancelToken()

    scopes: list[asyncio.Timeout] = []

    async def call_with_timeout() -> str:
        async with asyncio.timeout(None) as scope:
            scopes.append(scope)
            return await run_cancellable(
                lambda t: dependency.run(lambda: retry_sync(dependency, t, backoff=0.001)),
                token=token,
            )

    caller = asyncio.create_task(call_with_timeout())
    # The deadline passes while the first attempt is blocked: wait for that attempt to start,
    # then expire the caller's scope. The wrapper sets the token and waits for the thread;
    # open the gate only then, so the order is forced, not hoped for.
    assert await asyncio.to_thread(dependency.first_call.wait, GUARD)
    scopes[0].reschedule(asyncio.get_running_loop().time())
    assert await asyncio.to_thread(token.wait, GUARD)
    dependency.gate.set()
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(GUARD):
            await caller

    # By the time the caller sees TimeoutError the thread's work is over, and it stopped
    # at the first checkpoint instead of retrying.
    assert dependency.returned.is_set()
    assert isinstance(dependency.ended_with, OperationCancelled)
    assert len(dependency.calls) == 1


@pytest.mark.anyio
async def test_fixed_run_cancellable_returns_the_result_when_nothing_times_out() -> None:
    result = await run_cancellable(lambda token: retry_sync(lambda: "ok", token))
    assert result == "ok"


def test_cancel_token_sleep_wakes_up_when_cancelled() -> None:
    """A sleep of an hour ends as soon as the token is set: an implementation that slept
    first and checked afterwards would still be asleep when the GUARD deadline passes."""
    token = CancelToken()
    raised: list[BaseException] = []

    def sleeper() -> None:
        try:
            token.sleep(3600)
        except OperationCancelled as exc:
            raised.append(exc)

    thread = threading.Thread(target=sleeper, daemon=True)  # a broken sleep must not hang exit
    thread.start()
    token.cancel()
    thread.join(GUARD)
    assert not thread.is_alive()
    assert [type(exc) for exc in raised] == [OperationCancelled]


def test_retry_sync_gives_up_after_its_attempts_with_the_last_error() -> None:
    calls = 0

    def always_refused() -> str:
        nonlocal calls
        calls += 1
        raise ConnectionRefusedError("nobody listening")

    with pytest.raises(ConnectionRefusedError):
        retry_sync(always_refused, CancelToken(), attempts=3, backoff=0.0)
    assert calls == 3


def test_retry_sync_does_not_start_when_already_cancelled() -> None:
    token = CancelToken()
    token.cancel()
    calls: list[int] = []
    with pytest.raises(OperationCancelled):
        retry_sync(lambda: calls.append(1), token)
    assert calls == []
