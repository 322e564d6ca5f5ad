"""Test helpers: start the real server as a child process, read its log, talk raw HTTP."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

DEAD_DATABASE = "postgresql://course:course@127.0.0.1:9/course"  # port 9: nothing listens
LISTENING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


def environment(**variables: str) -> dict[str, str]:
    """A child's environment: PATH, PYTHONPATH (a lab run's patched src/) and `variables`.

    APP_SECRETS_DIR points nowhere unless given, so a developer's /run/secrets never leaks in.
    """
    return {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "APP_SECRETS_DIR": "/nonexistent",
        **variables,
    }


class LogReader:
    """Reads a child's stderr on a thread; `wait_for(pattern)` blocks until a line matches."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        assert proc.stderr is not None
        self._thread = threading.Thread(target=self._pump, args=(proc.stderr,), daemon=True)
        self._thread.start()

    def _pump(self, stream: Iterator[str]) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(
                    f"no line matching {pattern!r} within {timeout} s:\n{self.text()}"
                ) from None
            if line is None:
                raise AssertionError(f"the process ended before {pattern!r}:\n{self.text()}")
            self.lines.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def text(self) -> str:
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                return "".join(self.lines)
            if line is not None:
                self.lines.append(line)


@dataclass
class Server:
    proc: subprocess.Popen[str]
    log: LogReader
    port: int
    url: str = field(init=False)

    def __post_init__(self) -> None:
        self.url = f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> httpx.Response:
        return httpx.get(self.url + path, timeout=10)

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 20.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"still running {timeout} s after {sig.name}:\n{self.log.text()}"
            ) from None


@contextmanager
def running_server(env: dict[str, str]) -> Iterator[Server]:
    """`deployable-serve --port 0` as a child; yields once it listens; never outlives the test."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "deployable.serve", "--port", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        log = LogReader(proc)
        port = int(log.wait_for(LISTENING.pattern).group(1))
        yield Server(proc, log, port)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        if proc.stderr is not None:
            proc.stderr.close()


def run(
    args: list[str], env: dict[str, str], timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)


def poll(check: object, *, within: float = 20.0, every: float = 0.05) -> None:
    """Call `check()` until it returns True; fail after `within` seconds (a hang bound)."""
    deadline = time.monotonic() + within
    while not check():  # type: ignore[operator]  # any zero-argument callable
        if time.monotonic() > deadline:
            raise AssertionError(f"condition still false after {within} s")
        time.sleep(every)


class HeldRequest:
    """`POST /echo` sent with `Expect: 100-continue`: in flight, waiting for its body.

    uvicorn answers `100 Continue` the moment the app starts reading the body, so once
    `open()` returns the request is inside the app; `finish()` sends the body and reads the
    answer. A deterministic "request in flight" with no sleep.
    """

    BODY = b"hello"

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)

    def open(self) -> None:
        self.sock.sendall(
            b"POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n" % len(self.BODY)
        )
        interim = self.sock.recv(1024)
        assert interim.startswith(b"HTTP/1.1 100"), interim

    def finish(self) -> int | None:
        """Send the body; the final status code, or None if the connection died first."""
        try:
            self.sock.sendall(self.BODY)
            answer = b""
            while b"\r\n" not in answer:
                chunk = self.sock.recv(4096)
                if not chunk:
                    return None
                answer += chunk
        except OSError:
            return None
        finally:
            self.sock.close()
        return int(answer.split(b" ", 2)[1])
