"""`authdemo-serve` as a process: real signals once it listens, and the exit status each gets."""

from __future__ import annotations

import json
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from authdemo import KeySet
from tests.procs import DEADLINE, Server, wait_until
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


SIGNALS = pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGINT, -signal.SIGINT), (signal.SIGTERM, 0)],
    ids=["sigint-dies-by-the-signal", "sigterm-exits-0"],
)


@SIGNALS
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


@SIGNALS
def test_a_request_in_flight_when_the_signal_arrives_is_answered(
    tmp_path: Path, keys: KeySet, signum: signal.Signals, status: int
) -> None:
    """Half a login body is sent, then the signal; the server says it is shutting down and
    waits; the rest of the body arrives, the request gets its answer, then the process ends."""
    body = json.dumps({"username": "mallory", "password": "wrong password"}).encode()
    head = (
        "POST /login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with fresh_server(tmp_path / "auth.db", keys) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=DEADLINE) as client:
            client.sendall(head + body[:10])
            # A whole request on a second connection: once it is answered, the server has
            # accepted and parsed the first one (one event loop, in order).
            jwks = httpx.get(f"{server.url}/.well-known/jwks.json", timeout=DEADLINE)
            assert jwks.status_code == 200
            server.proc.send_signal(signum)
            wait_until(lambda: "Waiting for connections to close" in server.log_so_far(), "drain")
            client.sendall(body[10:])
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
        got = server.proc.wait(DEADLINE)
        log = server.log_so_far()
    assert answer.startswith(b"HTTP/1.1 401 "), answer  # unknown user, answered in full
    assert got == status, log
