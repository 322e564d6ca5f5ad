"""The benchmark runs and prints every variant with its range. What it claims is counted, not
timed: tracing at 1.0 exports a span per request, at 0.01 far fewer, without tracing none."""

from __future__ import annotations

import re

from tests.support import run_script


def test_benchmark_prints_every_variant_and_counts_the_spans() -> None:
    out = run_script("benchmarks/bench_instrumentation.py", "--requests", "300", "--repeats", "2")
    rows = re.findall(r"^(.+?)\s+\d+\s+\[\d+-\d+\]\s+[\d.]+x\s+(\d+)$", out, re.M)
    names = [name for name, _ in rows]
    spans = {name: int(count) for name, count in rows}
    assert names == ["none", "metrics", "metrics + tracing 1.0", "metrics + tracing 0.01"]
    assert spans["none"] == spans["metrics"] == 0
    assert spans["metrics + tracing 1.0"] == 301  # the warm-up request too
    assert spans["metrics + tracing 0.01"] < 301 // 4  # 1% expected; a wide margin
