"""The benchmark still runs and prints every line with its range. What it measures is proven
by behaviour elsewhere (fan-out in test_lifecycle.py, bounded queues in
test_slow_consumer.py), never by timing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

LESSON = Path(__file__).resolve().parent.parent


def test_benchmark_prints_every_line_with_its_range(redis_url: str) -> None:
    args = ["--clients", "3", "--messages", "5", "--idle", "5", "--repeats", "1"]
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_ws.py", *args],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COURSE_REDIS_URL": redis_url},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = re.findall(r"^(.+?)\s+-?[\d.]+ \[-?[\d.]+--?[\d.]+\] (?:msg/s|KiB)$", done.stdout, re.M)
    assert names == [
        "broadcast to 3 clients",
        "idle connection, websockets",
        "idle connection, uvicorn",
    ]
