"""Test helpers shared by several files."""

from __future__ import annotations

import os
from pathlib import Path

LESSON = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """A child's environment: PATH, PYTHONPATH (a lab run puts the patched src/ there, and the
    lesson root so `-m tests.x` imports), and only the THROTTLE_* variables given."""
    paths = [p for p in (os.environ.get("PYTHONPATH", ""), str(LESSON)) if p]
    return {"PATH": os.environ["PATH"], "PYTHONPATH": os.pathsep.join(paths), **extra}
