"""Broadcast throughput, and server memory per idle connection (websockets vs uvicorn).

    uv run python benchmarks/bench_ws.py [--clients 50] [--messages 200] [--idle 200]
        [--repeats 3]

Needs Redis (COURSE_REDIS_URL). Every line: median [min-max] over the repeats. Keys live
under `t:<hex>:bench` and are deleted at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis
from websockets.asyncio.client import ClientConnection, connect

from roomchat import Settings, create_app, open_hub, port_of, running, sign

SECRET = "bench-secret-0123456789"


def settings(prefix: str) -> Settings:
    return Settings(
        redis_url=os.environ.get("COURSE_REDIS_URL", "redis://127.0.0.1:6379/0"),
        key_prefix=prefix,
        secret=SECRET,
        port=0,
        send_queue=100_000,
    )


def header() -> dict[str, str]:
    return {"Authorization": f"Bearer {sign(SECRET, 'token', 'bench', ttl=600, now=time.time())}"}


async def broadcast_rate(prefix: str, clients: int, messages: int) -> float:
    """Messages delivered per second: `messages` published, each to `clients` sockets."""
    config = settings(prefix)
    async with open_hub(config) as hub, running(config, hub) as server:
        url = f"ws://127.0.0.1:{port_of(server)}/ws/bench"
        sockets = [await connect(url, additional_headers=header()) for _ in range(clients)]
        while hub.count("bench") < clients:  # noqa: ASYNC110  # a count, no event to await
            await asyncio.sleep(0.01)
        started = time.perf_counter()

        async def drain(ws: ClientConnection) -> None:
            for _ in range(messages):
                await ws.recv()

        readers = [asyncio.create_task(drain(ws)) for ws in sockets]
        for i in range(messages):
            await hub.publish("bench", "bench", f"message {i}")
        await asyncio.gather(*readers)
        elapsed = time.perf_counter() - started
        for ws in sockets:
            await ws.close()
    return clients * messages / elapsed


@asynccontextmanager
async def child_server(kind: str, prefix: str) -> AsyncIterator[tuple[int, str]]:
    """A server process of `kind`; yields (pid, ws URL)."""
    env = {**os.environ, "BENCH_PREFIX": prefix}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--child", kind, env=env, stdout=subprocess.PIPE
    )
    assert proc.stdout is not None
    port = int((await proc.stdout.readline()).decode())
    try:
        yield proc.pid, f"ws://127.0.0.1:{port}/ws/bench"
    finally:
        proc.kill()
        await proc.wait()


def rss_kib(pid: int) -> int:
    """Resident memory of a process: Linux's /proc, else `ps` (macOS has no /proc)."""
    if not os.path.isdir("/proc"):
        return int(
            subprocess.run(
                ["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True, check=True
            ).stdout
        )
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def kib_per_connection(kind: str, prefix: str, idle: int) -> float:
    async with child_server(kind, prefix) as (pid, url):
        warm = await connect(url, additional_headers=header())  # imports and first-use costs
        await warm.send("warm")
        await warm.recv()
        before = rss_kib(pid)
        sockets = [await connect(url, additional_headers=header()) for _ in range(idle)]
        await sockets[-1].send("all open")
        await sockets[-1].recv()  # every handshake before this one has been handled
        after = rss_kib(pid)
        for ws in [warm, *sockets]:
            await ws.close()
    return (after - before) / idle


def run_child(kind: str) -> None:
    import uvicorn

    config = settings(os.environ["BENCH_PREFIX"])

    async def main() -> None:
        async with open_hub(config) as hub, running(config, hub) as server:
            print(port_of(server), flush=True)
            await asyncio.Future()

    if kind == "websockets":
        asyncio.run(main())
        return
    server = uvicorn.Server(uvicorn.Config(create_app(config), port=0, log_level="warning"))

    async def announce() -> None:
        while not server.started:  # noqa: ASYNC110  # uvicorn offers no started event
            await asyncio.sleep(0.01)
        print(server.servers[0].sockets[0].getsockname()[1], flush=True)

    async def both() -> None:
        await asyncio.gather(server.serve(), announce())

    asyncio.run(both())


def line(name: str, values: list[float], unit: str) -> str:
    median = statistics.median(values)
    return f"{name:<34} {median:>8.1f} [{min(values):.1f}-{max(values):.1f}] {unit}"


async def bench(args: argparse.Namespace, prefix: str) -> None:
    rates = [await broadcast_rate(prefix, args.clients, args.messages) for _ in range(args.repeats)]
    print(line(f"broadcast to {args.clients} clients", rates, "msg/s"))
    for kind in ("websockets", "uvicorn"):
        sizes = [await kib_per_connection(kind, prefix, args.idle) for _ in range(args.repeats)]
        print(line(f"idle connection, {kind}", sizes, "KiB"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--idle", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", choices=["websockets", "uvicorn"])
    args = parser.parse_args()
    if args.child:
        run_child(args.child)
        return
    prefix = f"t:{uuid.uuid4().hex}:bench"
    try:
        asyncio.run(bench(args, prefix))
    finally:
        with redis.Redis.from_url(settings(prefix).redis_url) as client:
            keys = list(client.scan_iter(match=f"{prefix}:*"))
            if keys:
                client.delete(*keys)


if __name__ == "__main__":
    main()
