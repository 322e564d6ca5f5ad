"""Break it, part 1, in one screen: two interleaved requests, global vs contextvars.

Request A binds its ID and waits; request B binds its ID, logs, and waits; A logs. Which
request_id does A's line carry? Run: uv run python examples/03_request_ids.py
"""

from __future__ import annotations

import asyncio
import io
import json

import structlog

from applog import RequestContextMiddleware, configure_logging
from applog._asgi import ASGIApp, Message, Receive, Scope, Send
from applog.broken import GlobalRequestIdMiddleware, add_global_request_id

log = structlog.stdlib.get_logger("orders")


async def run_pair(app_for: type[RequestContextMiddleware | GlobalRequestIdMiddleware]) -> None:
    a_bound, b_logged, a_logged = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def handler(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] == "/a":
            a_bound.set()
            await b_logged.wait()
            log.info("order.fetched", handled_for="A")
            a_logged.set()
        else:
            log.info("order.fetched", handled_for="B")
            b_logged.set()
            await a_logged.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    app: ASGIApp = app_for(handler)

    async def request(path: str, request_id: str) -> None:
        scope = {"type": "http", "method": "GET", "path": path, "headers": [
            (b"x-request-id", request_id.encode())
        ]}  # fmt: skip

        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        async def send(message: Message) -> None:
            pass

        await app(scope, receive, send)

    async def b_after_a() -> None:
        await a_bound.wait()
        await request("/b", "req-B")

    async with asyncio.timeout(10), asyncio.TaskGroup() as group:
        group.create_task(request("/a", "req-A"))
        group.create_task(b_after_a())


def show(
    title: str, middleware: type[RequestContextMiddleware | GlobalRequestIdMiddleware]
) -> None:
    buffer = io.StringIO()
    extra = [add_global_request_id] if middleware is GlobalRequestIdMiddleware else []
    configure_logging(stream=buffer, extra_processors=extra)
    asyncio.run(run_pair(middleware))
    print(title)
    for line in buffer.getvalue().splitlines():
        record = json.loads(line)
        if record["event"] == "order.fetched":
            print(f"  line for request {record['handled_for']}: request_id={record['request_id']}")


if __name__ == "__main__":
    show("module global (broken):", GlobalRequestIdMiddleware)
    show("contextvars (fixed):", RequestContextMiddleware)
