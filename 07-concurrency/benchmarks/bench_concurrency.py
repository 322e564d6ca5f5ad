"""Threads vs processes for CPU-bound work, threads vs asyncio for I/O-bound work.

    uv run python benchmarks/bench_concurrency.py            # defaults: a few seconds
    uv run python benchmarks/bench_concurrency.py --help

Each variant runs `--repeat` times and the table shows the median and the spread (the fastest
and the slowest run). "speedup" is the threads median divided by this variant's median, inside
each workload: above 1.00x is faster than threads. The spread says how much to trust it: on a
loaded machine the process pool has no idle core to run on, and its speedup falls toward 1x.
Pools are created and warmed before timing, so the numbers compare the work, not process
start-up (which the README discusses separately).

The I/O-bound work is real: requests to a loopback server (`python -m workers.latency`, its own
process) that answers each one `--delay` seconds later, on a timer.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures as cf
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from workers.cpu import count_primes
from workers.fanout import map_concurrent
from workers.latency import request_async, request_blocking


@dataclass(frozen=True, slots=True)
class Row:
    workload: str
    variant: str
    times: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def timings(repeat: int, variants: dict[str, Callable[[], object]]) -> dict[str, list[float]]:
    """Time every variant `repeat` times, round-robin, so a load spike hits all of them."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, run in variants.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return times


def cpu_rows(jobs: int, size: int, workers: int, repeat: int) -> list[Row]:
    sizes = [size] * jobs
    expected = [count_primes(size)] * jobs

    def check(results: Iterable[int]) -> None:
        if list(results) != expected:
            raise AssertionError("a variant computed a different answer")

    spawn = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
    with (
        cf.ThreadPoolExecutor(workers) as threads,
        cf.ProcessPoolExecutor(workers, mp_context=spawn) as processes,
    ):
        for pool in (threads, processes):
            list(pool.map(count_primes, [10] * workers))  # warm up: start every worker
        result = timings(
            repeat,
            {
                "sequential": lambda: check(map(count_primes, sizes)),
                "threads": lambda: check(threads.map(count_primes, sizes)),
                "processes": lambda: check(processes.map(count_primes, sizes)),
            },
        )
    return [Row("cpu", name, times) for name, times in result.items()]


@contextmanager
def latency_server(delay: float) -> Iterator[int]:
    """Start the loopback server in its own process; yield its port."""
    server = subprocess.Popen(
        [sys.executable, "-m", "workers.latency", "--delay", str(delay)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # "listening on 127.0.0.1:PORT"
        if not line.startswith("listening on "):
            raise RuntimeError(f"server did not start: {line!r}")
        yield int(line.rsplit(":", 1)[1])
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def io_rows(requests: int, concurrency: int, delay: float, repeat: int) -> list[Row]:
    payloads = [f"request-{n}".encode() for n in range(requests)]

    def check(replies: Iterable[bytes]) -> None:
        if list(replies) != payloads:
            raise AssertionError("a reply did not match its request")

    with (
        latency_server(delay) as port,
        cf.ThreadPoolExecutor(concurrency) as pool,
        asyncio.Runner() as runner,  # one event loop, reused by every asyncio run
    ):

        def blocking(payload: bytes) -> bytes:
            return request_blocking(port, payload)

        async def on_loop(payload: bytes) -> bytes:
            return await request_async(port, payload)

        def with_threads(batch: list[bytes]) -> list[bytes]:
            return list(pool.map(blocking, batch))

        def with_asyncio(batch: list[bytes]) -> list[bytes]:
            return runner.run(map_concurrent(on_loop, batch, limit=concurrency))

        with_threads(payloads[:concurrency])  # warm up: start every thread
        with_asyncio(payloads[:concurrency])
        result = timings(
            repeat,
            {
                "threads": lambda: check(with_threads(payloads)),
                "asyncio": lambda: check(with_asyncio(payloads)),
            },
        )
    return [Row("io", name, times) for name, times in result.items()]


def table(rows: list[Row]) -> str:
    baseline = {row.workload: row.median for row in rows if row.variant == "threads"}
    lines = [
        "| workload | variant | median s | min-max s | speedup vs threads |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for row in rows:
        speedup = baseline[row.workload] / row.median
        spread = f"{min(row.times):.3f}-{max(row.times):.3f}"
        lines.append(
            f"| {row.workload} | {row.variant} | {row.median:.3f} | {spread} | {speedup:.2f}x |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="threads vs processes vs asyncio")
    parser.add_argument("--jobs", type=int, default=4, help="CPU jobs per run")
    parser.add_argument("--size", type=int, default=30_000, help="count primes below this")
    parser.add_argument("--workers", type=int, default=2, help="threads/processes for CPU work")
    parser.add_argument("--requests", type=int, default=200, help="I/O requests per run")
    parser.add_argument("--concurrency", type=int, default=50, help="requests in flight")
    parser.add_argument("--delay", type=float, default=0.02, help="server latency, seconds")
    parser.add_argument("--repeat", type=int, default=5, help="runs per variant (median, min-max)")
    args = parser.parse_args(argv)
    for name in ("jobs", "size", "workers", "requests", "concurrency", "repeat"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.delay < 0:
        parser.error("--delay must be 0 or more")

    rows = cpu_rows(args.jobs, args.size, args.workers, args.repeat)
    rows += io_rows(args.requests, args.concurrency, args.delay, args.repeat)
    print(
        f"python {sys.version_info.major}.{sys.version_info.minor}, {os.cpu_count()} CPUs, "
        f"cpu: {args.jobs} jobs x count_primes({args.size}) on {args.workers} workers, "
        f"io: {args.requests} requests, {args.concurrency} in flight, {args.delay}s latency"
    )
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
