"""The README's exercises. Remove a skip marker once you have done the exercise."""

from __future__ import annotations

from pathlib import Path

import httpx2 as httpx
import pytest

from httpserver import BodySizeLimit, Settings, create_app
from tests.procs import BIN, DEADLINE, open_gate, send_slow, serve, start


@pytest.mark.skip(reason="exercise 1: use FastAPI's own max_body_size instead of BodySizeLimit")
def test_exercise_1_app_uses_fastapis_built_in_body_limit(gate_dir: Path) -> None:
    app = create_app(Settings(max_body_bytes=1024))
    assert app.max_body_size == 1024
    middleware: list[object] = [m.cls for m in app.user_middleware]
    assert BodySizeLimit not in middleware
    server = serve(gate_dir, HTTPSERVER_MAX_BODY_BYTES="1024")
    try:
        response = httpx.post(f"{server.url}/notes", content=b"x" * 2048, timeout=DEADLINE)
        assert response.status_code == 413
    finally:
        server.close()


@pytest.mark.skip(reason="exercise 2: honour a client's shorter X-Request-Timeout")
def test_exercise_2_a_shorter_client_deadline_wins(gate_dir: Path) -> None:
    """The server allows 60 s; the client says it gives up after 0.5 s: 503 and cancelled."""
    server = serve(gate_dir, HTTPSERVER_HANDLER_TIMEOUT="60")
    try:
        flight = send_slow(server, "short", headers={"x-request-timeout": "0.5"})
        outcome = flight.outcome()
        assert isinstance(outcome, httpx.Response)
        assert outcome.status_code == 503
        assert (gate_dir / "short.cancelled").exists()
    finally:
        server.close()


@pytest.mark.skip(reason="exercise 2: a longer or malformed X-Request-Timeout changes nothing")
def test_exercise_2_a_longer_or_bad_client_deadline_is_ignored(gate_dir: Path) -> None:
    """Never longer than the server's own timeout, and never an error: a 503 at 0.5 s."""
    server = serve(gate_dir, HTTPSERVER_HANDLER_TIMEOUT="0.5")
    try:
        for i, value in enumerate(["3600", "-1", "0", "soon", "nan", "inf", "1e400", " 2 "]):
            flight = send_slow(server, f"long-{i}", headers={"x-request-timeout": value})
            outcome = flight.outcome()
            assert isinstance(outcome, httpx.Response), value
            assert outcome.status_code == 503, value
    finally:
        server.close()


@pytest.mark.skip(reason="exercise 3: make the stdlib server drain its requests on SIGTERM")
def test_exercise_3_stdlib_server_drains_on_sigterm(tmp_path: Path) -> None:
    server = start([str(BIN / "httpserver-stdlib"), "--port", "0"], tmp_path)
    try:
        flight = send_slow(server, "report", path="/slow/report")
        server.terminate()
        open_gate(server, "report")
        response = flight.outcome()
        assert isinstance(response, httpx.Response)
        assert response.status_code == 200
        assert server.wait() == 0
    finally:
        server.close()
