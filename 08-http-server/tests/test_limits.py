"""What uvicorn limits (connections, idle keep-alive) and what it does not (slow headers)."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx2 as httpx

from tests.procs import DEADLINE, Server, open_gate, send_slow, serve, wait_until


def _read_until_closed(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def test_limit_concurrency_answers_503_instead_of_queueing(gate_dir: Path) -> None:
    """`--limit-concurrency 2`: uvicorn counts open connections, this one included.

    One request in flight plus a new connection reaches 2, so the new request gets 503 at once.
    (So `--limit-concurrency 1` serves nothing at all: every request would be the first.)
    """
    server = serve(gate_dir, "--limit-concurrency", "2")
    try:
        flight = send_slow(server, "busy")
        refused = httpx.get(f"{server.url}/healthz", timeout=DEADLINE)
        assert refused.status_code == 503
        assert refused.headers["content-type"].startswith("text/plain")  # as the schema says

        open_gate(server, "busy")
        done = flight.outcome()
        assert isinstance(done, httpx.Response)
        assert done.status_code == 200
        # Capacity comes back once the server has seen the first connection close.
        wait_until(
            lambda: httpx.get(f"{server.url}/healthz", timeout=DEADLINE).status_code == 200,
            "a 200 once the in-flight connection has closed",
        )
    finally:
        server.close()


def test_idle_keep_alive_connection_is_closed_by_the_server(gate_dir: Path) -> None:
    """After a response, an idle connection is closed after `--keep-alive` seconds."""
    server = serve(gate_dir, "--keep-alive", "1")
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=DEADLINE) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
            data = _read_until_closed(sock)  # returns only when the server closes
        assert data.startswith(b"HTTP/1.1 200 OK")
    finally:
        server.close()


def test_slow_headers_are_not_timed_out_by_uvicorn(gate_dir: Path) -> None:
    """A client that never finishes its headers keeps its connection; keep-alive does not apply.

    Ordering, not timing: a keep-alive connection opened *after* the slow one is closed by the
    server first, and the slow one is still served when it finally finishes its headers.
    This is why a reverse proxy with a header timeout belongs in front of uvicorn.
    """
    server = serve(gate_dir, "--keep-alive", "1")
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=DEADLINE) as slow:
            slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: te")  # ...and stalls
            with socket.create_connection(("127.0.0.1", server.port), timeout=DEADLINE) as idle:
                idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
                assert _read_until_closed(idle).startswith(b"HTTP/1.1 200 OK")
            slow.sendall(b"st\r\nConnection: close\r\n\r\n")
            assert _read_until_closed(slow).startswith(b"HTTP/1.1 200 OK")
    finally:
        server.close()


def test_connections_are_refused_after_shutdown(server: Server) -> None:
    assert server.accepts_connections()
    server.terminate()
    assert server.wait() == 0
    assert not server.accepts_connections()


def test_headers_over_16_kib_get_uvicorns_own_400_and_a_closed_connection(server: Server) -> None:
    """`h11_max_incomplete_event_size` (16 KiB): a size limit on the request head, not a time.

    The answer comes from uvicorn, before the app: `text/plain`, not in any route's schema.
    """
    with socket.create_connection(("127.0.0.1", server.port), timeout=DEADLINE) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\nX-Big: " + b"a" * 20_000 + b"\r\n")
        answer = _read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"content-type: text/plain" in answer.lower()
