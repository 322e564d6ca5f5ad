"""The real service, in its own process on port 0: every line it writes is JSON, and the
fields an operator filters on are there (request_id, level, logger, status)."""

from __future__ import annotations

import signal
import socket
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.jsonlines import NotJsonLineError, events, json_lines
from tests.procs import BIN, DEADLINE, Server, controlled_env, request, start_server


@pytest.fixture
def server() -> Iterator[Server]:
    running = start_server(LOG_FORMAT="json")
    yield running
    running.close()


def test_every_line_is_json_and_carries_the_request_id(server: Server) -> None:
    port = server.wait_for_port()
    status, headers = request(port, "/orders/1", request_id="trace-7")
    assert status == 200
    assert headers["x-request-id"] == "trace-7"
    status, headers = request(port, "/orders/99")
    assert status == 404
    generated = headers["x-request-id"]
    stdout, stderr = server.stop()

    records = json_lines(stdout)  # raises on any line that is not JSON
    assert stderr == ""
    (fetched,) = events(records, "order.fetched")
    assert fetched["request_id"] == "trace-7"
    assert fetched["order_id"] == 1
    assert fetched["level"] == "info"
    assert fetched["logger"] == "applog.app"
    (missing,) = events(records, "order.not_found")
    assert missing["level"] == "warning"
    assert missing["request_id"] == generated
    finished = {r["request_id"]: r["status"] for r in events(records, "request.finished")}
    assert finished == {"trace-7": 200, generated: 404}
    assert all("timestamp" in r and "level" in r for r in records)


def test_uvicorn_and_library_stdlib_records_come_out_as_the_same_json(server: Server) -> None:
    port = server.wait_for_port()
    status, _ = request(port, "/geo?ip=10.1.2.3", request_id="geo-1")
    assert status == 200
    stdout, _ = server.stop()

    records = json_lines(stdout)
    loggers = {r["logger"] for r in records}
    assert "uvicorn.error" in loggers  # "Started server process", "Shutting down"...
    assert not any("color_message" in r for r in records)
    (library,) = [r for r in records if r["logger"] == "applog.thirdparty.polite_geo"]
    assert library["level"] == "warning"
    assert library["request_id"] == "geo-1"  # a stdlib logger, yet it has the contextvar


def test_login_payload_is_logged_with_the_secrets_redacted(server: Server) -> None:
    port = server.wait_for_port()
    body = {"username": "ann", "password": "hunter2", "meta": {"API-Key": "k-123"}}
    status, _ = request(port, "/login", body=body)
    assert status == 204
    stdout, _ = server.stop()

    (attempt,) = events(json_lines(stdout), "login.attempt")
    assert attempt["payload"] == {
        "username": "ann",
        "password": "[REDACTED]",
        "meta": {"API-Key": "[REDACTED]"},
    }
    assert "hunter2" not in stdout
    assert "k-123" not in stdout


def test_handler_crash_is_one_error_line_with_the_traceback_as_data(server: Server) -> None:
    port = server.wait_for_port()
    status, headers = request(port, "/boom", request_id="boom-1")
    assert status == 500
    assert headers["x-request-id"] == "boom-1"
    stdout, _ = server.stop()

    records = json_lines(stdout)
    errors = [r for r in records if r["level"] == "error"]
    assert len(errors) == 1  # logged once, by the middleware; uvicorn saw a handled request
    (failed,) = errors
    assert failed["event"] == "request.failed"
    assert failed["request_id"] == "boom-1"
    assert failed["exception"][0]["exc_type"] == "OrderLookupError"
    assert failed["exception"][0]["frames"][-1]["name"] == "router"


def test_concurrent_real_requests_each_log_their_own_id(server: Server) -> None:
    port = server.wait_for_port()
    ids = [f"c-{n}" for n in range(20)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda rid: request(port, "/orders/2", request_id=rid)[0], ids))
    assert statuses == [200] * 20
    stdout, _ = server.stop()

    records = json_lines(stdout)
    fetched = sorted(r["request_id"] for r in events(records, "order.fetched"))
    assert fetched == sorted(ids)


def test_console_format_is_for_people_not_collectors() -> None:
    running = start_server(LOG_FORMAT="console")
    try:
        port = running.wait_for_port()
        assert request(port, "/orders/1", request_id="dev-1")[0] == 200
        stdout, stderr = running.stop()
    finally:
        running.close()

    assert stderr == ""
    with pytest.raises(NotJsonLineError):
        json_lines(stdout)  # what a collector would meet if dev mode shipped to production
    (line,) = [line for line in stdout.splitlines() if "order.fetched" in line]
    assert "request_id=dev-1" in line
    assert "order_id=1" in line


def test_unknown_log_format_exits_78_naming_the_variable_before_anything_listens() -> None:
    done = subprocess.run(
        [str(BIN / "applog-serve"), "--port", "0"],
        env=controlled_env(LOG_FORMAT="jsno"),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert done.returncode == 78  # EX_CONFIG: fix the deployment, do not retry
    assert done.stdout == ""  # not even server.listening
    (line,) = done.stderr.splitlines()  # one line per bad variable, no traceback
    assert line.startswith("applog-serve: LOG_FORMAT: ")


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGTERM, 0), (signal.SIGINT, -signal.SIGINT)],
    ids=["SIGTERM-exits-0", "SIGINT-dies-by-SIGINT"],
)
def test_a_signal_drains_the_request_in_flight_then_stops_quietly(signum: int, status: int) -> None:
    """The orchestrator's SIGTERM and a developer's Ctrl-C both let the request in flight
    finish. Then SIGTERM exits 0, and SIGINT ends the process *by* SIGINT (what a shell
    expects of Ctrl-C) with no KeyboardInterrupt traceback."""
    server = start_server(LOG_FORMAT="json")
    try:
        port = server.wait_for_port()
        body = b'{"username": "ann", "password": "pw"}'
        with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as conn:
            conn.sendall(
                b"POST /login HTTP/1.1\r\nHost: test\r\nX-Request-ID: drain-1\r\n"
                b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body)
            )
            # uvicorn answers 100 Continue when the app first asks for the body: from here
            # on the request is in flight, inside the handler.
            assert conn.recv(1024).startswith(b"HTTP/1.1 100 Continue")
            server.proc.send_signal(signum)
            conn.sendall(body)
            answer = b""
            while chunk := conn.recv(4096):  # the server closes after a drained response
                answer += chunk
        stdout, stderr = server.collect()
    finally:
        server.close()

    assert answer.startswith(b"HTTP/1.1 204")
    assert server.proc.returncode == status
    assert stderr == ""  # no traceback, no "Aborted!"
    records = json_lines(stdout)  # every line still JSON, up to the last
    finished = events(records, "request.finished")
    assert [(f["request_id"], f["status"]) for f in finished] == [("drain-1", 204)]
    assert records[-1]["event"].startswith("Finished server process")


def test_port_in_use_is_one_error_line_and_exit_1() -> None:
    """A taken port is an operational error: one JSON error line an operator can alert on."""
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(BIN / "applog-serve"), "--port", str(port)],
            env=controlled_env(LOG_FORMAT="json"),
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            check=False,
        )
    assert (done.returncode, done.stderr) == (1, "")
    (line,) = json_lines(done.stdout)
    assert (line["event"], line["level"], line["port"]) == ("server.bind_failed", "error", port)
