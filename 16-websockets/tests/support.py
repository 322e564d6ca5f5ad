"""Test helpers: poll with a deadline, read a child's log, start uvicorn in the test's loop."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from roomchat import Settings, create_app


async def until(condition: Callable[[], bool], *, within: float = 10.0) -> None:
    """Poll a condition until it holds; fail after `within` seconds (a hang bound)."""
    async with asyncio.timeout(within):
        # ASYNC110: the state changes in server tasks that offer no event to await.
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def next_message(ws: ClientConnection, *, within: float = 10.0) -> dict[str, Any]:
    async with asyncio.timeout(within):
        fields: dict[str, Any] = json.loads(await ws.recv())
        return fields


@asynccontextmanager
async def uvicorn_server(settings: Settings) -> AsyncIterator[tuple[str, Any]]:
    """The FastAPI app under a real uvicorn in this loop; yields (http URL, app)."""
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        ws_ping_interval=settings.ping_interval,
        ws_ping_timeout=settings.ping_timeout,
        ws_max_size=settings.max_message,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    await until(lambda: server.started or task.done())
    if task.done():
        task.result()
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        await task


def environment(settings: Settings, **extra: str) -> dict[str, str]:
    """A child's environment: only what it needs, built from `settings`."""
    return {
        "PATH": os.environ["PATH"],
        # A lab run puts the patched copy's src/ first on PYTHONPATH: the child must see it too.
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "ROOMCHAT_REDIS_URL": settings.redis_url,
        "ROOMCHAT_KEY_PREFIX": settings.key_prefix,
        "ROOMCHAT_SECRET": settings.secret.get_secret_value(),
        "ROOMCHAT_PORT": "0",
        "ROOMCHAT_ALLOWED_ORIGINS": settings.allowed_origins,
        **extra,
    }


class LogReader:
    """Reads a child's stderr on a thread; `wait_for(text)` blocks until a line contains it."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        assert proc.stderr is not None
        self._thread = threading.Thread(target=self._pump, args=(proc,), daemon=True)
        self._thread.start()

    def _pump(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} in: {self.lines}") from None
            if line is None:
                raise AssertionError(f"stderr ended without {text!r}: {self.lines}")
            self.lines.append(line)
            if text in line:
                return line


async def refused_with(
    url: str, *, origin: str | None = None, headers: dict[str, str] | None = None
) -> int:
    """The HTTP status a handshake is refused with; fails the test if it is accepted."""
    try:
        async with connect(
            url, origin=Origin(origin) if origin else None, additional_headers=headers
        ):
            pass
    except InvalidStatus as exc:
        return exc.response.status_code
    raise AssertionError(f"handshake accepted: {url} (origin {origin})")
