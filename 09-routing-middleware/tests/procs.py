"""Start `routing-serve` as a real process on port 0 and read what it logs."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent  # the venv's bin/, where the console scripts live
DEADLINE = 20.0  # bounds a hang; never measures speed
RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


@dataclass
class Server:
    """A running server process; a thread copies its stderr lines into `lines`."""

    proc: subprocess.Popen[str]
    lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _next_line(self) -> str:
        line = self.lines.get(timeout=DEADLINE)
        assert line is not None, f"server exited ({self.proc.poll()}):\n{self.log}"
        self.seen.append(line)
        return line

    def wait_for_port(self) -> int:
        """Read stderr until uvicorn says where it listens; that is the real port."""
        while (found := RUNNING.search(self._next_line())) is None:
            pass
        self.port = int(found[1])
        return self.port

    def wait_for_line(self, text: str) -> str:
        """Read stderr until a line contains `text`; return that line."""
        while True:
            for line in self.seen:
                if text in line:
                    return line
            self._next_line()

    @property
    def log(self) -> str:
        return "\n".join(self.seen)

    def close(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL if it hangs) and close its pipe."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(DEADLINE)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(DEADLINE)
        if self.proc.stderr is not None:
            self.proc.stderr.close()


def serve(**env: str) -> Server:
    """`routing-serve --port 0` with `env` (ROUTING_* settings) and nothing else inherited.

    Except PYTHONPATH: tests/labs.py runs the tests in a patched copy of the lesson with the
    copy's src/ on it, and the server must run the code under test too.
    """
    inherited = {k: os.environ[k] for k in ("PATH", "PYTHONPATH") if k in os.environ}
    full_env = {**inherited, **env}
    proc = subprocess.Popen(
        [str(BIN / "routing-serve"), "--port", "0"],
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


@contextmanager
def serving(**env: str) -> Iterator[Server]:
    """`serve(**env)` for the length of a `with` block."""
    server = serve(**env)
    try:
        yield server
    finally:
        server.close()
