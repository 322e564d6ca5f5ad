"""The plain `uvicorn` CLI: it drains as well, but ends by the re-raised SIGTERM, and it
accepts `--timeout-graceful-shutdown 0`, which drops every in-flight request."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx2 as httpx

from tests.procs import BIN, Server, open_gate, send_slow, start, wait_until

UVICORN = [str(BIN / "uvicorn"), "httpserver.app:create_app", "--factory", "--port", "0"]


def _refuses_new_connections(server: Server) -> None:
    wait_until(lambda: not server.accepts_connections(), "the listening socket to close")


def test_broken_zero_graceful_timeout_cancels_in_flight_request(gate_dir: Path) -> None:
    """`--timeout-graceful-shutdown 0` does not mean "no timeout": it means "do not wait".

    The plain uvicorn CLI accepts it; the request is cancelled the moment shutdown starts.
    """
    server = start([*UVICORN, "--timeout-graceful-shutdown", "0"], gate_dir)
    try:
        flight = send_slow(server, "report")
        server.terminate()
        outcome = flight.outcome()  # no need to open the gate: it is cancelled at once
        lost = isinstance(outcome, httpx.TransportError) or (
            isinstance(outcome, httpx.Response) and outcome.status_code >= 500
        )
        assert lost, f"the request was not lost: {outcome!r}"
        assert server.wait() == -signal.SIGTERM
        assert "timeout graceful shutdown exceeded" in server.log
        assert (gate_dir / "report.cancelled").exists()
    finally:
        server.close()


def test_uvicorn_cli_drains_too_but_dies_by_the_re_raised_sigterm(gate_dir: Path) -> None:
    """The `uvicorn` CLI drains the same way; its exit status is -SIGTERM (shell: 143)."""
    server = start(UVICORN, gate_dir)
    try:
        flight = send_slow(server, "cli")
        server.terminate()
        _refuses_new_connections(server)
        open_gate(server, "cli")
        response = flight.outcome()
        assert isinstance(response, httpx.Response)
        assert response.status_code == 200
        assert server.wait() == -signal.SIGTERM
    finally:
        server.close()
