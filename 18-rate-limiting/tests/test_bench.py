"""The benchmark still runs and prints its table. Its claims (one round trip against two, and
that the naive variant is racy) are proven elsewhere by counting, never by timing here."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.support import LESSON


def test_benchmark_prints_every_variant_with_its_spread(redis_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_limiters.py", "--decisions", "20", "--repeats", "2"],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COURSE_REDIS_URL": redis_url},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = re.findall(
        r"^(in-memory token bucket|redis lua script|redis GET\+SET \(naive\))"
        r"\s+[\d,]+ \[[\d,]+-[\d,]+\]\s+[\d.]+ \[[\d.]+-[\d.]+\]\s+[\d.]+$",
        done.stdout,
        re.M,
    )
    assert rows == ["in-memory token bucket", "redis lua script", "redis GET+SET (naive)"]
