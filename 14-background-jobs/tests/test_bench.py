"""The benchmark still runs and prints every line with its range. What it measures is proven by
behaviour elsewhere (SKIP LOCKED in test_queue.py, Celery in test_celery.py), never by timing."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from pathlib import Path

from jobqueue import Settings
from tests.support import environment

LESSON = Path(__file__).resolve().parent.parent


def test_benchmark_prints_every_variant_with_its_range(
    settings: Settings, postgres_url: str
) -> None:
    name = f"t-{uuid.uuid4().hex}"  # its own schema t_<hex>, queue and prefix, removed after
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/bench_queue.py",
            *("--jobs", "5", "--repeats", "1", "--name", name),
        ],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environment(settings), "JOBQUEUE_POSTGRES_URL": postgres_url},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = re.findall(r"^(.+?)\s+[\d.]+\s+\[[\d.]+-[\d.]+\] (?:jobs/s|ms)$", done.stdout, re.M)
    assert names == [
        "SKIP LOCKED queue, 1 worker",
        "SKIP LOCKED queue, 2 workers",
        "SKIP LOCKED queue, 4 workers",
        "Celery, 1 worker process",
        "Celery enqueue (send_task)",
    ]
