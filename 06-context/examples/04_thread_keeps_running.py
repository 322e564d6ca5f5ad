"""asyncio.timeout around asyncio.to_thread: the caller gives up, the thread does not.

The dependency refuses every call, so the sync code retries with backoff. The first call is
slow: it returns only once the caller has given up, which makes the order certain. Count
the calls that happen *after* the caller already has its TimeoutError.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from deadlines import CancelToken, retry_sync, run_cancellable
from deadlines.broken import retry_sync_uncancellable


class SlowRefusingDependency:
    def __init__(self, caller_gave_up: Callable[[], object]) -> None:
        self.calls = 0
        self.caller_gave_up = caller_gave_up
        self.finished = threading.Event()

    def __call__(self) -> str:
        self.calls += 1
        if self.calls == 1:
            self.caller_gave_up()  # a slow call: it outlasts the caller's patience
        raise ConnectionRefusedError("no")


async def broken() -> None:
    gave_up = threading.Event()
    dependency = SlowRefusingDependency(gave_up.wait)

    def work() -> str:
        try:
            return retry_sync_uncancellable(dependency, attempts=4, backoff=0.05)
        finally:
            dependency.finished.set()

    try:
        async with asyncio.timeout(0.1):
            await asyncio.to_thread(work)
    except TimeoutError:
        print(f"broken: caller got TimeoutError after {dependency.calls} call(s)")
        gave_up.set()
        await asyncio.to_thread(dependency.finished.wait)
        print(f"        then the orphaned thread made {dependency.calls - 1} more")


async def fixed() -> None:
    token = CancelToken()
    dependency = SlowRefusingDependency(token.wait)
    try:
        async with asyncio.timeout(0.1):
            await run_cancellable(
                lambda t: retry_sync(dependency, t, attempts=4, backoff=0.05), token=token
            )
    except TimeoutError:
        print(f"fixed:  caller got TimeoutError after {dependency.calls} call(s)")
        print("        and the thread had already stopped at its next checkpoint")


async def main() -> None:
    await broken()
    await fixed()


if __name__ == "__main__":
    asyncio.run(main())
