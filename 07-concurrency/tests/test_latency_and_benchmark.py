"""The loopback latency server, its two clients, and the benchmark that uses them."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workers.latency import request_async, request_blocking, start_server

HERE = Path(__file__).parent.parent
DEADLINE = 10.0


def test_both_clients_get_their_own_line_back() -> None:
    async def main() -> tuple[bytes, bytes]:
        async with asyncio.timeout(DEADLINE):
            server = await start_server(delay=0.0)
            port = server.sockets[0].getsockname()[1]
            async with server:
                from_loop = await request_async(port, b"from asyncio")
                from_thread = await asyncio.to_thread(request_blocking, port, b"from a thread")
            return from_loop, from_thread

    assert asyncio.run(main()) == (b"from asyncio", b"from a thread")


def test_many_concurrent_requests_overlap_their_waits() -> None:
    """50 requests, each held 0.2 s by the server, all in flight at once, all answered right.

    (No timing assertion: the check is that every reply matches its own request.)
    """

    async def main() -> list[bytes]:
        async with asyncio.timeout(DEADLINE):
            server = await start_server(delay=0.2)
            port = server.sockets[0].getsockname()[1]
            async with server, asyncio.TaskGroup() as group:
                tasks = [group.create_task(request_async(port, b"%d" % n)) for n in range(50)]
            return [task.result() for task in tasks]

    assert asyncio.run(main()) == [b"%d" % n for n in range(50)]


@pytest.fixture
def sigint_deliverable() -> Iterator[None]:
    """A child inherits an ignored SIGINT (shells start background jobs that way): undo it."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("sigint_deliverable")
@pytest.mark.parametrize(
    ("signum", "exit_status"),
    [(signal.SIGINT, -signal.SIGINT), (signal.SIGTERM, 0)],
    ids=["sigint-dies-by-sigint", "sigterm-exits-0"],
)
def test_server_process_stops_quietly_on_a_real_signal(
    signum: signal.Signals, exit_status: int
) -> None:
    """Serving, with an idle client connected, then a real signal: no traceback, the
    course's exit status, and the idle connection closed rather than waited for."""
    server = subprocess.Popen(
        [sys.executable, "-m", "workers.latency", "--delay", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        match = re.fullmatch(r"listening on 127\.0\.0\.1:(\d+)\n", line)
        assert match, line
        with socket.create_connection(("127.0.0.1", int(match[1])), timeout=DEADLINE) as client:
            client.sendall(b"ping\n")
            assert client.recv(16) == b"ping\n"  # served; the connection stays open, idle
            server.send_signal(signum)
            assert server.wait(timeout=DEADLINE) == exit_status
            assert client.recv(16) == b""  # the server closed the idle connection
        out, err = server.communicate(timeout=DEADLINE)
        assert (out, err) == ("", "")  # no traceback, no noise
    finally:
        server.kill()
        server.communicate(timeout=DEADLINE)


def test_server_refuses_a_negative_delay_with_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workers.latency", "--delay", "-1"],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--delay" in done.stderr


def test_benchmark_prints_a_well_formed_table_with_tiny_arguments() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/bench_concurrency.py",
            *("--jobs", "2", "--size", "2000", "--requests", "8", "--concurrency", "4"),
            *("--delay", "0.001", "--repeat", "1"),
        ],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert done.returncode == 0, done.stderr
    rows = re.findall(
        r"^\| (cpu|io) \| (\w+) \| (\d+\.\d{3}) \| (\d+\.\d{3})-(\d+\.\d{3}) \| (\d+\.\d{2})x \|$",
        done.stdout,
        re.MULTILINE,
    )
    assert [(workload, variant) for workload, variant, *_ in rows] == [
        ("cpu", "sequential"),
        ("cpu", "threads"),
        ("cpu", "processes"),
        ("io", "threads"),
        ("io", "asyncio"),
    ]
    for *_, median, low, high, _ in rows:
        assert float(low) <= float(median) <= float(high)  # the spread brackets the median
    speedups = {(w, v): float(s) for w, v, *_, s in rows}
    assert speedups[("cpu", "threads")] == speedups[("io", "threads")] == 1.0  # the baselines
    assert all(value > 0 for value in speedups.values())


def test_benchmark_refuses_a_zero_repeat() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_concurrency.py", "--repeat", "0"],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert done.returncode == 2
    assert "--repeat" in done.stderr
