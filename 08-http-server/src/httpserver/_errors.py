"""Every request gets an ID; every 5xx is logged with its exception and that ID.

A pure ASGI middleware, outermost. It puts the ID in `scope["state"]["request_id"]` (what
`request.state.request_id` reads) and in the `X-Request-ID` response header, so the line a
client reports and the traceback in the log can be matched.

- An exception from the app: logged with its traceback, answered 500 with a body that
  names only the request ID (never `str(exc)`), `Connection: close`. Starlette's own 500 is
  sent from outside every user middleware, so this one answers first and re-raises nothing.
- A cancellation (the graceful-shutdown bound expired): logged, then re-raised; the server
  answers 500 and closes.
- A 5xx the app answers itself (`HandlerTimeout`'s 503) is logged where it is decided.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("httpserver")


def request_id_of(scope: Scope) -> str:
    """The ID `LogServerErrors` gave this request ('-' outside it)."""
    return str(scope.get("state", {}).get("request_id", "-"))


class LogServerErrors:
    """Give each HTTP request an ID and log every server error with it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message).append("x-request-id", request_id)
            await send(message)

        what = f"{scope['method']} {scope['path']} request_id={request_id}"
        try:
            await self.app(scope, receive, send_with_id)
        except asyncio.CancelledError:
            log.exception("cancelled: %s", what)
            raise
        except Exception:
            log.exception("500: %s", what)
            if started:
                raise  # too late to choose a status: the server closes the connection
            body = json.dumps({"detail": "internal server error", "request_id": request_id})
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"x-request-id", request_id.encode()),
                        # The request body may be half read: do not reuse this connection.
                        (b"connection", b"close"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body.encode()})
