"""The dependency from hell: a TCP server that accepts connections and never answers.

It is what a hung upstream looks like from the client: the connect succeeds, the request is
sent, and then nothing, forever. No timeout in the client means no end.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

__all__ = ["blackhole"]


@contextlib.asynccontextmanager
async def blackhole() -> AsyncIterator[tuple[str, int]]:
    """Listen on 127.0.0.1 on a free port; yield (host, port); clean every connection up."""
    handlers: set[asyncio.Task[None]] = set()

    async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        handlers.add(task)
        try:
            await reader.read()  # read until the client hangs up; never write a byte
        except ConnectionError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
            handlers.discard(task)

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    try:
        async with server:
            yield host, port
    finally:
        for task in list(handlers):
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
