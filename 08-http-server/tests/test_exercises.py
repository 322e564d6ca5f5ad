"""The README's exercises. Remove a skip marker once you have done the exercise."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from httpserver.stdlib_server import make_server
from tests.procs import BIN, DEADLINE, open_gate, send_slow, serve, start


@pytest.fixture
def stdlib_port() -> Iterator[int]:
    server = make_server()
    # shutdown() waits for serve_forever's next poll: every 0.5 s by default
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(DEADLINE)


@pytest.mark.skip(reason="exercise 1: the stdlib server refuses bodies it cannot frame or afford")
@pytest.mark.parametrize(
    ("header", "status"),
    [
        # over the 1 MiB limit: answered before a byte of the body is read
        pytest.param(b"Content-Length: 2000000\r\n", 413, id="too-large"),
        # rfile.read(-1) would read until the client closes
        pytest.param(b"Content-Length: -1\r\n", 400, id="negative"),
        pytest.param(b"Content-Length: ten\r\n", 400, id="not-a-number"),
        # http.server cannot decode chunks
        pytest.param(b"Transfer-Encoding: chunked\r\n", 411, id="chunked"),
        pytest.param(b"", 411, id="no-length"),
    ],
)
def test_exercise_1_stdlib_server_refuses_bodies_it_cannot_frame_or_afford(
    stdlib_port: int, header: bytes, status: int
) -> None:
    """Answered at once, with the connection closed: the body (if any) is never read."""
    with socket.create_connection(("127.0.0.1", stdlib_port), timeout=DEADLINE) as sock:
        sock.sendall(b"POST /echo HTTP/1.1\r\nHost: test\r\n" + header + b"\r\n")
        answer = b""
        while chunk := sock.recv(65536):  # returns b"" only once the server closes
            answer += chunk
    assert answer.startswith(f"HTTP/1.1 {status} ".encode())
    assert b"\r\nconnection: close\r\n" in answer.lower()


@pytest.mark.skip(reason="exercise 2: honour a client's shorter X-Request-Timeout")
def test_exercise_2_a_shorter_client_deadline_wins(gate_dir: Path) -> None:
    """The server allows 60 s; the client says it gives up after 1 s: 503 and cancelled."""
    server = serve(gate_dir, HTTPSERVER_HANDLER_TIMEOUT="60")
    try:
        response = httpx.post(
            f"{server.url}/lab/slow/short",
            headers={"x-request-timeout": "1"},
            timeout=DEADLINE,  # the gate is never opened: only a deadline can end it
        )
        assert response.status_code == 503
        assert (gate_dir / "short.cancelled").exists()
    finally:
        server.close()


@pytest.mark.skip(reason="exercise 2: a longer or malformed X-Request-Timeout changes nothing")
def test_exercise_2_a_longer_or_bad_client_deadline_is_ignored(gate_dir: Path) -> None:
    """Never longer than the server's own timeout, and never an error: a 503 at 0.2 s."""
    server = serve(gate_dir, HTTPSERVER_HANDLER_TIMEOUT="0.2")
    try:
        for value in ["3600", "-1", "0", "soon", "nan", "inf", "1e400"]:
            response = httpx.post(
                f"{server.url}/lab/slow/long",
                headers={"x-request-timeout": value},
                timeout=DEADLINE,
            )
            assert response.status_code == 503, value
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
