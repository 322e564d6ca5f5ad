"""Shutdown, against the real server process: readiness flips at SIGTERM and the pod keeps
serving through the drain pause, the request in flight is finished, and Ctrl-C ends it by
SIGINT. Each test starts its own server, since each signals it."""

from __future__ import annotations

import signal

import httpx

from tests.support import DEAD_DATABASE, HeldRequest, environment, running_server


def test_fixed_readiness_flips_at_sigterm_and_the_pod_keeps_serving() -> None:
    """SIGTERM while a load balancer still routes here: /readyz says "draining" at once, and a
    request that arrives during the pause is still answered. A second SIGTERM ends the pause."""
    env = environment(APP_DATABASE_URL=DEAD_DATABASE, APP_DRAIN_SECONDS="60")
    with running_server(env) as server:
        server.proc.send_signal(signal.SIGTERM)
        server.log.wait_for("shutdown started")
        # What comes next: the pause (fixed), or uvicorn closing its socket (no pause).
        after = server.log.wait_for("keeps serving|Shutting down").group(0)
        assert after == "keeps serving"
        ready = server.get("/readyz")
        assert (ready.status_code, ready.json()) == (503, {"status": "draining"})
        late = httpx.post(f"{server.url}/echo", content=b"late", timeout=10)
        assert late.json() == {"bytes": 4}  # the request routed here late still lands
        assert server.stop(signal.SIGTERM) == 0  # a second SIGTERM ends the pause


def test_sigterm_finishes_the_request_in_flight_then_exits_0() -> None:
    with running_server(environment(APP_DATABASE_URL=DEAD_DATABASE)) as server:
        held = HeldRequest(server.port)
        held.open()
        server.proc.send_signal(signal.SIGTERM)
        server.log.wait_for("shutdown started")
        assert held.finish() == 200
        assert server.proc.wait(timeout=20) == 0


def test_ctrl_c_ends_the_server_by_sigint_without_a_traceback() -> None:
    with running_server(environment(APP_DATABASE_URL=DEAD_DATABASE)) as server:
        assert server.stop(signal.SIGINT) == -signal.SIGINT
        assert "Traceback" not in server.log.text()
