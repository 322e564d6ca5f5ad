"""The ASGI types (from `starlette.types`) and the helpers every middleware here needs.

A pure ASGI middleware is a class with `__init__(app, ...)` and
`async __call__(scope, receive, send)`: it sees the request as `scope` (a dict), may call the
inner `app`, and may wrap `send` to see (or change) the response messages on their way out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.types import Scope, Send


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
    *,
    kind: str = "http.response",
) -> None:
    """Answer with `{"detail": ...}`, the same shape as FastAPI's own errors."""
    body = json.dumps({"detail": detail}, separators=(",", ":")).encode()
    await send(
        {
            "type": f"{kind}.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": f"{kind}.body", "body": body})


async def refuse(
    scope: Scope,
    send: Send,
    status: int,
    detail: object,
    headers: Iterable[tuple[bytes, bytes]] = (),
) -> None:
    """Answer instead of the app, for an HTTP request or a websocket handshake.

    A websocket handshake is an HTTP request too, and a gate that let it through would be the
    door everyone forgot. Refused before `websocket.accept`, it gets the same HTTP answer
    through the ASGI `websocket.http.response` extension where the server has it (uvicorn
    and Starlette's TestClient do); otherwise a close, which the server sends as a 403.
    """
    if scope["type"] != "websocket":
        await send_json(send, status, detail, headers)
    elif "websocket.http.response" in (scope.get("extensions") or {}):
        await send_json(send, status, detail, headers, kind="websocket.http.response")
    else:
        await send({"type": "websocket.close", "code": 1008})  # 1008: policy violation
