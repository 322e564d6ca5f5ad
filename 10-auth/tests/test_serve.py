"""`authdemo-serve` as a process: real signals once it listens, and the exit status each gets."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from authdemo import KeySet
from tests.procs import DEADLINE, Server
from tests.support import fresh_server


@pytest.fixture(autouse=True)
def sigint_default_in_parent() -> Iterator[None]:
    """A shell's background job (and some CI runners) start with SIGINT ignored, and a child
    inherits that: put Python's default back so the child gets what a terminal would send."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def stop(server: Server, signum: signal.Signals) -> tuple[int, str]:
    """Send `signum` to the listening server; its exit status and everything it logged."""
    server.proc.send_signal(signum)
    status = server.proc.wait(DEADLINE)
    while (line := server.lines.get(timeout=DEADLINE)) is not None:
        server.seen.append(line)
    return status, "\n".join(server.seen)


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGINT, -signal.SIGINT), (signal.SIGTERM, 0)],
    ids=["sigint-dies-by-the-signal", "sigterm-exits-0"],
)
def test_signal_drains_then_exits_quietly(
    tmp_path: Path, keys: KeySet, signum: signal.Signals, status: int
) -> None:
    """Ctrl-C ends the process by SIGINT (a shell sees 130 and stops its script); an
    orchestrator's SIGTERM exits 0. Both after uvicorn's drain, and neither with a traceback."""
    with fresh_server(tmp_path / "auth.db", keys) as server:
        got, log = stop(server, signum)
    assert got == status, log
    assert "Finished server process" in log  # uvicorn drained and shut down the app
    assert "Traceback" not in log
    assert "KeyboardInterrupt" not in log
