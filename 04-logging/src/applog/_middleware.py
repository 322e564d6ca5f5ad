"""A pure-ASGI middleware: one request ID per request, bound in a contextvar, then unbound.

Pure ASGI (a class with `async __call__(scope, receive, send)`) works under any ASGI
framework or none, and unlike Starlette's `BaseHTTPMiddleware` it runs the app in the same
task, so what it binds in contextvars is what the app's log calls see.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterable

import structlog
from structlog.contextvars import bind_contextvars, clear_contextvars, get_contextvars

from applog._asgi import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = b"x-request-id"
# An incoming ID is echoed into every log line: accept only short, boring ones, so a client
# cannot inject newlines, fake JSON fields or a megabyte into the logs.
_SAFE_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")

log = structlog.stdlib.get_logger(__name__)


def request_id_from(headers: Iterable[tuple[bytes, bytes]]) -> str:
    """The client's X-Request-ID if it is safe to log, else a new random one."""
    for name, value in headers:
        if name.lower() == REQUEST_ID_HEADER and _SAFE_ID.fullmatch(value):
            return value.decode("ascii")
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Bind request_id/method/path for the app's log calls; log one line per request.

    Also the error edge: an exception from the app is logged once, with its traceback, and
    turned into a 500 that carries the request ID (a user can quote it to support).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        request_id = request_id_from(scope["headers"])
        # Keep what an outer layer bound (a tenant, a connection ID) and put exactly that back
        # at the end: whatever the app binds during this request (user_id, ...) then cannot
        # reach the next request served in the same context, and the outer layer's own
        # lines after us still carry its fields. A bare clear_contextvars() here would wipe them.
        outer = get_contextvars()
        bind_contextvars(request_id=request_id, method=scope["method"], path=scope["path"])
        started = time.perf_counter()
        # None until a response starts: a request cancelled first (the client hung up, the
        # server shut down) is logged with status null, not with a 500 nobody was sent.
        status: int | None = None
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                headers = [*message.get("headers", []), (REQUEST_ID_HEADER, request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("request.failed")  # exc_info: the traceback, as data
            if response_started:
                raise  # too late for a 500: let the server drop the connection
            await _send_error(send_with_id, request_id)
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 3)
            log.info("request.finished", status=status, duration_ms=duration_ms)
            clear_contextvars()
            bind_contextvars(**outer)


async def _send_error(send: Send, request_id: str) -> None:
    body = b'{"error":"internal","request_id":"' + request_id.encode() + b'"}'
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [(b"content-type", b"application/json")],
            "trailers": False,
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
