"""Test helpers shared by several files."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

LESSON = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """A child's environment: PATH, PYTHONPATH (a lab run puts the patched src/ there, and the
    lesson root so `-m tests.x` imports), and only the THROTTLE_* variables given."""
    paths = [p for p in (os.environ.get("PYTHONPATH", ""), str(LESSON)) if p]
    return {"PATH": os.environ["PATH"], "PYTHONPATH": os.pathsep.join(paths), **extra}


async def until(condition: Callable[[], bool], *, within: float = 10.0) -> None:
    """Yield to the loop until `condition()` holds; fail after `within` seconds (a hang bound)."""
    async with asyncio.timeout(within):
        # ASYNC110: the counters belong to the code under test and to a real server; this only
        # yields to the loop, it never waits for time to pass.
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.001)
