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
    rows = table_rows(run_benchmark())
    assert rows["lazy %s (baseline)"][-1] == "1.0x"
    assert set(rows) >= {"lazy %s (baseline)", "f-string", "isEnabledFor + f-string"}
    for median, spread, ratio in rows.values():
        low, high = (float(ns) for ns in spread.split("-"))
        assert low <= float(median) <= high  # the spread brackets the median
        assert float(ratio.rstrip("x")) > 0


def run_benchmark() -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--number", "200", "--repeat", "2"],
        capture_output=True,
        text=True,
        timeout=DEADLINE * 3,
        check=True,
    )
    return done.stdout


def table_rows(output: str) -> dict[str, list[str]]:
    """variant -> [median, min-max, ratio], from the printed markdown table."""
    rows = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[3].endswith("x"):
            rows[cells[0]] = cells[1:]
    return rows
