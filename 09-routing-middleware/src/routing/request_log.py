"""Middleware 1: a request ID on every request, and one log line per request.

- A valid incoming `X-Request-ID` (1 to 64 of `A-Z a-z 0-9 . _ -`) is kept, so a caller's or
  the proxy's ID follows the request through every service. Anything else (too long, spaces,
  `=`, non-ASCII) is replaced by a fresh one: the ID goes into log lines, and a client must
  not be able to forge log fields or fill the logs with kilobytes per request.
- The ID is echoed in the response's `X-Request-ID` header and set in a `contextvar`, so any
  log call made while the request runs can include it (`current_request_id()`).
- If the app raises before it responds, this layer sends the 500 itself, so that response
  carries the ID too (Starlette's own 500 comes from outside every user middleware).
- One line per request, written when the response has been sent (or the app raised):
  method, path, status, duration, request id. The status is the one that really went out,
  whichever layer produced it, because this middleware wraps `send`: a 401 from the auth
  middleware or a 429 from the rate limiter is logged exactly like a 200, provided this
  middleware is *outside* them. That is lab (a) in the README.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from routing._asgi import header, send_json

log = logging.getLogger("routing.access")

REQUEST_ID_HEADER = b"x-request-id"
VALID_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")

PATH_SAFE = "/:@!$&'()*+,;-._~"  # RFC 3986 path characters, minus "=" (our field separator)

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The ID of the request being handled in this context, or None outside a request."""
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_request_id(raw: bytes | None) -> str:
    """The incoming ID if it is well formed, else a new one."""
    if raw is not None and VALID_REQUEST_ID.fullmatch(raw):
        return raw.decode("ascii")
    return new_request_id()


class RequestLogMiddleware:
    """Give each HTTP request an ID, echo it, and log one line when the response is done."""

    def __init__(self, app: ASGIApp, clock: Callable[[], float] = time.perf_counter) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accepted_request_id(header(scope, REQUEST_ID_HEADER))
        # Starlette's `request.state` is `scope["state"]`: handlers can read it from there too.
        scope.setdefault("state", {})["request_id"] = request_id
        status: int | None = None
        started = self.clock()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    # Response header names "should" be lower case in ASGI, not "must": an app
                    # that sends `X-Request-ID` must not end up with two IDs on the response.
                    if k.lower() != REQUEST_ID_HEADER
                ]
                headers.append((REQUEST_ID_HEADER, request_id.encode("ascii")))
                message["headers"] = headers
            await send(message)

        token = _request_id.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            self._log(scope, status or 500, started, request_id, logging.ERROR, exc_info=True)
            if status is None:
                # Nothing was sent yet. Starlette's ServerErrorMiddleware would send the 500,
                # but it sits outside every user middleware, so its 500 would carry no
                # X-Request-ID: the one response whose ID the caller most needs to quote.
                # Send it here; ServerErrorMiddleware then sees a started response and only
                # re-raises, so the server still reports the exception. uvicorn closes the
                # connection after an exception; `Connection: close` tells the client first,
                # or its next request on this kept-alive connection races the close.
                await send_json(
                    send_with_id, 500, "Internal Server Error", [(b"connection", b"close")]
                )
            raise
        except BaseException:
            # Cancelled: the client went away or the server gave up on the request.
            self._log(scope, status, started, request_id, logging.WARNING)
            raise
        else:
            self._log(scope, status, started, request_id, logging.INFO)
        finally:
            _request_id.reset(token)

    def _log(
        self,
        scope: Scope,
        status: int | None,
        started: float,
        request_id: str,
        level: int,
        *,
        exc_info: bool = False,
    ) -> None:
        fields = {
            "method": scope["method"],
            # The path is percent-decoded by the server: quote it again, or `%0A` in a URL
            # would start a forged log line.
            "path": quote(scope["path"], safe=PATH_SAFE),
            "status": status,
            "duration_ms": round((self.clock() - started) * 1000, 1),
            "request_id": request_id,
        }
        line = " ".join(f"{key}={value}" for key, value in fields.items())
        # `extra` puts each field on the LogRecord too, so a JSON formatter (or a test) can
        # read them without parsing the message.
        log.log(level, "request %s", line, extra=fields, exc_info=exc_info)
