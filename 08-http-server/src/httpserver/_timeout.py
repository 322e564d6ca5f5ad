"""A handler timeout, the counterpart of Go's `http.TimeoutHandler`: 503, and the work stops.

uvicorn has no request or handler timeout (see the README for what its settings cover), so a
handler that waits on a stuck dependency holds its connection and its memory until the
client gives up, and then some. `asyncio.timeout` cancels the request's task at the deadline:
the `CancelledError` is raised at whatever `await` the handler is blocked on, its `finally`
blocks and context managers run, and the client gets a 503 at once.

What it cannot stop: a plain `def` route runs in a worker thread, and a thread cannot be
cancelled. The client still gets its 503 on time, but the thread runs on to its end, holding
one of the thread pool's 40 slots and whatever it locked. Put a deadline inside the blocking
call as well (a driver's `statement_timeout`, a client's `timeout=`).
"""

from __future__ import annotations

import asyncio
import json
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from httpserver._errors import request_id_of

log = logging.getLogger("httpserver")


class HandlerTimeout:
    """Answer 503 and cancel the app when an HTTP request takes longer than `seconds`."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        if seconds <= 0:
            raise ValueError(f"seconds must be > 0, got {seconds}")
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        deadline = asyncio.timeout(self.seconds)
        try:
            async with deadline:
                await self.app(scope, receive, watch)
        except TimeoutError:
            # A TimeoutError the handler raised itself (a socket timeout) is not ours.
            if not deadline.expired() or started:
                raise
            log.exception(
                "503: %s %s took longer than %s s, cancelled request_id=%s",
                scope["method"],
                scope["path"],
                self.seconds,
                request_id_of(scope),
            )
            await self._reject(send)

    async def _reject(self, send: Send) -> None:
        body = json.dumps({"detail": f"the request took longer than {self.seconds} s"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    # The body may be half read: do not reuse this connection.
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
