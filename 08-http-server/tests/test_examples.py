"""`examples/03_sigterm_drain.py` when the server never listens: a clear message, exit 1, and
no server left behind."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.procs import DEADLINE, child_env

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "03_sigterm_drain.py"


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sigterm_drain", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_server_that_exits_before_listening_is_reported_with_what_it_printed() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)],
        env=child_env(HTTPSERVER_MAX_BODY_BYTES="64k"),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert done.returncode == 1
    assert "exited with 78 before listening" in done.stderr
    assert "HTTPSERVER_MAX_BODY_BYTES" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_server_that_never_listens_is_killed_at_the_deadline() -> None:
    """A child that hangs before listening: SystemExit at the deadline, and the child is gone.

    `sh` prints its PID at once, then becomes `sleep` (same PID, thanks to exec).
    """
    hangs = ["sh", "-c", "echo $$ >&2; exec sleep 3600"]
    log: list[str] = []
    with pytest.raises(SystemExit, match=r"did not listen within 1.0 s \(killed\)"):
        _example().start_server(hangs, child_env(), log, deadline=1.0)
    assert log, "the child did not even print its PID within the deadline"
    with pytest.raises(ProcessLookupError):  # killed, and reaped: not even a zombie
        os.kill(int(log[0]), 0)
