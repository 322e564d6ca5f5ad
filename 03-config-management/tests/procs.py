"""Start the real service processes with a controlled environment, and look at their ports."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent  # the venv's bin/, where the console scripts live
DEADLINE = 20.0  # bounds a hang; never measures speed


def controlled_env(**settings: str) -> dict[str, str]:
    """A subprocess environment with PATH and exactly the settings a test names.

    PYTHONPATH passes through when set: tests/labs.py runs these tests on a patched copy of
    src/, and without it the console script would import the unpatched original.
    """
    inherited = {name: os.environ[name] for name in ("PATH", "PYTHONPATH") if name in os.environ}
    return {**inherited, **settings}


def free_port() -> int:
    """A port that nothing listens on right now (the kernel picked it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def is_listening(port: int) -> bool:
    """True if something accepts a TCP connection on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


@dataclass
class Service:
    """A service process; a thread delivers its stdout lines through a queue (None = EOF)."""

    proc: subprocess.Popen[str]
    lines: queue.Queue[str | None] = field(default_factory=queue.Queue)

    def ready_port(self) -> int:
        """Wait for the ready line and return the port it names."""
        line = self.lines.get(timeout=DEADLINE)
        assert line is not None, f"exited {self.proc.wait(DEADLINE)} before its ready line"
        assert line.startswith("listening on http://127.0.0.1:"), line
        return int(line.rsplit(":", 1)[1])

    def stdout_lines(self) -> list[str]:
        """Every stdout line, once the process has exited."""
        self.proc.wait(DEADLINE)
        lines = []
        while (line := self.lines.get(timeout=DEADLINE)) is not None:
            lines.append(line)
        return lines

    def stderr(self) -> str:
        """All of stderr, once the process has exited."""
        self.proc.wait(DEADLINE)
        assert self.proc.stderr is not None
        return self.proc.stderr.read()


def start(script: str, env: dict[str, str], cwd: Path, *args: str) -> Service:
    """Start a console script of this package, with only `env`, in `cwd`."""
    proc = subprocess.Popen(
        [str(BIN / script), *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    service = Service(proc)

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            service.lines.put(line.rstrip("\n"))
        proc.stdout.close()
        service.lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return service


class Launcher:
    """Starts services in one directory and kills whatever a test left running."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.started: list[Service] = []

    def __call__(self, script: str, env: dict[str, str], *args: str) -> Service:
        service = start(script, env, self.cwd, *args)
        self.started.append(service)
        return service

    def close(self) -> None:
        for service in self.started:
            if service.proc.poll() is None:
                service.proc.kill()
                service.proc.wait(DEADLINE)
            if service.proc.stderr is not None:
                service.proc.stderr.close()
