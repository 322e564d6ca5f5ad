"""Drive an ASGI app in-process: a scope, a receive that sends one body, a send that records."""

from __future__ import annotations

from typing import Any

from applog._asgi import ASGIApp, Message


def http_scope(path: str, request_id: str | None = None, method: str = "GET") -> dict[str, Any]:
    headers = [(b"host", b"test")]
    if request_id is not None:
        headers.append((b"x-request-id", request_id.encode("latin-1")))
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": headers,
    }


async def call(app: ASGIApp, scope: dict[str, Any], body: bytes = b"") -> list[Message]:
    """Run one request through `app`; return every message it sent."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def status_of(sent: list[Message]) -> int:
    return int(next(m["status"] for m in sent if m["type"] == "http.response.start"))


def header(sent: list[Message], name: bytes) -> bytes | None:
    start = next(m for m in sent if m["type"] == "http.response.start")
    return next((v for k, v in start["headers"] if k == name), None)
