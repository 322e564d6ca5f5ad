"""Real servers for the tests: an app in a uvicorn thread, or `shopwatch-serve` as a process."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import uvicorn
from fastapi import FastAPI

LESSON = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def wait_for(probe: Callable[[], T | None], what: str, deadline: float = 20.0) -> T:
    """Poll `probe` until it returns something other than None or False (bounds a hang)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = probe()
        if value is not None and value is not False:
            return value
        time.sleep(0.02)
    raise TimeoutError(f"gave up waiting for {what}")


@contextmanager
def serve_in_thread(app: FastAPI) -> Iterator[str]:
    """Run `app` (lifespan included) on a free loopback port; yield its base URL."""
    sock = socket.create_server(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        wait_for(lambda: server.started, "the server to start")
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()


def environment(**extra: str) -> dict[str, str]:
    """An explicit child environment: PATH, PYTHONPATH (a lab run's patched src/), and `extra`.
    Nothing else leaks in, least of all a developer's SHOPWATCH_* variables."""
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    env.update(extra)
    return env


def run_script(*args: str) -> str:
    """Run `python ARGS...` in the lesson folder; its stdout (it must exit 0)."""
    done = subprocess.run(
        [sys.executable, *args],
        cwd=LESSON,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class Service:
    """`shopwatch-serve SERVICE --port 0` as a child process; `url` once it listens."""

    def __init__(self, service: str, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "shopwatch.serve", service, "--port", "0"],
            cwd=LESSON,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # the first line, printed once the socket listens
        found = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if found is None:
            self.proc.kill()
            _, err = self.proc.communicate(timeout=20)
            raise AssertionError(f"shopwatch-serve did not start: {line!r} {err}")
        self.url = f"http://127.0.0.1:{found[1]}"

    def stop(self) -> int:
        """SIGTERM, wait for the drain; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
        return self.proc.returncode


@contextmanager
def running(service: str, env: dict[str, str]) -> Iterator[Service]:
    child = Service(service, env)
    try:
        yield child
    finally:
        child.stop()
