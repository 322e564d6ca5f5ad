"""The benchmark still runs and prints every line with its range. What it measures is proven by
behaviour elsewhere (confirms in test_publish.py, acks in test_consumer.py), never by timing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

LESSON = Path(__file__).resolve().parent.parent


def test_benchmark_prints_every_variant_with_its_range(amqp_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_bus.py", "--messages", "50", "--repeats", "2"],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ORDERBUS_AMQP_URL": amqp_url},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = re.findall(r"^(.+?)\s+\d+\s+\[\d+-\d+\] msg/s$", done.stdout, re.M)
    assert names == [
        "confirm per message",
        "batched confirms (100)",
        "no confirms",
        "consume, prefetch 1",
        "consume, prefetch 50",
    ]
