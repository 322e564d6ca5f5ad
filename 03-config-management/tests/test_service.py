"""The real service process: validate, then bind, then serve; exit codes as documented."""

from __future__ import annotations

import json
import signal
import socket
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from settings_demo import EXIT_CONFIG, EXIT_OK, EXIT_UNAVAILABLE
from settings_demo._signing import verify_link
from tests.procs import DEADLINE, Launcher, controlled_env, free_port, is_listening

SECRET = "s3cr3t-signing-key-that-must-never-be-printed"
VALID = {
    "SIGNER_ENV": "prod",
    "SIGNER_LINKS__BASE_URL": "https://files.example.com/",
    "SIGNER_SIGNING_KEY": SECRET,
}


def get(port: int, path: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=DEADLINE) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_invalid_config_exits_78_naming_every_setting_and_never_listens(
    launch: Launcher,
) -> None:
    port = free_port()
    env = controlled_env(
        SIGNER_ENV="prod",
        SIGNER_HTTP__PORT=str(port),
        SIGNER_LINKS__TTL="15min",
        SIGNER_SIGNING_KEY="change-me",
    )

    service = launch("settings-demo-serve", env)

    assert service.proc.wait(DEADLINE) == EXIT_CONFIG
    assert service.stdout_lines() == []  # no ready line: it never got that far
    stderr = service.stderr()
    for name in ("SIGNER_LINKS__BASE_URL", "SIGNER_LINKS__TTL", "SIGNER_SIGNING_KEY"):
        assert name in stderr
    assert "SIGNER_HTTP__PORT" not in stderr  # the valid one is not blamed
    assert not is_listening(port)


def test_invalid_config_is_detected_before_the_port_is_even_tried(launch: Launcher) -> None:
    """Hold the port ourselves: a service that bound first would fail with 69, not 78."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        env = controlled_env(SIGNER_ENV="prod", SIGNER_HTTP__PORT=str(port))

        service = launch("settings-demo-serve", env)

        assert service.proc.wait(DEADLINE) == EXIT_CONFIG


def test_valid_config_but_port_in_use_exits_69(launch: Launcher) -> None:
    """The control for the test above: binding first *would* have been noticed."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]

        service = launch(
            "settings-demo-serve", controlled_env(**VALID, SIGNER_HTTP__PORT=str(port))
        )

        assert service.proc.wait(DEADLINE) == EXIT_UNAVAILABLE
        assert service.stdout_lines() == []
        assert str(port) in service.stderr()


def test_valid_config_serves_signed_links_then_stops_on_sigterm(launch: Launcher) -> None:
    service = launch("settings-demo-serve", controlled_env(**VALID, SIGNER_HTTP__PORT="0"))
    port = service.ready_port()  # port 0 became a real port

    assert get(port, "/healthz") == (200, {"status": "ok", "env": "prod"})
    status, body = get(port, "/sign?path=/reports/q3.pdf")
    assert status == 200
    link = urlsplit(str(body["url"]))
    query = {name: values[0] for name, values in parse_qs(link.query).items()}
    assert f"{link.scheme}://{link.netloc}" == "https://files.example.com"
    assert verify_link(
        link.path, int(query["expires"]), query["sig"], SECRET.encode(), datetime.now(UTC)
    )
    assert get(port, "/sign?path=no-slash")[0] == 400
    status, config = get(port, "/config")
    assert status == 200
    assert config["signing_key"] == "**********"

    service.proc.send_signal(signal.SIGTERM)

    assert service.proc.wait(DEADLINE) == EXIT_OK
    assert not is_listening(port)
    stderr = service.stderr()
    assert "starting with Settings(" in stderr  # it did log its settings...
    assert SECRET not in stderr  # ...without the secret


def test_check_config_prints_redacted_settings_and_binds_nothing(launch: Launcher) -> None:
    port = free_port()
    service = launch(
        "settings-demo-serve",
        controlled_env(**VALID, SIGNER_HTTP__PORT=str(port)),
        "--check-config",
    )

    assert service.proc.wait(DEADLINE) == EXIT_OK
    effective = json.loads("\n".join(service.stdout_lines()))
    assert effective["http"]["port"] == port
    assert effective["signing_key"] == "**********"
    assert SECRET not in service.stderr()


