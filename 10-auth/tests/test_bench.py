"""The benchmark keeps working (run with tiny arguments); no timing is asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parent.parent / "benchmarks" / "bench_login_timing.py"


def test_benchmark_prints_a_row_per_login_variant() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--fast", "--rounds", "1", "--logins", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rows = [line.split() for line in done.stdout.splitlines()]
    assert [row[0] for row in rows] == ["ms", "login", "broken", "fixed"]
    for row in rows[2:]:  # name, median, (min-max), median, (min-max), ratio
        assert len(row) == 6
        assert row[2].startswith("(")
        assert row[2].endswith(")")
    assert done.stderr == ""
