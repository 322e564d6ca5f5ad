"""The limits of `http.server`, shown on the real thing."""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import httpx2 as httpx
import pytest

from httpserver.stdlib_server import make_server
from tests.procs import BIN, DEADLINE, open_gate, send_slow, start, wait_until


@pytest.fixture
def stdlib_server() -> Iterator[ThreadingHTTPServer]:
    server = make_server()
    # shutdown() waits for serve_forever's next poll: every 0.5 s by default
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()  # must come from another thread than serve_forever's
        server.server_close()
        thread.join(DEADLINE)


def _url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_stdlib_server_serves_json(stdlib_server: ThreadingHTTPServer) -> None:
    response = httpx.post(f"{_url(stdlib_server)}/echo", json={"a": 1}, timeout=DEADLINE)
    assert response.status_code == 200
    assert response.json() == {"echo": {"a": 1}}


def test_stdlib_server_bad_json_is_400_only_because_we_wrote_that(
    stdlib_server: ThreadingHTTPServer,
) -> None:
    response = httpx.post(f"{_url(stdlib_server)}/echo", content=b"{oops", timeout=DEADLINE)
    assert response.status_code == 400


def test_stdlib_server_spends_one_thread_per_open_connection(
    stdlib_server: ThreadingHTTPServer,
) -> None:
    """Idle connections that sent half a request line each hold a whole OS thread.

    `/healthz` counts the server's handler threads (its own included).
    """
    url = _url(stdlib_server)
    before = httpx.get(f"{url}/healthz", timeout=DEADLINE).json()["threads"]
    idle = [
        socket.create_connection(("127.0.0.1", stdlib_server.server_address[1]), timeout=DEADLINE)
        for _ in range(5)
    ]
    try:
        for sock in idle:
            sock.sendall(b"GET /healthz HT")  # and never the rest
        wait_until(
            lambda: httpx.get(f"{url}/healthz", timeout=DEADLINE).json()["threads"] >= before + 5,
            "one handler thread per idle connection",
        )
    finally:
        for sock in idle:
            sock.close()


def test_stdlib_server_dies_on_sigterm_and_drops_the_in_flight_request(tmp_path: Path) -> None:
    """No graceful shutdown: SIGTERM's default action ends the process mid-request."""
    server = start([str(BIN / "httpserver-stdlib"), "--port", "0"], tmp_path)
    try:
        flight = send_slow(server, "report", path="/slow/report")
        server.terminate()
        assert server.wait() == -signal.SIGTERM
        open_gate(server, "report")
        assert isinstance(flight.outcome(), httpx.TransportError)
    finally:
        server.close()
