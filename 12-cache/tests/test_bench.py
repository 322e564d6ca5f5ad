"""The benchmark still runs and prints its table. Its claims are proven by counting elsewhere
(tests/test_races.py counts queries, tests/test_index.py reads the plan), never by timing here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

LESSON = Path(__file__).resolve().parent.parent
ARGS = ("--rows", "500", "--requests", "20", "--repeats", "2")  # small: checks it runs, no more


def test_benchmark_prints_every_variant_with_its_spread(postgres_url: str, redis_url: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/bench_cache.py",
            *("--rows", "500", "--requests", "20"),
            "--repeats",
            "2",
        ],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COURSE_POSTGRES_URL": postgres_url, "COURSE_REDIS_URL": redis_url},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = re.findall(
        r"^(no cache|cache \d+% hits).*\[.*-.*\].*\[.*-.*\]\s+[\d.]+$", done.stdout, re.M
    )
    assert len(rows) == 5, done.stdout
    stampede = re.findall(
        r"^(naive|single-flight) +queries per stampede: median", done.stdout, re.M
    )
    assert stampede == ["naive", "single-flight"], done.stdout
