"""How long from `exec` to the first 200 on /livez: what the startupProbe's budget must cover.

    uv run python benchmarks/bench_startup.py [--repeats 5]

Variants: the server as a plain process, and (with --image NAME, root podman) the same
server as a container of the lesson's image. Prints the median, the min-max spread and the
ratio to the process's median.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable

import httpx

DEAD_DATABASE = "postgresql://course:course@127.0.0.1:9/course"  # /livez must not need it


def wait_alive(url: str, started: float, limit: float = 60.0) -> float:
    while time.monotonic() - started < limit:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.01)
    raise SystemExit(f"{url} not alive after {limit} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def process_once() -> float:
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "APP_DATABASE_URL": DEAD_DATABASE,
        "APP_SECRETS_DIR": "/nonexistent",
    }
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "deployable.serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return wait_alive(f"http://127.0.0.1:{port}/livez", started)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def container_once(image: str) -> float:
    name = f"bench-{uuid.uuid4().hex[:12]}"
    port = free_port()
    started = time.monotonic()
    subprocess.run(
        [
            "podman",
            "run",
            "--detach",
            "--name",
            name,
            "--health-interval=disable",
            "--publish",
            f"127.0.0.1:{port}:8000",
            image,
        ],
        check=True,
        capture_output=True,
    )
    try:
        return wait_alive(f"http://127.0.0.1:{port}/livez", started)
    finally:
        subprocess.run(["podman", "rm", "--force", "--time=0", name], capture_output=True)


def measure(run: Callable[[], float], repeats: int) -> list[float]:
    return [run() for _ in range(repeats)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--image", help="also start this image with podman")
    args = parser.parse_args(argv)
    variants: list[tuple[str, Callable[[], float]]] = [("process", process_once)]
    if args.image:
        image: str = args.image
        variants.append(("container", lambda: container_once(image)))
    print(f"time to the first 200 on /livez, {args.repeats} runs each")
    print(f"{'variant':<10} {'median s':>9} {'min s':>7} {'max s':>7} {'ratio':>6}")
    baseline = 0.0
    for label, run in variants:
        times = measure(run, args.repeats)
        median = statistics.median(times)
        baseline = baseline or median
        print(
            f"{label:<10} {median:>9.2f} {min(times):>7.2f} {max(times):>7.2f} "
            f"{median / baseline:>5.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
