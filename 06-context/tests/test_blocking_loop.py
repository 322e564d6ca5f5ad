"""Break it #4: a blocking call inside a coroutine stalls the whole event loop.

asyncio's debug mode times every callback and logs "Executing <Task ...> took N seconds" on
the `asyncio` logger for any step longer than loop.slow_callback_duration. The blocking call
is real: a blocking socket read from the silent server, with a socket timeout.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from deadlines import fetch_line_blocking
from deadlines.blackhole import blackhole
from deadlines.broken import quote_blocking_the_loop

# The blocking read lasts SOCKET_TIMEOUT; anything over SLOW counts as stalling the loop.
# A gap of 4x keeps the broken case certain and the fixed case quiet on a loaded machine.
SOCKET_TIMEOUT = 1.0
SLOW = 0.25


async def quote_in_a_thread(host: str, port: int, *, socket_timeout: float) -> bytes:
    """The fix: the same blocking client, run where blocking is allowed."""
    return await asyncio.to_thread(
        fetch_line_blocking, host, port, b"QUOTE\n", timeout=socket_timeout
    )


Handler = Callable[..., Coroutine[Any, Any, bytes]]


def run_in_debug_mode(handler: Handler) -> type[BaseException]:
    """Call `handler` against the silent server on a debug-mode loop; return what it raised."""

    async def main() -> type[BaseException]:
        asyncio.get_running_loop().slow_callback_duration = SLOW
        with blackhole() as (host, port):
            try:
                await asyncio.create_task(handler(host, port, socket_timeout=SOCKET_TIMEOUT))
            except Exception as exc:
                return type(exc)
        raise AssertionError("the silent server answered")

    return asyncio.run(main(), debug=True)


def slow_steps(caplog: pytest.LogCaptureFixture, coroutine_name: str) -> list[logging.LogRecord]:
    """Debug mode's slow-callback records whose handle names the given coroutine."""
    return [
        record
        for record in caplog.records
        if record.name == "asyncio"
        and record.levelno == logging.WARNING
        and record.msg.startswith("Executing")
        and coroutine_name in repr(record.args)
    ]


def test_broken_blocking_call_is_reported_by_asyncio_debug_mode(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="asyncio")
    raised = run_in_debug_mode(quote_blocking_the_loop)
    assert raised is TimeoutError  # the socket timeout, after holding the loop the whole time
    [record] = slow_steps(caplog, "quote_blocking_the_loop")
    assert isinstance(record.args, tuple)
    _handle, took = record.args
    assert isinstance(took, float)
    assert took >= SLOW  # the step's duration, as measured by asyncio


def test_fixed_blocking_call_in_a_thread_leaves_the_loop_free(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="asyncio")
    raised = run_in_debug_mode(quote_in_a_thread)
    assert raised is TimeoutError  # same dependency, same outcome for the caller...
    assert slow_steps(caplog, "quote_in_a_thread") == []  # ...but no step held the loop


@pytest.mark.anyio
async def test_broken_blocking_call_starves_every_other_task() -> None:
    """What the warning means: while the handler blocks, nothing else on the loop runs."""
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    with blackhole() as (host, port):
        beat = asyncio.create_task(heartbeat())
        await asyncio.sleep(0)
        before = ticks
        with pytest.raises(TimeoutError):
            await quote_blocking_the_loop(host, port, socket_timeout=0.2)
        during = ticks - before
        beat.cancel()
        with pytest.raises(asyncio.CancelledError):
            await beat
    assert during == 0  # not one heartbeat in the whole blocking read
