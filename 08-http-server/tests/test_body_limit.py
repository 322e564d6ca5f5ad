"""`BodySizeLimit` as a plain ASGI app: what reaches the inner app, and what does not."""

from __future__ import annotations

import pytest
from starlette.types import Message, Receive, Scope, Send

from httpserver import BodySizeLimit


class RecordingApp:
    """The inner app: records the body it read, answers 200."""

    def __init__(self) -> None:
        self.called = False
        self.body = b""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.called = True
        while True:
            message = await receive()
            self.body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def _call(
    limit: int, chunks: list[bytes], content_length: int | None
) -> tuple[RecordingApp, list[Message], int]:
    inner = RecordingApp()
    headers = [] if content_length is None else [(b"content-length", str(content_length).encode())]
    scope: Scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    incoming: list[Message] = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    received = 0
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal received
        received += 1
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await BodySizeLimit(inner, max_bytes=limit)(scope, receive, send)
    return inner, sent, received


@pytest.mark.anyio
async def test_declared_length_over_limit_is_413_without_reading_the_body() -> None:
    inner, sent, received = await _call(10, [b"x" * 11], content_length=11)
    assert sent[0]["status"] == 413
    assert not inner.called
    assert received == 0


@pytest.mark.anyio
async def test_chunked_body_stops_being_read_once_past_the_limit() -> None:
    inner, sent, received = await _call(10, [b"12345", b"67890", b"X", b"never read"], None)
    assert sent[0]["status"] == 413
    assert not inner.called
    assert received == 3  # the third chunk crossed the limit; the fourth stayed unread


@pytest.mark.anyio
async def test_body_within_limit_reaches_the_app_unchanged() -> None:
    inner, sent, _ = await _call(10, [b"12345", b"67890"], None)
    assert sent[0]["status"] == 200
    assert inner.body == b"1234567890"


def test_negative_limit_is_rejected() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        BodySizeLimit(RecordingApp(), max_bytes=-1)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
