"""The README's exercises. Remove a skip marker once you have done the exercise."""

from __future__ import annotations

import subprocess
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


@pytest.mark.skip(reason="exercise 2: refuse --graceful-timeout 0 (and negatives) with exit 2")
def test_exercise_2_zero_graceful_timeout_is_a_usage_error() -> None:
    done = subprocess.run(
        [str(BIN / "httpserver-serve"), "--graceful-timeout", "0"],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert done.returncode == 2
    assert "--graceful-timeout" in done.stderr
    assert done.stdout == ""


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
