"""The service fixtures themselves: an unreachable server skips with a helpful reason, or
fails the run when COURSE_REQUIRE_SERVICES lists it. Run as a real pytest subprocess against
a port where nothing listens."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bank.settings import skip_reason

LESSON = Path(__file__).parent.parent


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port bound but not listening: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def run_pytest(port: int, required: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COURSE_POSTGRES_URL": f"postgresql://course:s3cret@127.0.0.1:{port}/course",
        "COURSE_MYSQL_URL": f"mysql://course:s3cret@127.0.0.1:{port}/course",
        "COURSE_REQUIRE_SERVICES": required,
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "tests/test_crud.py::test_create_read_update_delete",
        ],
        cwd=LESSON,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_unreachable_servers_skip_naming_service_url_and_fix(closed_port: int) -> None:
    done = run_pytest(closed_port, required="")
    assert done.returncode == 0, done.stdout
    assert "6 skipped" in done.stdout
    url = f"postgresql://course:***@127.0.0.1:{closed_port}/course"
    assert f"postgres is not reachable at {url}" in done.stdout
    assert "docker compose up -d --wait postgres" in done.stdout
    assert "docker compose up -d --wait mysql" in done.stdout
    assert "s3cret" not in done.stdout  # the password never reaches a log


def test_unreachable_required_server_fails_the_run(closed_port: int) -> None:
    done = run_pytest(closed_port, required="postgres")
    assert done.returncode == 1, done.stdout
    assert "3 errors" in done.stdout  # postgres: setup fails; mysql: still a skip
    assert "3 skipped" in done.stdout
    assert "It is listed in COURSE_REQUIRE_SERVICES" in done.stdout


def test_readme_skip_reason_names_the_server_unless_it_is_required(
    closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's database blocks skip with this reason, or run (and fail) when required."""
    monkeypatch.setenv("COURSE_POSTGRES_URL", f"postgresql://course:x@127.0.0.1:{closed_port}/c")
    monkeypatch.delenv("COURSE_REQUIRE_SERVICES", raising=False)
    reason = skip_reason("postgres")
    assert reason.startswith(f"postgres is not reachable at 127.0.0.1:{closed_port}")
    assert "docker compose up -d --wait postgres" in reason
    monkeypatch.setenv("COURSE_REQUIRE_SERVICES", "mysql,postgres")
    assert skip_reason("postgres") == ""
