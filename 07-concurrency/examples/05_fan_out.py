"""Fan out, fan in: 20 slow requests at most 5 at a time, then CPU work on two processes.

uv run python examples/05_fan_out.py
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import multiprocessing
from contextlib import aclosing

from workers import as_completed_bounded, map_bounded, map_concurrent
from workers.cpu import count_primes
from workers.latency import request_async, start_server


async def io_bound() -> None:
    server = await start_server(delay=0.05)  # a loopback server that answers 50 ms later
    port = server.sockets[0].getsockname()[1]
    async with server:

        async def fetch(n: int) -> str:
            return (await request_async(port, f"user-{n}".encode())).decode()

        users = await map_concurrent(fetch, range(20), limit=5)
        print(f"map_concurrent, input order: {users[:3]} ... {users[-1]}")

        got = 0
        async with aclosing(as_completed_bounded(fetch, range(20), limit=5)) as replies:
            async for _n, _reply in replies:
                got += 1
                if got == 3:
                    break  # enough: aclosing cancels the requests still in flight
        print(f"as_completed_bounded: kept the first {got} replies, cancelled the rest")


def cpu_bound() -> None:
    spawn = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(2, mp_context=spawn) as pool:
        results = dict(map_bounded(pool, count_primes, [1_000, 10_000, 20_000], limit=2))
    print(f"primes below 1000, 10000, 20000: {[results[n] for n in (1_000, 10_000, 20_000)]}")


if __name__ == "__main__":  # required: spawned processes import this module again
    asyncio.run(io_bound())
    cpu_bound()
