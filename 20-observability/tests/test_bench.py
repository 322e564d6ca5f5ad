"""The benchmark runs and prints every variant with its range. What it claims is counted, not
timed: tracing at 1.0 exports a span per request, at 0.01 far fewer, without tracing none."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.support import LESSON, environment


def test_benchmark_prints_every_variant_and_counts_the_spans() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/bench_instrumentation.py",
            "--requests",
            "300",
            "--repeats",
            "2",
        ],
        cwd=LESSON,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = re.findall(r"^(.+?)\s+\d+\s+\[\d+-\d+\]\s+[\d.]+x\s+(\d+)$", done.stdout, re.M)
    names = [name for name, _ in rows]
    spans = {name: int(count) for name, count in rows}
    assert names == ["none", "metrics", "metrics + tracing 1.0", "metrics + tracing 0.01"]
    assert spans["none"] == spans["metrics"] == 0
    assert spans["metrics + tracing 1.0"] == 301  # the warm-up request too
    assert spans["metrics + tracing 0.01"] < 301 // 4  # 1% expected; a wide margin
