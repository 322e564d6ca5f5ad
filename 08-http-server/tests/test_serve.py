"""`httpserver-serve` startup: what happens when it cannot listen, or is misconfigured (a bad
variable, a port out of range); and `httpserver-stdlib`'s port range."""

from __future__ import annotations

import socket
import subprocess

from tests.procs import BIN, DEADLINE, child_env


def _serve(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "httpserver-serve"), *args],
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )


def test_port_in_use_exits_69_after_the_lifespan_closed_its_resources() -> None:
    """uvicorn runs the lifespan startup *before* binding, and returns (no exception) when
    the bind fails; `main()` turns "never started" into 69 (EX_UNAVAILABLE: try again later),
    and the lifespan shutdown has already closed the store."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = _serve("--port", str(taken.getsockname()[1]))
    assert done.returncode == 69
    assert done.stdout == ""
    assert "address already in use" in done.stderr
    assert done.stderr.index("lifespan.startup") < done.stderr.index("lifespan.shutdown")


def test_bad_settings_exit_78_naming_every_bad_variable_without_a_traceback() -> None:
    """Lesson 03's rule: every bad variable named, exit 78 (EX_CONFIG), nothing started."""
    done = _serve(
        "--port",
        "0",
        HTTPSERVER_MAX_BODY_BYTES="64k",
        HTTPSERVER_HANDLER_TIMEOUT="-1",
        HTTPSERVER_LAB="typo",
    )
    assert done.returncode == 78
    assert done.stdout == ""
    named = [line.split(":")[0].strip() for line in done.stderr.splitlines()[1:]]
    assert named == ["HTTPSERVER_MAX_BODY_BYTES", "HTTPSERVER_HANDLER_TIMEOUT", "HTTPSERVER_LAB"]
    assert "Traceback" not in done.stderr
    assert "Uvicorn running" not in done.stderr
    assert "lifespan.startup" not in done.stderr


def test_a_port_out_of_range_is_a_usage_error_naming_the_option() -> None:
    """Refused by the parser, before settings, the lifespan or a bind: exit 2, nothing ran."""
    done = _serve("--port", "70000")
    assert done.returncode == 2
    assert done.stderr.startswith("usage: httpserver-serve")
    assert "argument --port" in done.stderr
    assert "Traceback" not in done.stderr
    assert "lifespan.startup" not in done.stderr


def test_the_stdlib_server_refuses_a_port_out_of_range_as_a_usage_error() -> None:
    """The bare standard-library server keeps the same rule: exit 2, no traceback, no bind."""
    done = subprocess.run(
        [str(BIN / "httpserver-stdlib"), "--port", "70000"],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("usage: httpserver-stdlib")
    assert "argument --port: must be 0 to 65535, got 70000" in done.stderr
    assert "Traceback" not in done.stderr
    assert "serving on" not in done.stderr
