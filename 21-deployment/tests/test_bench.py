"""The benchmark runs in a tiny mode and prints its table; its timings are not asserted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

LESSON = Path(__file__).resolve().parent.parent


def test_bench_startup_prints_one_row_per_variant() -> None:
    done = subprocess.run(
        [sys.executable, str(LESSON / "benchmarks" / "bench_startup.py"), "--repeats", "1"],
        env={"PATH": os.environ["PATH"], "PYTHONPATH": os.environ.get("PYTHONPATH", "")},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rows = [line.split() for line in done.stdout.splitlines()[2:]]
    assert [row[0] for row in rows] == ["process"]
    assert re.fullmatch(r"\d+\.\d\d", rows[0][1])
    assert rows[0][-1] == "1.0x"
