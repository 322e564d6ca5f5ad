"""How `httpserver-serve` ends, per the course's exit-code table, with real signals once it
listens: SIGTERM drains and exits 0; Ctrl-C (SIGINT) drains, then dies by SIGINT, quietly."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.procs import DEADLINE, Server, open_gate, send_slow, serve, wait_until


def test_idle_server_exits_0_on_sigterm(server: Server) -> None:
    assert httpx.get(f"{server.url}/healthz", timeout=DEADLINE).status_code == 200
    server.terminate()
    assert server.wait() == 0
    assert "lifespan.shutdown" in server.log


@pytest.fixture
def sigint_reaches_children() -> Iterator[None]:
    """A shell or CI runner may start us with SIGINT ignored, and children inherit that."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("sigint_reaches_children")
def test_ctrl_c_drains_then_dies_by_sigint_without_a_traceback(gate_dir: Path) -> None:
    """Ctrl-C drains like SIGTERM, then the process ends *by* SIGINT (a shell sees 130)."""
    server = serve(gate_dir)
    try:
        flight = send_slow(server, "report")
        server.proc.send_signal(signal.SIGINT)
        wait_until(lambda: not server.accepts_connections(), "the listening socket to close")
        server.wait_for_line("Waiting for connections to close")
        open_gate(server, "report")
        response = flight.outcome()
        assert isinstance(response, httpx.Response)
        assert response.status_code == 200
        assert server.wait() == -signal.SIGINT
        assert "lifespan.shutdown" in server.log
        assert "Traceback" not in server.log
        assert "KeyboardInterrupt" not in server.log
    finally:
        server.close()


@pytest.mark.usefixtures("sigint_reaches_children")
def test_ctrl_c_on_an_idle_server_dies_by_sigint_without_a_traceback(server: Server) -> None:
    assert httpx.get(f"{server.url}/healthz", timeout=DEADLINE).status_code == 200
    server.proc.send_signal(signal.SIGINT)
    assert server.wait() == -signal.SIGINT
    assert "lifespan.shutdown" in server.log
    assert "Traceback" not in server.log
