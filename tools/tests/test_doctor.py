"""The doctor, run as a learner runs it: `python3 tools/doctor.py`, as a real subprocess."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .services import require

DOCTOR = Path(__file__).parents[1] / "doctor.py"
RUNNING = ["postgres", "mysql", "redis", "rabbitmq"]


@dataclass
class Report:
    code: int
    stdout: str
    stderr: str

    def status(self, name: str) -> str:
        """The status word (OK, WARN, FAIL, SKIP) the doctor printed for one check."""
        for line in self.stdout.splitlines():
            words = line.split()
            if len(words) >= 2 and words[1] == name:
                return words[0]
        raise AssertionError(f"no line for {name!r} in:\n{self.stdout}")

    def fix(self, name: str) -> str:
        """The fix the doctor printed under the line for one check."""
        lines = self.stdout.splitlines()
        for index, line in enumerate(lines):
            if line.split()[1:2] == [name]:
                following = lines[index + 1].strip() if index + 1 < len(lines) else ""
                assert following.startswith("fix: "), f"no fix under {name!r}:\n{self.stdout}"
                return following.removeprefix("fix: ")
        raise AssertionError(f"no line for {name!r} in:\n{self.stdout}")


def doctor(*args: str, env: dict[str, str] | None = None) -> Report:
    done = subprocess.run(
        [sys.executable, str(DOCTOR), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return Report(done.returncode, done.stdout, done.stderr)


def closed_port() -> int:
    """A loopback port nothing listens on: bind it, note it, close it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def stranger() -> Iterator[int]:
    """A TCP server that is none of the course's services: it greets with an HTTP error."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=10)
    server.close()


@pytest.fixture
def fake_elasticsearch(request: pytest.FixtureRequest) -> Iterator[str]:
    """An HTTP server answering `GET /` the way Elasticsearch does, with a chosen version."""
    version: str = request.param
    body = json.dumps({"name": "fake", "version": {"number": version}}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.mark.parametrize("service", RUNNING)
def test_a_running_service_is_ok_and_exit_is_0(service: str) -> None:
    require(service)
    report = doctor("--only", service)
    assert report.status(service) == "OK", report.stdout
    assert report.code == 0, report.stdout


def test_every_service_this_machine_runs_is_ok_together() -> None:
    for service in RUNNING:
        require(service)
    report = doctor("--skip", "elasticsearch")
    assert [report.status(s) for s in RUNNING] == ["OK"] * len(RUNNING), report.stdout
    assert report.status("elasticsearch") == "SKIP"
    assert report.code == 0, report.stdout


@pytest.mark.parametrize("service", RUNNING)
def test_a_closed_port_fails_and_names_the_start_command(service: str) -> None:
    variable = {
        "postgres": ("COURSE_POSTGRES_URL", "postgresql://course:course@127.0.0.1:{}/course"),
        "mysql": ("COURSE_MYSQL_URL", "mysql://course:course@127.0.0.1:{}/course"),
        "redis": ("COURSE_REDIS_URL", "redis://127.0.0.1:{}/0"),
        "rabbitmq": ("COURSE_AMQP_URL", "amqp://course:course@127.0.0.1:{}/course"),
    }[service]
    report = doctor("--only", service, env={variable[0]: variable[1].format(closed_port())})
    assert report.code == 1
    assert report.status(service) == "FAIL"
    assert report.fix(service).startswith(f"docker compose up -d --wait {service}")


def test_another_program_on_the_port_is_told_apart_from_a_stopped_service(
    stranger: int,
) -> None:
    url = f"postgresql://course:course@127.0.0.1:{stranger}/course"
    report = doctor("--only", "postgres", env={"COURSE_POSTGRES_URL": url})
    assert report.code == 1
    assert report.status("postgres") == "FAIL"
    assert f"ss -ltnp 'sport = :{stranger}'" in report.fix("postgres")


def test_the_password_in_a_url_is_never_printed() -> None:
    url = f"postgresql://course:s3cret-pw@127.0.0.1:{closed_port()}/course"
    report = doctor("--only", "postgres", env={"COURSE_POSTGRES_URL": url})
    assert "s3cret-pw" not in report.stdout + report.stderr


@pytest.mark.parametrize(
    ("fake_elasticsearch", "status", "code"),
    [("8.19.10", "OK", 0), ("9.1.0", "FAIL", 1)],
    indirect=["fake_elasticsearch"],
)
def test_elasticsearch_major_must_match_the_course_client(
    fake_elasticsearch: str, status: str, code: int
) -> None:
    report = doctor("--only", "elasticsearch", env={"COURSE_ELASTICSEARCH_URL": fake_elasticsearch})
    assert report.status("elasticsearch") == status, report.stdout
    assert report.code == code


def test_real_elasticsearch_when_reachable() -> None:
    require("elasticsearch")
    report = doctor("--only", "elasticsearch")
    assert report.status("elasticsearch") == "OK", report.stdout


def bin_dir_with(tmp_path: Path, *tools: str) -> str:
    """A PATH holding only python3 and the named tools, as symlinks."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "python3").symlink_to(sys.executable)
    for tool in tools:
        found = shutil.which(tool)
        assert found, f"{tool} must be installed to run this test"
        (folder / tool).symlink_to(found)
    return str(folder)


def test_missing_uv_is_a_failure_with_the_install_command(tmp_path: Path) -> None:
    path = bin_dir_with(tmp_path)
    report = doctor("--only", "redis", "--skip", "redis", env={"PATH": path})
    assert report.code == 1
    assert report.status("uv") == "FAIL"
    assert "pip install" in report.fix("uv")


def test_missing_docker_is_only_a_warning(tmp_path: Path) -> None:
    path = bin_dir_with(tmp_path, "uv")
    report = doctor("--only", "redis", "--skip", "redis", env={"PATH": path})
    assert report.status("docker") == "WARN"
    assert report.code == 0, report.stdout


def test_usage_error_exits_2_with_usage_on_stderr_and_nothing_on_stdout() -> None:
    report = doctor("--only", "postgress")
    assert report.code == 2
    assert report.stdout == ""
    assert report.stderr.startswith("usage: doctor")
    assert "Traceback" not in report.stderr


def test_help_exits_0() -> None:
    report = doctor("--help")
    assert report.code == 0
    assert "--skip" in report.stdout
