"""The __slots__ benchmark runs, prints its table, and points the expected way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LESSON = Path(__file__).resolve().parent.parent
SCRIPT = LESSON / "benchmarks" / "bench_slots.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_benchmark_prints_a_table_where_slots_are_smaller() -> None:
    done = run("--instances", "500", "--repeats", "3")
    assert done.returncode == 0, done.stderr
    rows = {}
    for line in done.stdout.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[1].isdigit():
            low, high = (int(n) for n in cells[2].split("-"))
            assert low <= int(cells[1]) <= high  # the median lies within the spread
            rows[cells[0]] = (int(cells[1]), float(cells[3]))
    assert rows["class"][1] == 1.0
    assert rows["class with __slots__"][1] < 0.8  # wide margin; it is about 0.55 on 3.11
    assert rows["@dataclass(slots=True)"][0] < rows["@dataclass"][0]
    assert rows["class, __dict__ read"][0] > rows["class"][0]


def test_benchmark_rejects_a_zero_count_with_a_usage_error() -> None:
    done = run("--instances", "0")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--instances" in done.stderr
