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
from tests.support import FakeClock


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
            [sys.executable, "-c", child, str(pidfile)], deadline=Deadline.after(3.0)
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


@pytest.mark.skip(reason="exercise 3: Deadline.to_header() and Deadline.from_header()")
def test_exercise_3_the_budget_crosses_a_hop_as_what_is_left(clock: FakeClock) -> None:
    sender: Any = Deadline.after(2.0, clock=clock)
    clock.advance(0.7505)
    header = sender.to_header()
    assert header == "1249"  # whole milliseconds left, rounded down: never promise more

    receiving: Any = Deadline  # the next service, with a clock of its own
    their_clock = FakeClock(start=50.0)
    received = receiving.from_header(header, clock=their_clock, limit=30.0)
    assert received.clock is their_clock
    assert received.remaining() == pytest.approx(1.249)
    # A caller cannot buy more time than this service allows for a request.
    assert receiving.from_header("3600000", clock=their_clock, limit=30.0).remaining() == 30.0
    for bad in ("", "-5", "1.5", "soon", "1e3", " 12"):
        with pytest.raises(ValueError, match="header"):  # the error names the header
            receiving.from_header(bad, clock=their_clock, limit=30.0)
