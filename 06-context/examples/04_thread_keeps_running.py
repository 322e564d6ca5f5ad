"""asyncio.timeout around asyncio.to_thread: the caller gives up, the thread does not.

The dependency refuses every call, so the sync code retries with backoff. The first call is
slow: it returns only once the caller has given up, and the caller gives up only once that
first call has started, which makes the order certain. Count the calls that happen *after*
the caller already has its TimeoutError.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from deadlines import CancelToken, retry_sync, run_cancellable
from deadlines.broken import retry_sync_uncancellable


class SlowRefusingDependency:
    def __init__(self, caller_gave_up: Callable[[], object]) -> None:
        self.calls = 0
        self.caller_gave_up = caller_gave_up
        self.first_call = threading.Event()
        self.finished = threading.Event()

    def __call__(self) -> str:
        self.calls += 1
        if self.calls == 1:
            self.first_call.set()
            self.caller_gave_up()  # a slow call: it outlasts the caller's patience
        raise ConnectionRefusedError("no")


async def time_out_during_first_call(
    call: Coroutine[Any, Any, str], dependency: SlowRefusingDependency
) -> None:
    """Await `call`; its deadline passes while the dependency's first call is running."""
    async with asyncio.timeout(None) as scope:
        task = asyncio.create_task(call)
        await asyncio.to_thread(dependency.first_call.wait)
        scope.reschedule(asyncio.get_running_loop().time())
        await task


async def broken() -> None:
    gave_up = threading.Event()
    dependency = SlowRefusingDependency(gave_up.wait)

    def work() -> str:
        try:
            return retry_sync_uncancellable(dependency, attempts=4, backoff=0.05)
        finally:
            dependency.finished.set()

    try:
        await time_out_during_first_call(asyncio.to_thread(work), dependency)
    except TimeoutError:
        print(f"broken: caller got TimeoutError after {dependency.calls} call(s)")
        gave_up.set()
        await asyncio.to_thread(dependency.finished.wait)
        print(f"        then the orphaned thread made {dependency.calls - 1} more")


async def fixed() -> None:
    token = CancelToken()
    dependency = SlowRefusingDependency(token.wait)
    try:
        await time_out_during_first_call(
            run_cancellable(
                lambda t: retry_sync(dependency, t, attempts=4, backoff=0.05), token=token
            ),
            dependency,
        )
    except TimeoutError:
        print(f"fixed:  caller got TimeoutError after {dependency.calls} call(s)")
        print("        and the thread had already stopped at its next checkpoint")


async def main() -> None:
    await broken()
    await fixed()


if __name__ == "__main__":
    asyncio.run(main())
