"""Start real server processes on port 0, hold requests on a gate, send real signals."""

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx

BIN = Path(sys.executable).parent  # the venv's bin/, where the console scripts live
DEADLINE = 20.0  # bounds a hang; never measures speed
RUNNING = re.compile(r"(?:Uvicorn running on|serving on) http://127\.0\.0\.1:(\d+)")


def wait_until(check: Callable[[], bool], what: str, deadline: float = DEADLINE) -> None:
    """Poll `check` until it is true; fail with `what` after `deadline` seconds."""
    end = time.monotonic() + deadline
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {deadline} s waiting for {what}")
        time.sleep(0.01)


@dataclass
class Server:
    """A running server process; a thread copies its stderr lines into `lines`."""

    proc: subprocess.Popen[str]
    gate_dir: Path | None
    lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_for_port(self) -> int:
        """Read stderr until uvicorn says where it listens; that is the real port."""
        while True:
            line = self.lines.get(timeout=DEADLINE)
            assert line is not None, f"exited {self.proc.wait(DEADLINE)} before listening"
            self.seen.append(line)
            if (found := RUNNING.search(line)) is not None:
                self.port = int(found[1])
                return self.port

    def wait_for_line(self, text: str) -> None:
        """Read stderr until a line contains `text`."""
        while not any(text in line for line in self.seen):
            line = self.lines.get(timeout=DEADLINE)
            assert line is not None, f"exited before logging {text!r}:\n{self.log}"
            self.seen.append(line)

    def terminate(self) -> None:
        """SIGTERM, as an orchestrator sends it."""
        self.proc.send_signal(signal.SIGTERM)

    def wait(self) -> int:
        """Wait for the exit status, then drain stderr into `seen`."""
        status = self.proc.wait(DEADLINE)
        while (line := self.lines.get(timeout=DEADLINE)) is not None:
            self.seen.append(line)
        return status

    @property
    def log(self) -> str:
        return "\n".join(self.seen)

    def accepts_connections(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=DEADLINE):
                return True
        except ConnectionRefusedError:
            return False

    def close(self) -> None:
        """Kill the process if a test left it running, and close its pipes."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(DEADLINE)
        if self.proc.stderr is not None:
            self.proc.stderr.close()


def child_env(**env: str) -> dict[str, str]:
    """This process's environment without any HTTPSERVER_* a developer set, plus `env`.

    (Inherited, not just PATH: tests/labs.py runs a patched copy with PYTHONPATH set.)
    """
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("HTTPSERVER_")}
    return {**inherited, **env}


def start(command: list[str], gate_dir: Path | None, **env: str) -> Server:
    """Start `command` with stderr piped; wait until it listens.

    With `gate_dir`, the lab route that waits on a gate file is mounted.
    """
    full_env = child_env(**env)
    if gate_dir is not None:
        full_env["HTTPSERVER_GATE_DIR"] = str(gate_dir)
    proc = subprocess.Popen(
        command, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    server = Server(proc, gate_dir)

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            server.lines.put(line.rstrip("\n"))
        server.lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    server.wait_for_port()
    return server


def serve(gate_dir: Path | None, *args: str, **env: str) -> Server:
    """The programmatic server, `httpserver-serve`, on a free port.

    The handler timeout is 60 s unless a test sets it: a gated request must wait for its
    gate, not for a loaded machine (the production default, 10 s, is in `Settings`).
    """
    env.setdefault("HTTPSERVER_HANDLER_TIMEOUT", "60")
    return start([str(BIN / "httpserver-serve"), "--port", "0", *args], gate_dir, **env)


@dataclass
class InFlight:
    """A request sent from a thread; `result` is its response or the exception it raised."""

    thread: threading.Thread
    result: list[httpx.Response | Exception] = field(default_factory=list)

    def outcome(self) -> httpx.Response | Exception:
        self.thread.join(DEADLINE)
        assert not self.thread.is_alive(), "the in-flight request never finished"
        return self.result[0]


def send_slow(
    server: Server, name: str, path: str = "", headers: dict[str, str] | None = None
) -> InFlight:
    """POST /lab/slow/<name> (or `path`) from a thread; return once the handler has started."""
    path = path or f"/lab/slow/{name}"
    flight = InFlight(threading.Thread())

    def run() -> None:
        try:
            flight.result.append(
                httpx.post(f"{server.url}{path}", headers=headers, timeout=DEADLINE)
            )
        except Exception as exc:  # the test inspects it
            flight.result.append(exc)

    flight.thread = threading.Thread(target=run, daemon=True)
    flight.thread.start()
    assert server.gate_dir is not None, "start the server with a gate_dir"
    started = server.gate_dir / f"{name}.started"
    wait_until(started.exists, f"{started} (the handler to start)")
    return flight


def open_gate(server: Server, name: str) -> None:
    assert server.gate_dir is not None, "start the server with a gate_dir"
    (server.gate_dir / f"{name}.open").touch()
