"""Graceful shutdown on SIGTERM, with real processes, real signals and real HTTP.

The staging in every test: a request blocks on a gate the test controls, the test sends
SIGTERM, checks that new connections are refused, opens the gate, and looks at what the
in-flight request got and how the process exited.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.procs import BIN, DEADLINE, Server, child_env, open_gate, send_slow, serve, wait_until


def _refuses_new_connections(server: Server) -> None:
    wait_until(lambda: not server.accepts_connections(), "the listening socket to close")


def test_fixed_sigterm_drains_in_flight_request_then_exits_0(server: Server) -> None:
    """uvicorn's own handler: stop accepting, finish the request, lifespan shutdown, exit 0."""
    flight = send_slow(server, "report")
    server.terminate()
    _refuses_new_connections(server)
    server.wait_for_line("Waiting for connections to close")
    assert server.proc.poll() is None, "the server must wait for the in-flight request"

    open_gate(server, "report")

    response = flight.outcome()
    assert isinstance(response, httpx.Response)
    assert response.status_code == 200
    assert response.json() == {"name": "report", "notes": 0}
    assert server.wait() == 0
    # the lifespan shutdown ran (after the request: it closes the store the request used)
    assert "lifespan.shutdown" in server.log, server.log


def test_broken_eager_sigterm_handler_loses_in_flight_request(gate_dir: Path) -> None:
    """A custom SIGTERM handler that closes the store and calls sys.exit(0).

    The request is cut off (500 from the cancelled task), the lifespan shutdown never runs,
    and the exit status is still 0: nothing looks wrong from outside.
    """
    server = serve(gate_dir, HTTPSERVER_LAB="eager-exit")
    try:
        flight = send_slow(server, "report")
        server.terminate()
        _refuses_new_connections(server)
        open_gate(server, "report")

        outcome = flight.outcome()
        lost = isinstance(outcome, httpx.TransportError) or (
            isinstance(outcome, httpx.Response) and outcome.status_code >= 500
        )
        assert lost, f"the request was not lost: {outcome!r}"
        assert server.wait() == 0
        assert "Application shutdown complete" not in server.log
    finally:
        server.close()


@pytest.mark.parametrize("value", ["0", "-5", "soon"])
def test_fixed_graceful_timeout_below_1_is_a_usage_error(value: str) -> None:
    """`httpserver-serve` refuses the bound that drops every request, before it starts."""
    done = subprocess.run(
        [str(BIN / "httpserver-serve"), "--port", "0", "--graceful-timeout", value],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert done.returncode == 2
    assert "--graceful-timeout" in done.stderr
    assert "usage:" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_fixed_bound_cuts_a_stuck_request_and_still_runs_lifespan_shutdown(
    gate_dir: Path,
) -> None:
    """A request that never finishes cannot hold the process past the bound.

    Without a bound (uvicorn's default is None) the process would wait until the orchestrator's
    SIGKILL, and the lifespan shutdown would never run.
    """
    server = serve(gate_dir, "--graceful-timeout", "1")
    try:
        flight = send_slow(server, "stuck")
        server.terminate()
        _refuses_new_connections(server)
        outcome = flight.outcome()  # the gate is never opened
        assert isinstance(outcome, httpx.Response)
        assert outcome.status_code == 500
        assert server.wait() == 0
        assert "lifespan.shutdown" in server.log
        assert (gate_dir / "stuck.cancelled").exists()
        # the 500 is logged with its exception and the request's ID
        assert "cancelled: POST /lab/slow/stuck request_id=" in server.log
        assert "CancelledError" in server.log
    finally:
        server.close()
