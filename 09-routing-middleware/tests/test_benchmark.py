"""The benchmark runs, with small arguments, and its deterministic column says what the
README says. No time is asserted: on two loaded cores a timed ratio can flip."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.procs import DEADLINE

SCRIPT = Path(__file__).parent.parent / "benchmarks" / "bench_middleware.py"
LAYERS = 3


def test_base_http_middleware_starts_a_task_per_layer_per_request_and_pure_asgi_none() -> None:
    """The cost the README measures has a cause that can be counted: `call_next` runs the
    rest of the app in a new task, once per layer per request; a pure ASGI layer is an
    `await`. The count is the same on every machine, so the test checks it, not the times."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--layers", str(LAYERS), "--requests", "50", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=DEADLINE * 3,
        check=True,
    )
    rows = {}
    for line in done.stdout.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2].endswith("x"):
            rows[cells[0]] = cells
    assert set(rows) == {"no middleware", "pure ASGI (baseline)", "BaseHTTPMiddleware"}
    assert rows["pure ASGI (baseline)"][2] == "1.0x"
    for cells in rows.values():  # the spread is printed next to every median
        assert re.fullmatch(r"\d+\.\d \(\d+\.\d-\d+\.\d\)", cells[1]), cells[1]
    tasks = {name: float(cells[3]) for name, cells in rows.items()}
    assert tasks == {"no middleware": 0, "pure ASGI (baseline)": 0, "BaseHTTPMiddleware": LAYERS}
