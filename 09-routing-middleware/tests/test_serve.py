"""`routing-serve` stops as the course's exit table says, tested with real signals once it
listens: SIGTERM drains and exits 0; SIGINT (Ctrl-C) drains and ends *by* SIGINT, with no
traceback; a port that is taken is 69."""

from __future__ import annotations

import signal
import socket
import subprocess
from collections.abc import Iterator

import httpx2 as httpx
import pytest

from tests.procs import BIN, DEADLINE, Server, serve
from tests.support import ALICE, ROOMY_ENV

EXIT_UNAVAILABLE = 69


@pytest.fixture(autouse=True)
def default_sigint_in_the_parent() -> Iterator[None]:
    """A child inherits an ignored SIGINT (shells start background jobs that way): undo it."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def stop(server: Server, signum: signal.Signals) -> tuple[int, str]:
    """Send `signum` to a server that answered a request; its exit status and whole stderr."""
    with httpx.Client(base_url=server.url, timeout=DEADLINE) as http:
        assert http.get("/v1/items/1", headers=ALICE).status_code == 200
    server.proc.send_signal(signum)
    status = server.proc.wait(DEADLINE)
    while (line := server.lines.get(timeout=DEADLINE)) is not None:
        server.seen.append(line)
    return status, server.log


def test_sigterm_drains_and_exits_0() -> None:
    server = serve(**ROOMY_ENV)
    try:
        status, log = stop(server, signal.SIGTERM)
    finally:
        server.close()
    assert status == 0, log
    assert "Finished server process" in log
    assert "Traceback" not in log


def test_sigint_drains_then_dies_by_sigint_without_a_traceback() -> None:
    server = serve(**ROOMY_ENV)
    try:
        status, log = stop(server, signal.SIGINT)
    finally:
        server.close()
    assert status == -signal.SIGINT, log  # a shell shows 130
    assert "Finished server process" in log, "uvicorn's shutdown ran first"
    assert "Traceback" not in log
    assert "KeyboardInterrupt" not in log


def test_a_port_that_is_taken_exits_69() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(BIN / "routing-serve"), "--port", str(port)],
            env={"PATH": BIN.as_posix(), **ROOMY_ENV},
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            check=False,
        )
    assert done.returncode == EXIT_UNAVAILABLE, done.stderr
    assert "address already in use" in done.stderr
    assert "Traceback" not in done.stderr
