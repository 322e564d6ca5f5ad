"""The three ASGI callables, spelled out, and the two helpers every middleware here needs.

A pure ASGI middleware is a class with `__init__(app, ...)` and
`async __call__(scope, receive, send)`: it sees the request as `scope` (a dict), may call the
inner `app`, and may wrap `send` to see (or change) the response messages on their way out.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of header `name` (lower-case bytes), or None."""
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return None


async def send_json(
    send: Send,
    status: int,
    detail: object,
    headers: Iterable[tuple[bytes, bytes]] = (),
) -> None:
    """Answer with `{"detail": ...}`, the same shape as FastAPI's own errors."""
    body = json.dumps({"detail": detail}, separators=(",", ":")).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
