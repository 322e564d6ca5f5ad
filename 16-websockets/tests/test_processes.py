"""Real server processes: two of them share rooms through Redis; signals; exit codes."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from roomchat import Settings
from tests.conftest import bearer
from tests.support import LogReader, environment, next_message

SERVE = [sys.executable, "-c", "from roomchat.serve import main; main()"]


@contextmanager
def server_process(env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Start `roomchat-serve`; yield (process, ws URL) once it listens; never outlive the test."""
    proc = subprocess.Popen(SERVE, env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = LogReader(proc).wait_for("listening on")
        yield proc, line.strip().rsplit(" ", 1)[1].replace("http://", "ws://")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        assert proc.stderr is not None
        proc.stderr.close()


@pytest.mark.anyio
async def test_fixed_a_message_sent_to_a_reaches_a_client_on_b(settings: Settings) -> None:
    env = environment(settings)
    with server_process(env) as (_, url_a), server_process(env) as (_, url_b):
        async with (
            connect(f"{url_a}/ws/lobby", additional_headers=bearer("ada")) as on_a,
            connect(f"{url_b}/ws/lobby", additional_headers=bearer("bob")) as on_b,
        ):
            await on_a.send("across processes")
            got = await next_message(on_b, within=5)  # milliseconds through Redis; 5 s bounds it
    assert (got["user"], got["text"]) == ("ada", "across processes")


@pytest.mark.anyio
async def test_sigterm_closes_clients_with_1001_and_exits_0(settings: Settings) -> None:
    with server_process(environment(settings)) as (proc, url):
        async with connect(f"{url}/ws/lobby", additional_headers=bearer()) as ws:
            await ws.send("hello")
            await next_message(ws)  # the session is running
            proc.send_signal(signal.SIGTERM)
            with pytest.raises(ConnectionClosed):
                await next_message(ws)
        assert ws.close_code == 1001
        assert proc.wait(timeout=20) == 0


def test_sigint_closes_then_dies_by_sigint(settings: Settings) -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a child must not inherit SIG_IGN
    with server_process(environment(settings)) as (proc, _):
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == -signal.SIGINT


def test_bad_settings_exit_78_naming_every_variable(settings: Settings) -> None:
    env = environment(settings, ROOMCHAT_SEND_QUEUE="0")
    del env["ROOMCHAT_SECRET"]
    done = subprocess.run(SERVE, env=env, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 78
    assert "ROOMCHAT_SECRET" in done.stderr
    assert "ROOMCHAT_SEND_QUEUE" in done.stderr
    assert "Traceback" not in done.stderr


def test_redis_down_exits_69(settings: Settings) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # bound, not listening: connections are refused
        env = environment(settings, ROOMCHAT_REDIS_URL=f"redis://127.0.0.1:{port}/0")
        done = subprocess.run(
            SERVE, env=env, capture_output=True, text=True, timeout=30, check=False
        )
    assert done.returncode == 69, done.stderr
    assert "redis" in done.stderr


def test_a_port_in_use_exits_69(settings: Settings) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        env = environment(settings, ROOMCHAT_PORT=str(taken.getsockname()[1]))
        done = subprocess.run(
            SERVE, env=env, capture_output=True, text=True, timeout=30, check=False
        )
    assert done.returncode == 69, done.stderr
    assert "cannot listen" in done.stderr
