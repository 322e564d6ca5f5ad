"""Server errors: every 5xx is logged with its exception and the request's ID; the handler
timeout answers 503 and cancels the work."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
import uvicorn
from fastapi import FastAPI

from httpserver import Settings, create_app
from tests.procs import DEADLINE, send_slow, serve, wait_until


class SecretLeakError(RuntimeError):
    """What a handler bug raises; its text must reach the log, never the client."""


def _app_with_failing_routes() -> FastAPI:
    app = create_app(Settings(handler_timeout=60))

    @app.get("/boom")
    async def boom() -> None:
        raise SecretLeakError("password=hunter2 in the driver's message")

    @app.get("/own-timeout")
    async def own_timeout() -> None:
        raise TimeoutError("the handler's own socket timed out")

    return app


@pytest.fixture
def base_url() -> Iterator[str]:
    """The app on a real uvicorn in a thread (no signal handlers there), on port 0."""
    config = uvicorn.Config(_app_with_failing_routes(), port=0, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started or not thread.is_alive(), "uvicorn to start")
    assert server.started
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(DEADLINE)


def test_unhandled_exception_is_a_500_logged_with_its_traceback_and_request_id(
    base_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="httpserver")
    response = httpx.get(f"{base_url}/boom", timeout=DEADLINE)
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert response.json() == {"detail": "internal server error", "request_id": request_id}
    assert "hunter2" not in response.text
    [record] = [r for r in caplog.records if r.name == "httpserver"]
    assert request_id in record.getMessage()
    assert record.exc_info is not None
    assert record.exc_info[0] is SecretLeakError


def test_a_timeout_error_the_handler_raises_is_a_500_not_a_handler_timeout(
    base_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Only the middleware's own deadline means 503; anything else is a bug to look at."""
    caplog.set_level(logging.ERROR, logger="httpserver")
    response = httpx.get(f"{base_url}/own-timeout", timeout=DEADLINE)
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "httpserver"]
    assert record.exc_info is not None
    assert record.exc_info[0] is TimeoutError
    assert response.headers["x-request-id"] in record.getMessage()


def test_handler_timeout_answers_503_and_cancels_the_handler(gate_dir: Path) -> None:
    """Go's `http.TimeoutHandler`, but the work stops too: the handler sees CancelledError.

    The gate is never opened: only the timeout can end this request.
    """
    server = serve(gate_dir, HTTPSERVER_HANDLER_TIMEOUT="1")
    try:
        outcome = send_slow(server, "stuck").outcome()
        assert isinstance(outcome, httpx.Response)
        assert outcome.status_code == 503
        assert outcome.headers["content-type"] == "application/json"
        # cancelled, not left running: its `except CancelledError` ran before the 503 went out
        assert (gate_dir / "stuck.cancelled").exists(), "the handler was left running"
        # the 503 is in the log with the exception and the ID the client got
        request_id = outcome.headers["x-request-id"]
        server.wait_for_line(f"request_id={request_id}")
        server.wait_for_line("TimeoutError")
        # and the server is fine afterwards
        assert httpx.get(f"{server.url}/healthz", timeout=DEADLINE).status_code == 200
    finally:
        server.close()
