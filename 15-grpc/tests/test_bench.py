"""The benchmark still runs and prints every line with its spread. What it claims about sizes
is checked exactly here; times are never asserted (a shared 2-core machine reorders them)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.support import LESSON, child_env

TINY = ("--items", "120", "--calls", "3", "--repeats", "2")


def test_benchmark_prints_sizes_and_every_variant_with_its_range() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_grpc_vs_rest.py", *TINY],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=120,
        env=child_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    sizes = re.search(r"^one item: protobuf (\d+) B, JSON (\d+) B$", done.stdout, re.M)
    assert sizes is not None, done.stdout
    assert int(sizes[1]) < int(sizes[2])
    assert re.search(r"REST \d+ B in 2 pages", done.stdout)
    names = re.findall(
        r"^(.+?)\s+[\d.]+\s+\[[\d.]+-[\d.]+\] ms(?:/call)?\s+[\d.]+x$", done.stdout, re.M
    )
    assert names == [
        "unary, gRPC GetItem",
        "unary, REST GET /items/{sku}",
        "catalogue, gRPC stream",
        "catalogue, REST pages of 100",
    ]
