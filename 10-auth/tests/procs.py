"""Start `authdemo-serve` as a real process on port 0 and read the port it got."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent  # the venv's bin/, where the console scripts live
DEADLINE = 20.0  # bounds a hang; never measures speed
RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


def wait_until(check: Callable[[], bool], what: str, deadline: float = DEADLINE) -> None:
    """Poll `check` until it is true; fail with `what` after `deadline` seconds."""
    end = time.monotonic() + deadline
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {deadline} s waiting for {what}")
        time.sleep(0.01)


@dataclass
class Server:
    """A running server; a thread copies its stderr lines into `lines`."""

    proc: subprocess.Popen[str]
    lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_for_port(self) -> int:
        while True:
            line = self.lines.get(timeout=DEADLINE)
            assert line is not None, f"exited {self.proc.wait(DEADLINE)} before listening"
            self.seen.append(line)
            if (found := RUNNING.search(line)) is not None:
                self.port = int(found[1])
                return self.port

    def log_so_far(self) -> str:
        """Everything the server has logged until now (without waiting for more)."""
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return "\n".join(self.seen)
            if line is not None:
                self.seen.append(line)

    def close(self) -> None:
        """Kill the process if still running, and close its pipe."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(DEADLINE)
        if self.proc.stderr is not None:
            self.proc.stderr.close()


def minimal_env(**env: str) -> dict[str, str]:
    """`env` plus PATH, and PYTHONPATH if set: tests/labs.py runs a patched copy through it,
    and a server that dropped it would run the unpatched lesson."""
    keep = {name: os.environ[name] for name in ("PATH", "PYTHONPATH") if name in os.environ}
    return {**keep, **env}


def serve(**env: str) -> Server:
    """`authdemo-serve --port 0` with `env` (and PATH only) as its environment."""
    full_env = minimal_env(**env)
    proc = subprocess.Popen(
        [str(BIN / "authdemo-serve"), "--port", "0"],
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = Server(proc)

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            server.lines.put(line.rstrip("\n"))
        server.lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        server.wait_for_port()
    except BaseException:
        server.close()
        raise
    return server
