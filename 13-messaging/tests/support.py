"""Test helpers: count what is in a queue, and read a subprocess's log as it runs."""

from __future__ import annotations

import asyncio
import os
import queue
import re
import subprocess
import threading
import time
from collections.abc import Awaitable, Callable

from aio_pika.abc import AbstractConnection

from orderbus import OrderPlaced, Settings


def environment(settings: Settings) -> dict[str, str]:
    """A child's environment: only what it needs, built from `settings`."""
    return {
        "PATH": os.environ["PATH"],
        # A lab run puts the patched copy's src/ first on PYTHONPATH: the child must see it too.
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "ORDERBUS_AMQP_URL": settings.amqp_url,
        "ORDERBUS_POSTGRES_URL": settings.postgres_url,
        "ORDERBUS_NAMESPACE": settings.namespace,
        "ORDERBUS_MAX_ATTEMPTS": str(settings.max_attempts),
        "ORDERBUS_RETRY_BASE_MS": str(settings.retry_base_ms),
    }


def order(order_id: str = "o-1", amount_cents: int = 2999) -> OrderPlaced:
    return OrderPlaced(order_id=order_id, customer="ada", amount_cents=amount_cents)


async def ready_count(connection: AbstractConnection, name: str) -> int:
    """Messages ready in a queue (not counting unacked ones a consumer holds).

    On a channel of its own: a robust channel answers a passive declare from its cache.
    """
    channel = await connection.channel()
    try:
        declared = await channel.declare_queue(name, passive=True)
        return int(declared.declaration_result.message_count or 0)
    finally:
        await channel.close()


async def until(condition: Callable[[], Awaitable[bool]], *, within: float = 10.0) -> None:
    """Poll an async condition until it holds; fail after `within` seconds (a hang bound)."""
    async with asyncio.timeout(within):
        # ASYNC110: the state lives in the broker or the database; there is no event to await.
        while not await condition():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


class LogReader:
    """Reads a child's stderr on a thread; `wait_for(pattern)` blocks until a line matches."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        assert proc.stderr is not None
        stream = proc.stderr
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]  # a text stream
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                lines = "".join(self.lines)
                raise AssertionError(f"no line matching {pattern!r} in:\n{lines}") from None
            if line is None:
                raise AssertionError(f"exited before {pattern!r}:\n{''.join(self.lines)}")
            self.lines.append(line)
            if re.search(pattern, line):
                return line

    def rest(self, timeout: float = 20.0) -> str:
        """Everything until the stream closes."""
        self._thread.join(timeout)
        while not self._queue.empty():
            line = self._queue.get()
            if line is not None:
                self.lines.append(line)
        return "".join(self.lines)
