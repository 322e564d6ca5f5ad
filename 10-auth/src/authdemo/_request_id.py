"""A request ID on every response, and every 5xx logged with its exception and that ID.

Not this lesson's topic (lesson 09 builds the full request log); it is here so that a 500 or
a 503 in the log can be matched with the response a user quotes.

- A well-formed incoming `X-Request-ID` (1 to 64 of `A-Z a-z 0-9 . _ -`) is kept; anything
  else is replaced by a new one, so a client cannot forge log fields.
- The ID is echoed in the response and stored in `request.state.request_id`.
- If the app raises before responding, this layer logs the exception with the ID and sends
  the 500 itself: Starlette's own 500 comes from outside every user middleware and would
  carry no ID. `Connection: close`, because uvicorn closes the connection after an
  exception and the client's next request on it would race that close.
"""

from __future__ import annotations

import logging
import re
import uuid

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("authdemo")

HEADER = b"x-request-id"
VALID = re.compile(rb"[A-Za-z0-9._-]{1,64}")


def accepted_request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == HEADER and VALID.fullmatch(value):
            return str(value.decode("ascii"))
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accepted_request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        status: int | None = None

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != HEADER]
                message["headers"] = [*headers, (HEADER, request_id.encode("ascii"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except HTTPException:
            raise  # FastAPI's body limit signals its 413 this way: not a server error
        except Exception:
            if status is not None and status < 500:
                # The response went out already: the body limit also raises after its 413.
                raise
            # %r: a path is percent-decoded, and a raw %0A in it must not start a forged log line
            log.exception("500 request_id=%s %s %r", request_id, scope["method"], scope["path"])
            if status is None:
                await send_with_id(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"connection", b"close"),
                        ],
                    }
                )
                body = b'{"detail":"internal error"}'
                await send_with_id({"type": "http.response.body", "body": body})
            raise
