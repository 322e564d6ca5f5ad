"""A loopback server with real network latency, and a blocking and an async client for it.

The server answers each line with the same line, `delay` seconds later. The wait happens on
the server, on a timer, so a client sees it the way it sees a slow database: a socket that
has nothing to read yet. Nothing on the client side sleeps.

    python -m workers.latency --delay 0.05     # prints "listening on 127.0.0.1:PORT"

It stops on SIGTERM (exit 0) and on Ctrl-C (it dies by SIGINT, 130 in a shell) without a
traceback: it stops accepting, closes idle connections, and finishes the replies in flight
for up to SHUTDOWN_GRACE seconds before cancelling them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sys

HOST = "127.0.0.1"  # loopback only: this server is for tests and benchmarks
SHUTDOWN_GRACE = 5.0  # seconds a stopping server waits for replies in flight


async def _reply_later(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    delay: float,
    stopping: asyncio.Event | None = None,
) -> None:
    loop = asyncio.get_running_loop()
    try:
        while line := await _next_line(reader, stopping):
            ready: asyncio.Future[None] = loop.create_future()
            loop.call_later(delay, ready.set_result, None)  # the latency: a timer, no busy wait
            await ready
            writer.write(line)
            await writer.drain()
    except ConnectionError:
        pass  # the client went away; nothing to answer
    finally:
        writer.close()


async def _next_line(reader: asyncio.StreamReader, stopping: asyncio.Event | None) -> bytes:
    """The next request line, or b"" at end of input or once `stopping` is set."""
    if stopping is None:
        return await reader.readline()
    read = asyncio.create_task(reader.readline())
    stop = asyncio.create_task(stopping.wait())
    try:
        await asyncio.wait({read, stop}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop.cancel()
        if not read.done():
            read.cancel()  # an idle connection: nothing is in flight, close it
    return read.result() if read.done() and not read.cancelled() else b""


async def start_server(delay: float, port: int = 0) -> asyncio.Server:
    """Listen on 127.0.0.1 (`port` 0 picks a free port) and echo each line after `delay`."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _reply_later(reader, writer, delay)

    return await asyncio.start_server(handle, HOST, port, backlog=1024)


def request_blocking(port: int, payload: bytes) -> bytes:
    """One request on its own connection, with a blocking socket (for threads)."""
    with socket.create_connection((HOST, port), timeout=30) as sock:
        sock.sendall(payload + b"\n")
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = sock.recv(4096)
            if not chunk:
                raise ConnectionError("server closed the connection before replying")
            reply += chunk
    return reply.rstrip(b"\n")


async def request_async(port: int, payload: bytes) -> bytes:
    """One request on its own connection, with asyncio streams (for coroutines)."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(payload + b"\n")
        await writer.drain()
        reply = await reader.readline()
        if not reply.endswith(b"\n"):
            raise ConnectionError("server closed the connection before replying")
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.rstrip(b"\n")


async def _serve_until_signalled(delay: float, port: int) -> signal.Signals:
    """Serve until SIGINT or SIGTERM; then stop accepting, finish the replies in flight,
    close idle connections, and return the signal."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    received: list[signal.Signals] = []

    def on_signal(signum: signal.Signals) -> None:
        received.append(signum)
        stopping.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal, signum)
    connections: set[asyncio.Task[object]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is None:  # a handler always runs in a Task
            raise RuntimeError("handle() must run in a Task")
        connections.add(task)
        try:
            await _reply_later(reader, writer, delay, stopping)
        finally:
            connections.discard(task)

    server = await asyncio.start_server(handle, HOST, port, backlog=1024)
    host, bound = server.sockets[0].getsockname()[:2]
    print(f"listening on {host}:{bound}", flush=True)
    await stopping.wait()
    server.close()  # accept nothing new
    await server.wait_closed()
    if connections:  # each one ends after the reply it is preparing, if any...
        _, late = await asyncio.wait(connections, timeout=SHUTDOWN_GRACE)
        for task in late:  # ...within a bound: a drain must not wait forever
            task.cancel()
        if late:
            await asyncio.wait(late)
    return received[0]


def main(argv: list[str] | None = None) -> int:
    """Exit 0 after SIGTERM; after Ctrl-C (SIGINT), die by SIGINT, as the course's CLIs do."""
    parser = argparse.ArgumentParser(
        prog="python -m workers.latency", description="a loopback server with latency"
    )
    parser.add_argument("--delay", type=float, default=0.05, help="seconds before each reply")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    if args.delay < 0:
        parser.error("--delay must be 0 or more")
    try:
        stopped_by = asyncio.run(_serve_until_signalled(args.delay, args.port))
    except KeyboardInterrupt:  # Ctrl-C before the loop's own handler was installed
        stopped_by = signal.SIGINT
    if stopped_by == signal.SIGINT:
        # End *by* SIGINT, so a calling shell script stops too (it sees 130).
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
