"""Exercises: un-skip one, make it pass (see README.md, "Exercises")."""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from deadlines import Deadline, DeadlineExceeded, get_quote
from deadlines.blackhole import blackhole


@pytest.mark.skip(reason="exercise 1: get_quote(min_attempt=...) skips attempts below a floor")
@pytest.mark.anyio
async def test_exercise_1_no_attempt_starts_with_less_than_the_floor(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="deadlines.client")
    options: dict[str, Any] = {"min_attempt": 0.15}  # a new keyword argument of get_quote
    with blackhole() as (host, port), pytest.raises(DeadlineExceeded) as caught:
        await get_quote(host, port, Deadline.after(0.5), attempt_timeout=0.4, attempts=3, **options)
    timed_out = [r for r in caplog.records if r.getMessage() == "attempt timed out"]
    assert [r.__dict__["budget"] for r in timed_out] == [0.4]  # ~0.1 s left: below the floor
    assert type(caught.value) is DeadlineExceeded  # not DependencyTimeout: never attempted


@pytest.mark.skip(reason="exercise 2: deadlines.subproc.run_with_deadline kills and reaps")
@pytest.mark.anyio
async def test_exercise_2_a_subprocess_past_its_deadline_is_killed_and_reaped(
    tmp_path: Path,
) -> None:
    subproc: Any = importlib.import_module("deadlines.subproc")
    pidfile = tmp_path / "pid"
    child = (  # writes its pid, then waits forever on something no input can end
        "import os, sys, threading; open(sys.argv[1], 'w').write(str(os.getpid())); "
        "threading.Event().wait()"
    )
    with pytest.raises(DeadlineExceeded) as caught:
        await subproc.run_with_deadline(
            [sys.executable, "-c", child, str(pidfile)], deadline=Deadline.after(2.0)
        )
    assert isinstance(caught.value.__cause__, TimeoutError)
    pid = int(pidfile.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone and reaped: a zombie would still accept signal 0


@pytest.mark.skip(reason="exercise 2: deadlines.subproc.run_with_deadline returns stdout")
@pytest.mark.anyio
async def test_exercise_2_a_subprocess_within_its_deadline_returns_its_output() -> None:
    subproc: Any = importlib.import_module("deadlines.subproc")
    out = await subproc.run_with_deadline(
        [sys.executable, "-c", "print('hi')"], deadline=Deadline.after(10.0)
    )
    assert out == b"hi\n"
