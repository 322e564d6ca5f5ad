"""A line-protocol client that respects a deadline: connect, send one line, read one line.

Every call takes the request's Deadline and its own timeout, and waits for at most
min(own timeout, what is left of the deadline). That is Go's
`ctx, cancel := context.WithTimeout(parent, own)` spelled in Python.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket

from deadlines.budget import Deadline
from deadlines.errors import DependencyTimeout

__all__ = ["fetch_line", "fetch_line_blocking", "get_quote"]

logger = logging.getLogger(__name__)


async def fetch_line(
    host: str, port: int, request: bytes, *, deadline: Deadline, cap: float | None = None
) -> bytes:
    """Send `request`, return the first line of the answer, or raise DependencyTimeout.

    Raises DeadlineExceeded without connecting when the deadline has already passed.
    """
    budget = deadline.timeout(cap)
    logger.debug("calling dependency", extra={"dependency": f"{host}:{port}", "budget": budget})
    try:
        async with asyncio.timeout(budget) as scope:
            reader, writer = await asyncio.open_connection(host, port)
            try:
                writer.write(request)
                await writer.drain()
                line = await reader.readline()
            finally:
                writer.close()
                # A reset peer makes wait_closed() raise; from a `finally` that would replace
                # the exception already on its way out (a timeout's CancelledError included).
                with contextlib.suppress(OSError):
                    await writer.wait_closed()
    except TimeoutError as exc:
        if not scope.expired():
            raise  # an OS-level ETIMEDOUT is also a TimeoutError; it is not our budget
        raise DependencyTimeout(f"{host}:{port}", budget) from exc
    if not line.endswith(b"\n"):
        raise ConnectionError(f"{host}:{port} closed the connection before answering")
    return line


async def get_quote(
    host: str, port: int, deadline: Deadline, *, attempt_timeout: float = 0.3, attempts: int = 3
) -> str:
    """A service-layer call with retries that never outlive the request's deadline.

    Each attempt gets min(attempt_timeout, remaining); once nothing is left the next attempt
    is not started at all (Deadline.timeout raises DeadlineExceeded).
    """
    for attempt in range(1, attempts + 1):
        try:
            line = await fetch_line(host, port, b"QUOTE\n", deadline=deadline, cap=attempt_timeout)
            return line.decode().strip()
        except DependencyTimeout as exc:
            logger.info("attempt timed out", extra={"attempt": attempt, "budget": exc.budget})
            if attempt == attempts:
                raise
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


def fetch_line_blocking(host: str, port: int, request: bytes, *, timeout: float) -> bytes:
    """The same call with a blocking socket: fine in a thread, a disaster on the event loop."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(request)
        with sock.makefile("rb") as answer:
            line = answer.readline()
    if not line.endswith(b"\n"):
        raise ConnectionError(f"{host}:{port} closed the connection before answering")
    return line