def test_env_file_comes_from_the_working_directory_unless_disabled(
    launch: Launcher, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("SIGNER_LINKS__BASE_URL=https://from-dotenv.example/\n")

    found = launch("settings-demo-serve", controlled_env(), "--check-config")
    ignored = launch("settings-demo-serve", controlled_env(), "--check-config", "--no-env-file")

    assert found.proc.wait(DEADLINE) == EXIT_OK
    assert json.loads("\n".join(found.stdout_lines()))["links"]["base_url"] == (
        "https://from-dotenv.example/"
    )
    assert ignored.proc.wait(DEADLINE) == EXIT_CONFIG
    assert "SIGNER_LINKS__BASE_URL" in ignored.stderr()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--env-file", "x", "--no-env-file"], id="mutually-exclusive"),
        pytest.param(["--port", "80"], id="unknown-option"),
        pytest.param(["--env-file"], id="missing-value"),
        pytest.param(["serve"], id="unexpected-argument"),
    ],
)
def test_bad_command_line_exits_2_with_usage_and_reads_no_config(
    launch: Launcher, tmp_path: Path, args: list[str]
) -> None:
    """Usage comes first: even a broken .env is not read when the command line is wrong."""
    (tmp_path / ".env").write_text("SIGNER_HTTP__PORT=not-a-port\n")
    service = launch("settings-demo-serve", controlled_env(), *args)

    assert service.proc.wait(DEADLINE) == 2
    assert service.stdout_lines() == []
    stderr = service.stderr()
    assert stderr.startswith("usage: settings-demo-serve")
    assert "SIGNER_" not in stderr


def test_sigterm_the_moment_it_is_ready_stops_it_with_exit_0(launch: Launcher) -> None:
    """The SIGTERM handler is installed before the ready line: a quick supervisor is safe."""
    service = launch("settings-demo-serve", controlled_env(**VALID, SIGNER_HTTP__PORT="0"))
    port = service.ready_port()

    service.proc.send_signal(signal.SIGTERM)

    assert service.proc.wait(DEADLINE) == EXIT_OK
    assert not is_listening(port)
    assert "Traceback" not in service.stderr()


def test_sigterm_lets_a_request_in_flight_finish(launch: Launcher) -> None:
    """Drain: after SIGTERM the port closes, but a request already accepted is still answered."""
    service = launch("settings-demo-serve", controlled_env(**VALID, SIGNER_HTTP__PORT="0"))
    port = service.ready_port()
    with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as client:
        client.sendall(b"GET /healthz HTTP/1.0\r\n")  # half a request: its handler waits
        # Connections are accepted in order: once a later one is answered, ours was accepted.
        assert get(port, "/healthz")[0] == 200

        service.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + DEADLINE
        while is_listening(port):  # serve_forever has returned once the port is closed
            assert time.monotonic() < deadline, "still listening after SIGTERM"
        client.sendall(b"\r\n")  # finish the request
        answer = client.makefile("rb").read()

    assert answer.startswith(b"HTTP/1.0 200 ")
    assert service.proc.wait(DEADLINE) == EXIT_OK


def test_ctrl_c_closes_the_server_then_ends_by_sigint_without_traceback(
    launch: Launcher,
) -> None:
    """Ctrl-C: killed by SIGINT (a shell shows 130), as a calling script needs, and quiet."""
    service = launch("settings-demo-serve", controlled_env(**VALID, SIGNER_HTTP__PORT="0"))
    port = service.ready_port()
    assert get(port, "/healthz")[0] == 200

    service.proc.send_signal(signal.SIGINT)

    assert service.proc.wait(DEADLINE) == -signal.SIGINT
    assert not is_listening(port)
    stderr = service.stderr()
    assert "Traceback" not in stderr
    assert "KeyboardInterrupt" not in stderr


def test_settings_from_the_env_file_reach_the_handlers(launch: Launcher, tmp_path: Path) -> None:
    """The handlers use the validated Settings, whatever the source: here, only `.env`."""
    (tmp_path / ".env").write_text("".join(f"{name}={value}\n" for name, value in VALID.items()))
    service = launch("settings-demo-serve", controlled_env(SIGNER_HTTP__PORT="0"))
    port = service.ready_port()

    status, body = get(port, "/sign?path=/a.pdf")

    assert status == 200, body
    link = urlsplit(str(body["url"]))
    query = {name: values[0] for name, values in parse_qs(link.query).items()}
    assert verify_link(
        "/a.pdf", int(query["expires"]), query["sig"], SECRET.encode(), datetime.now(UTC)
    )
