"""Break it: state created once (a mutable default, a class-level list) leaks across requests."""

from __future__ import annotations

import http.client
import importlib
import json
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest

import basics.broken
from basics import SignupResult, fixed
from basics.server import Handler, serve_signup

LESSON = Path(__file__).resolve().parent.parent
ALICE = {"email": "alice-at-example.com", "password": "hunter"}  # two errors, one warning
BOB = {"email": "bob@example.com", "password": "correct-horse-battery-9"}  # valid, no warning


@pytest.fixture
def broken() -> Iterator[ModuleType]:
    """A freshly executed broken module: re-running the defs is the only reset there is."""
    yield importlib.reload(basics.broken)
    importlib.reload(basics.broken)


def post(base_url: str, body: bytes, path: str = "/signup") -> tuple[int, dict[str, object]]:
    parts = urlsplit(base_url)
    assert parts.hostname is not None
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("POST", path, body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def two_requests(handle: Handler) -> list[tuple[int, dict[str, object]]]:
    with serve_signup(handle) as base_url:
        return [post(base_url, json.dumps(form).encode()) for form in (ALICE, BOB)]


def test_broken_first_request_is_right_so_a_one_shot_script_never_shows_it(
    broken: ModuleType,
) -> None:
    result = broken.handle_signup(ALICE, "req-1")
    assert result.status == 422
    assert len(result.errors) == 2
    assert len(result.warnings) == 1


def test_broken_state_leaks_into_the_next_call(broken: ModuleType) -> None:
    first = broken.handle_signup(ALICE, "req-1")
    second = broken.handle_signup(BOB, "req-2")
    assert second.status == 422  # a valid signup, rejected
    assert second.errors == first.errors  # ...with Alice's errors
    assert second.warnings == first.warnings
    broken.handle_signup(ALICE, "req-3")
    assert len(broken.validate_signup.__defaults__[0]) == 4  # the default grows forever
    assert broken.RequestContext("a").warnings is broken.RequestContext("b").warnings


def test_broken_state_leaks_between_http_requests(broken: ModuleType) -> None:
    (status_1, body_1), (status_2, body_2) = two_requests(broken.handle_signup)
    assert status_1 == 422
    assert status_2 == 422  # Bob's valid form is answered with Alice's errors
    assert body_2["errors"] == body_1["errors"]
    assert body_2["warnings"] == body_1["warnings"]


def test_fixed_each_call_gets_its_own_state() -> None:
    first = fixed.handle_signup(ALICE, "req-1")
    second = fixed.handle_signup(BOB, "req-2")
    assert (first.status, len(first.errors), len(first.warnings)) == (422, 2, 1)
    assert (second.status, second.errors, second.warnings) == (201, (), ())
    assert fixed.RequestContext("a").warnings is not fixed.RequestContext("b").warnings


def test_fixed_no_leak_between_http_requests() -> None:
    (status_1, body_1), (status_2, body_2) = two_requests(fixed.handle_signup)
    assert status_1 == 422
    assert len(body_1["errors"]) == 2  # type: ignore[arg-type]  # JSON: a list here
    assert (status_2, body_2["errors"], body_2["warnings"]) == (201, [], [])


def test_fixed_holds_under_many_requests_in_any_order() -> None:
    with serve_signup(fixed.handle_signup) as base_url:
        for form in (BOB, ALICE, ALICE, BOB, ALICE, BOB):
            status, body = post(base_url, json.dumps(form).encode())
            assert status == (201 if form is BOB else 422)
            assert len(body["errors"]) == (0 if form is BOB else 2)  # type: ignore[arg-type]  # JSON list


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/signup", b"{not json", 400),
        ("/signup", b"\xff\xfe", 400),
        ("/signup", b'["a list"]', 400),
        ("/signup", b'{"email": 42}', 400),
        ("/login", b"{}", 404),
        ("/signup", b"x" * (64 * 1024 + 1), 413),
    ],
)
def test_server_answers_bad_input_with_a_client_error_and_keeps_serving(
    path: str, body: bytes, status: int
) -> None:
    with serve_signup(fixed.handle_signup) as base_url:
        got, answer = post(base_url, body, path)
        assert got == status
        assert isinstance(answer["error"], str)
        assert post(base_url, json.dumps(BOB).encode())[0] == 201


def raw_exchange(base_url: str, request: bytes) -> bytes:
    """Send raw bytes, read until the server closes the connection (or 10 s pass)."""
    parts = urlsplit(base_url)
    assert parts.hostname is not None
    assert parts.port is not None
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        (b"Content-Length: abc\r\n", 400),
        (b"Content-Length: -1\r\n", 400),  # rfile.read(-1) would wait for the client's EOF
        (b"", 411),
        (b"Transfer-Encoding: chunked\r\n", 501),  # the chunks would become a "request"
    ],
)
def test_server_refuses_a_body_it_cannot_frame_and_closes_the_connection(
    headers: bytes, status: int
) -> None:
    """One error response, then the server closes: leftover bytes are never parsed as a request."""
    request = b"POST /signup HTTP/1.1\r\nHost: t\r\n" + headers + b"\r\n2\r\n{}\r\n0\r\n\r\n"
    with serve_signup(fixed.handle_signup) as base_url:
        received = raw_exchange(base_url, request)
        assert post(base_url, json.dumps(BOB).encode())[0] == 201
    assert received.startswith(f"HTTP/1.1 {status} ".encode())
    assert received.count(b"HTTP/1.") == 1
    assert b"\r\nConnection: close\r\n" in received


def test_server_keeps_a_good_connection_alive_and_closes_after_an_early_error() -> None:
    """A 404 is answered before the body is read, so that connection must not be reused."""
    with serve_signup(fixed.handle_signup) as base_url:
        split = urlsplit(base_url)
        connection = http.client.HTTPConnection(split.hostname or "", split.port, timeout=10)
        try:
            for _ in range(2):  # keep-alive: two requests on one connection
                connection.request("POST", "/signup", json.dumps(BOB).encode())
                response = connection.getresponse()
                assert (response.status, response.will_close) == (201, False)
                response.read()
            connection.request("POST", "/login", b"{}")
            response = connection.getresponse()
            assert (response.status, response.will_close) == (404, True)
        finally:
            connection.close()


def test_server_answers_500_and_logs_the_traceback_when_the_handler_fails(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def failing(form: Mapping[str, str], request_id: str) -> SignupResult:
        raise KeyError(form.get("email"))

    with serve_signup(failing) as base_url:
        status, body = post(base_url, json.dumps(BOB).encode())
    assert status == 500
    assert set(body) == {"error"}
    [record] = [r for r in caplog.records if r.name == "basics.server"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert record.exc_info[0] is KeyError


def test_ruff_flags_the_broken_version() -> None:
    """B006 and RUF012 catch both bugs; pyproject.toml silences them for broken.py only."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",  # ignore pyproject.toml, so its per-file-ignores do not apply
            "--select",
            "B006,RUF012",
            "--output-format",
            "json",
            "src/basics/broken.py",
            "src/basics/fixed.py",
        ],
        cwd=LESSON,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 1, done.stderr
    found = {(Path(d["filename"]).name, d["code"]) for d in json.loads(done.stdout)}
    assert found == {("broken.py", "B006"), ("broken.py", "RUF012")}
