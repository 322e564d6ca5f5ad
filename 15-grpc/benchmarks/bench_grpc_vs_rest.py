"""gRPC against JSON over HTTP, same store, same machine: bytes on the wire and time per call.

    uv run python benchmarks/bench_grpc_vs_rest.py [--items 2000] [--calls 200] [--repeats 5]

A child process serves both (grpc.aio and uvicorn+FastAPI on one event loop); this process is
the client (grpc.aio channel; an httpx2 client with keep-alive). Payload sizes are exact; times
are the median over the repeats with the min-max spread, and depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable

import httpx2

from inventory import InventoryService, Store, connect, sample, start, stub
from inventory.pb import inventory_pb2 as pb
from inventory.pb import inventory_pb2_grpc as pb_grpc
from inventory.service import to_message

TOKEN = "bench"


async def serve(items: int) -> None:
    """The child: both servers on free ports, one line with the ports, until stdin closes."""
    import uvicorn

    from inventory.rest import create_app

    store = Store(sample(items))
    running = await start(InventoryService(store), {TOKEN: "reader"})
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=0, log_level="warning")
    http = uvicorn.Server(config)
    task = asyncio.create_task(http.serve())
    while not http.started:  # noqa: ASYNC110  uvicorn offers a flag, not an event
        await asyncio.sleep(0.01)
    http_port = http.servers[0].sockets[0].getsockname()[1]
    print(f"{running.port} {http_port}", flush=True)
    await asyncio.to_thread(sys.stdin.read)  # the parent closes our stdin when done
    http.should_exit = True
    await task
    await running.stop(1)


async def timed(action: Callable[[], Awaitable[object]], repeats: int) -> list[float]:
    await action()  # warm up: connections, caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await action()
        times.append(time.perf_counter() - started)
    return times


def row(name: str, seconds: list[float], per: int, base: float | None) -> tuple[str, float]:
    ms = [s * 1000 / per for s in seconds]
    median = statistics.median(ms)
    ratio = f"{median / base:5.2f}x" if base else "1.00x"
    unit = "ms/call" if per > 1 else "ms"
    line = f"{name:<32} {median:8.3f}  [{min(ms):.3f}-{max(ms):.3f}] {unit:<7} {ratio}"
    return line, median


async def measure(args: argparse.Namespace) -> None:
    child = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve", "--items", str(args.items),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ},
    )  # fmt: skip
    try:
        assert child.stdout is not None
        grpc_port, http_port = map(int, (await child.stdout.readline()).split())
        async with (
            connect(f"127.0.0.1:{grpc_port}", TOKEN, default_timeout=60) as channel,
            httpx2.AsyncClient(base_url=f"http://127.0.0.1:{http_port}") as http,
        ):
            await report(args, stub(channel), http)
    finally:
        assert child.stdin is not None
        child.stdin.close()
        await asyncio.wait_for(child.wait(), 30)


async def report(
    args: argparse.Namespace, rpc: pb_grpc.InventoryAsyncStub, http: httpx2.AsyncClient
) -> None:
    one = to_message(sample(1)[0])
    json_one = (await http.get(f"/items/{one.sku}")).content
    print(f"one item: protobuf {one.ByteSize()} B, JSON {len(json_one)} B")

    streamed = pages = paged_bytes = 0
    async for item in rpc.ListItems(pb.ListItemsRequest()):
        streamed += item.ByteSize()
    after: str | None = ""
    while after is not None:
        response = await http.get("/items", params={"after": after, "limit": 100})
        pages += 1
        paged_bytes += len(response.content)
        after = response.json()["next_after"]
    print(
        f"catalogue of {args.items}: gRPC stream {streamed} B of messages, "
        f"REST {paged_bytes} B in {pages} pages (bodies only, headers not counted)"
    )

    async def grpc_unary() -> None:
        for n in range(args.calls):
            await rpc.GetItem(pb.GetItemRequest(sku=f"sku-{n % args.items:04d}"))

    async def rest_unary() -> None:
        for n in range(args.calls):
            (await http.get(f"/items/sku-{n % args.items:04d}")).raise_for_status()

    async def grpc_stream() -> None:
        count = 0
        async for _ in rpc.ListItems(pb.ListItemsRequest()):
            count += 1
        assert count == args.items

    async def rest_pages() -> None:
        count, after = 0, ""
        while after is not None:
            page = (await http.get("/items", params={"after": after, "limit": 100})).json()
            count += len(page["items"])
            after = page["next_after"]
        assert count == args.items

    print(f"{args.items} items, {args.calls} calls, {args.repeats} repeats: median [min-max]")
    line, base = row("unary, gRPC GetItem", await timed(grpc_unary, args.repeats), args.calls, None)
    print(line)
    line, _ = row(
        "unary, REST GET /items/{sku}", await timed(rest_unary, args.repeats), args.calls, base
    )
    print(line)
    line, base = row("catalogue, gRPC stream", await timed(grpc_stream, args.repeats), 1, None)
    print(line)
    line, _ = row("catalogue, REST pages of 100", await timed(rest_pages, args.repeats), 1, base)
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    asyncio.run(serve(args.items) if args.serve else measure(args))


if __name__ == "__main__":
    main()
