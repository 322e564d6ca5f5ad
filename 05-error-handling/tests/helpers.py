"""Run the lesson's console script as a real process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

LESSON = Path(__file__).resolve().parents[1]


def accounts_script() -> str:
    """The installed console script, from the same venv as this interpreter."""
    found = shutil.which("accounts", path=str(Path(sys.executable).parent))
    assert found is not None, "run `uv sync`: the accounts script is not installed"
    return found


def run_cli(*args: str, db: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run ``accounts --db DB ARGS...`` as a real process; stdout and stderr kept apart."""
    return subprocess.run(
        [accounts_script(), "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
        cwd=LESSON,
        check=False,
    )
