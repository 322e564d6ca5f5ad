"""The benchmark keeps working (tiny arguments). No timing is asserted: a test on a shared
2-core machine is no place to measure speed. That the f-string formats and the lazy call does
not is proven by counting `__str__` calls in tests/test_stdlib_logging.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.procs import DEADLINE

SCRIPT = Path(__file__).parent.parent / "benchmarks" / "bench_lazy_formatting.py"


def test_benchmark_prints_a_ratio_for_every_variant() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--number", "200", "--repeat", "2"],
        capture_output=True,
        text=True,
        timeout=DEADLINE * 3,
        check=True,
    )
    ratios = {}
    for line in done.stdout.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 3 and cells[2].endswith("x"):
            ratios[cells[0]] = float(cells[2].rstrip("x"))
    assert ratios["lazy %s (baseline)"] == 1.0
    assert "f-string" in ratios
    assert all(ratio > 0 for ratio in ratios.values())
