"""`throttle-serve` as a real process: a bad limit fails startup with 78; SIGTERM drains and
exits 0; Ctrl-C drains and ends by SIGINT; the app's own log lines reach stderr."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys

import httpx2 as httpx
import pytest

from tests.conftest import SECRET
from tests.support import LESSON, child_env


def test_a_bad_limit_fails_startup_with_78_naming_every_bad_variable() -> None:
    env = child_env(
        THROTTLE_TOKEN_SECRET=SECRET,
        THROTTLE_LOGIN_RATE="0/min",
        THROTTLE_FREE_RATE="sixty a minute",
        THROTTLE_TRUSTED_PROXIES="10.0.0.0/8,the-load-balancer",
    )
    done = subprocess.run(
        [sys.executable, "-m", "throttle.serve", "--port", "0"],
        cwd=LESSON,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 78
    named = set(re.findall(r"^\s+(THROTTLE_\w+):", done.stderr, re.M))
    assert named == {"THROTTLE_LOGIN_RATE", "THROTTLE_FREE_RATE", "THROTTLE_TRUSTED_PROXIES"}
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGTERM, 0), (signal.SIGINT, -signal.SIGINT)],
    ids=["sigterm-drains-then-exits-0", "ctrl-c-drains-then-dies-by-sigint"],
)
def test_a_signal_drains_then_ends_the_server_as_the_course_says(
    redis_url: str, key_prefix: str, signum: signal.Signals, status: int
) -> None:
    env = child_env(
        THROTTLE_TOKEN_SECRET=SECRET, THROTTLE_REDIS_URL=redis_url, THROTTLE_KEY_PREFIX=key_prefix
    )
    with subprocess.Popen(
        [sys.executable, "-m", "throttle.serve", "--port", "0"],
        cwd=LESSON,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    ) as server:
        try:
            assert server.stderr is not None
            port = None
            for line in server.stderr:  # ends when the process does: no hang past a crash
                if found := re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", line):
                    port = int(found[1])
                    break
            assert port is not None, "the server never said where it listens"
            response = httpx.get(f"http://127.0.0.1:{port}/search?q=x", timeout=10)
            assert response.status_code == 200
            assert "RateLimit" in response.headers
            server.send_signal(signum)
            assert server.wait(timeout=30) == status
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()


def test_the_apps_own_log_lines_reach_stderr_through_the_servers_handler() -> None:
    """Redis refuses: `/search` fails open and the limiter logs a warning with its traceback.
    The line must come out as uvicorn's handler formats it (`WARNING:  ...`), not bare from
    Python's last-resort handler, which is all a logger without a handler gets."""
    with socket.socket() as refusing:  # bound, never listening: a connect is refused at once
        refusing.bind(("127.0.0.1", 0))
        redis_url = f"redis://127.0.0.1:{refusing.getsockname()[1]}/0"
        env = child_env(THROTTLE_TOKEN_SECRET=SECRET, THROTTLE_REDIS_URL=redis_url)
        with subprocess.Popen(
            [sys.executable, "-m", "throttle.serve", "--port", "0"],
            cwd=LESSON,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        ) as server:
            try:
                assert server.stderr is not None
                port = None
                for line in server.stderr:
                    if found := re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", line):
                        port = int(found[1])
                        break
                assert port is not None, "the server never said where it listens"
                response = httpx.get(f"http://127.0.0.1:{port}/search?q=x", timeout=10)
                server.send_signal(signal.SIGTERM)
                rest = server.stderr.read()
                assert server.wait(timeout=30) == 0
            finally:
                if server.poll() is None:
                    server.kill()
                    server.wait()
    assert response.status_code == 200  # failed open
    assert re.search(r"^WARNING: +rate limiter down, search fails open", rest, re.M), rest
    assert "ConnectionRefusedError" in rest  # exc_info: the cause, not only the message


def test_a_port_out_of_range_is_a_usage_error_naming_the_option() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "throttle.serve", "--port", "70000"],
        cwd=LESSON,
        env=child_env(THROTTLE_TOKEN_SECRET=SECRET),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("usage: throttle-serve")
    assert "argument --port" in done.stderr
    assert "Traceback" not in done.stderr
