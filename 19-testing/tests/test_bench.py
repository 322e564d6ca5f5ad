"""The benchmark runs in a tiny mode and prints one well-formed row per variant (no timings
are checked: a shared machine makes them noise), and leaves nothing behind."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.services import require
from tests.support import LESSON, child_env


def test_bench_isolation_prints_three_variants() -> None:
    url = require("postgres")
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_isolation.py", "--tests", "2", "--repeats", "2"],
        cwd=LESSON,
        env=child_env(COURSE_POSTGRES_URL=url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = re.findall(r"^(.+?)\s+[\d.]+\s+\[[\d.]+-[\d.]+\]\s+x[\d.]+$", done.stdout, re.M)
    assert [r.strip() for r in rows] == [
        "transaction rolled back",
        "schema per test",
        "database per test",
    ]


def test_bench_refuses_zero_tests_with_exit_2() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_isolation.py", "--tests", "0"],
        cwd=LESSON,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
