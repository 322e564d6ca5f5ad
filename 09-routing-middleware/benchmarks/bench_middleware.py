"""What a middleware layer costs per request: pure ASGI vs BaseHTTPMiddleware.

Usage: uv run python benchmarks/bench_middleware.py [--layers N] [--requests R] [--repeat K]

Each variant is a Starlette app with one trivial endpoint wrapped in N layers that do
nothing but pass the request on. The requests are ASGI calls made directly (no sockets, no
HTTP parsing), so what differs between the variants is the layers' own machinery: a pure
ASGI layer is one extra `await`; a `BaseHTTPMiddleware` layer builds a `Request`, starts a
task group and a task for the rest of the app, and carries the response through a memory
stream.

Next to the times it prints `tasks/request`, counted by a task factory on the event loop:
the times vary from run to run and machine to machine, the count does not, which is why
`tests/test_benchmark.py` asserts on the count and never on a time.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable, Coroutine, Generator
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class PassPure:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class PassBase(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        return await call_next(request)


async def ok(request: Request) -> Response:
    return PlainTextResponse("ok")


def app_with(layer: type[PassPure] | type[PassBase] | None, layers: int) -> ASGIApp:
    middleware = [] if layer is None else [Middleware(layer) for _ in range(layers)]
    return Starlette(routes=[Route("/", ok)], middleware=middleware)


SCOPE: Scope = {
    "type": "http",
    "asgi": {"version": "3.0"},
    "http_version": "1.1",
    "method": "GET",
    "scheme": "http",
    "path": "/",
    "raw_path": b"/",
    "root_path": "",
    "query_string": b"",
    "headers": [(b"host", b"bench")],
    "client": ("127.0.0.1", 50000),
    "server": ("127.0.0.1", 8000),
}


async def run_requests(app: ASGIApp, requests: int) -> float:
    """Seconds for `requests` sequential requests."""

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            assert message["status"] == 200

    started = time.perf_counter()
    for _ in range(requests):
        await app(dict(SCOPE), receive, send)
    return time.perf_counter() - started


T = TypeVar("T")


class TaskCounter:
    """An event-loop task factory that counts the tasks it creates."""

    def __init__(self) -> None:
        self.created = 0

    def __call__(
        self,
        loop: asyncio.AbstractEventLoop,
        coro: Generator[Any, None, T] | Coroutine[Any, Any, T],
        /,
        **kwargs: Any,  # `context=` on Python 3.11
    ) -> asyncio.Future[T]:
        self.created += 1
        return asyncio.Task(coro, loop=loop, **kwargs)


async def tasks_per_request(app: ASGIApp, requests: int) -> float:
    """How many asyncio tasks the app creates per request (outside the timed runs)."""
    loop = asyncio.get_running_loop()
    counter = TaskCounter()
    loop.set_task_factory(counter)
    try:
        await run_requests(app, requests)
    finally:
        loop.set_task_factory(None)
    return counter.created / requests


VARIANTS: dict[str, Callable[[int], ASGIApp]] = {
    "no middleware": lambda n: app_with(None, n),
    "pure ASGI (baseline)": lambda n: app_with(PassPure, n),
    "BaseHTTPMiddleware": lambda n: app_with(PassBase, n),
}


Result = tuple[float, float, float, float]  # median, min, max (us/request), tasks/request


def measure(layers: int, requests: int, repeat: int) -> dict[str, Result]:
    """Per variant: median, min and max microseconds per request over the runs, and tasks."""

    async def all_variants() -> dict[str, Result]:
        results = {}
        for name, build in VARIANTS.items():
            app = build(layers)
            await run_requests(app, min(requests, 100))  # warm up
            runs = [await run_requests(app, requests) / requests * 1e6 for _ in range(repeat)]
            tasks = await tasks_per_request(app, min(requests, 100))
            results[name] = (statistics.median(runs), min(runs), max(runs), tasks)
        return results

    return asyncio.run(all_variants())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--layers", type=int, default=5, help="middleware layers per app")
    parser.add_argument("--requests", type=int, default=1000, help="requests per run")
    parser.add_argument("--repeat", type=int, default=5, help="runs: median, min and max")
    args = parser.parse_args()

    results = measure(args.layers, args.requests, args.repeat)
    baseline = results["pure ASGI (baseline)"][0]
    print(
        f"{args.layers} pass-through layers, {args.repeat} runs x {args.requests} requests;"
        " us/request: median (min-max)"
    )
    print(f"| {'variant':<22} | {'us/request':>22} | {'ratio':>6} | {'tasks/request':>13} |")
    print(f"| {'-' * 22} | {'-' * 22}:| {'-' * 6}:| {'-' * 13}:|")
    for name, (median, low, high, tasks) in results.items():
        spread = f"{median:.1f} ({low:.1f}-{high:.1f})"
        print(f"| {name:<22} | {spread:>22} | {median / baseline:5.1f}x | {tasks:13g} |")


if __name__ == "__main__":
    main()
