"""A request body size limit as a pure ASGI middleware (uvicorn has none).

Two checks, because a client may or may not announce the size:

- `Content-Length` larger than the limit: answer 413 before reading a byte of the body.
- No `Content-Length` (`Transfer-Encoding: chunked`): count the bytes of the
  `http.request` messages as they arrive and answer 413 the moment the count passes the
  limit, without buffering more than the limit.

The body read so far is replayed to the app, so the app sees the same messages it would
have seen without the middleware. Pure ASGI (not `BaseHTTPMiddleware`) so that nothing
else about the request changes.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    """Answer 413 to any HTTP request whose body is larger than `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        if max_bytes < 0:
            raise ValueError(f"max_bytes must be >= 0, got {max_bytes}")
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._reject(send, declared)
            return

        # Read the body up to the limit, then hand the same messages to the app.
        buffered: list[Message] = []
        seen = 0
        while True:
            message = await receive()
            buffered.append(message)
            if message["type"] != "http.request":
                break  # http.disconnect: let the app see it
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                await self._reject(send, seen)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            if buffered:
                return buffered.pop(0)
            return await receive()

        await self.app(scope, replay, send)

    async def _reject(self, send: Send, size: int) -> None:
        body = json.dumps(
            {
                "detail": [
                    {
                        "type": "body_too_large",
                        "msg": f"request body is larger than {self.max_bytes} bytes",
                        "limit": self.max_bytes,
                    }
                ]
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    # The client may still be sending; do not reuse this connection.
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # h11 rejects a malformed Content-Length before we get here
    return None
