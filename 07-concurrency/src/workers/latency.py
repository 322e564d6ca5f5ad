"""A loopback server with real network latency, and a blocking and an async client for it.

The server answers each line with the same line, `delay` seconds later. The wait happens on
the server, on a timer, so a client sees it the way it sees a slow database: a socket that
has nothing to read yet. Nothing on the client side sleeps.

    python -m workers.latency --delay 0.05     # prints "listening on 127.0.0.1:PORT"
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys

HOST = "127.0.0.1"  # loopback only: this server is for tests and benchmarks


async def _reply_later(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float
) -> None:
    loop = asyncio.get_running_loop()
    try:
        while line := await reader.readline():
            ready: asyncio.Future[None] = loop.create_future()
            loop.call_later(delay, ready.set_result, None)  # the latency: a timer, no busy wait
            await ready
            writer.write(line)
            await writer.drain()
    except ConnectionError:
        pass  # the client went away; nothing to answer
    finally:
        writer.close()


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


async def _serve_forever(delay: float, port: int) -> None:
    server = await start_server(delay, port)
    host, bound = server.sockets[0].getsockname()[:2]
    print(f"listening on {host}:{bound}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workers.latency", description="a loopback server with latency"
    )
    parser.add_argument("--delay", type=float, default=0.05, help="seconds before each reply")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    if args.delay < 0:
        parser.error("--delay must be 0 or more")
    try:
        asyncio.run(_serve_forever(args.delay, args.port))
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
