"""The benchmark still runs and prints every line with its range. What it measures is shown by
behaviour elsewhere (the plans in test_postgres_search.py), never by timing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

LESSON = Path(__file__).resolve().parent.parent


def test_benchmark_prints_every_variant_with_its_range(postgres_url: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/bench_search.py",
            "--products",
            "400",
            "--repeats",
            "2",
            "--rounds",
            "1",
        ],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "SHOPSEARCH_POSTGRES_URL": postgres_url,
            "SHOPSEARCH_SCHEMA_PREFIX": "t_",
        },
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = re.findall(r"^(.+?)\s+[\d.]+\s+\[[\d.]+-[\d.]+\]\s+x[\d.]+$", done.stdout, re.M)
    assert [n.strip() for n in names] == [
        "ILIKE '%term%'",
        "full-text, GIN",
        "trigram, GIN",
        "page at row 380, OFFSET",
        "page at row 380, keyset",
    ]
