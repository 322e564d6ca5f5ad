"""Start the real `applog-serve` and `applog-job` processes and read what they write."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent  # the venv's bin/, where the console scripts live
DEADLINE = 20.0  # bounds a hang; never measures speed
CONSOLE_PORT = re.compile(r"server\.listening\s.*\bport=(\d+)")


def controlled_env(**settings: str) -> dict[str, str]:
    """PATH plus exactly the settings a test names: no LOG_FORMAT from a developer's shell.

    PYTHONPATH passes through: tests/labs.py uses it to run a patched copy of src/.
    """
    keep = {name: os.environ[name] for name in ("PATH", "PYTHONPATH") if name in os.environ}
    return {**keep, **settings}


def run_job(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "applog-job"), *args],
        env=controlled_env(**env),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )


@dataclass
class Server:
    """A running applog-serve; a thread copies its stdout lines into `lines` (None = EOF)."""

    proc: subprocess.Popen[str]
    lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)

    def wait_for_port(self) -> int:
        """Read lines until the server.listening event; return its port field.

        Reads the JSON line's field, or the `port=N` pair of the console format.
        """
        while True:
            line = self.lines.get(timeout=DEADLINE)
            assert line is not None, f"exited {self.proc.wait(DEADLINE)} before listening"
            self.seen.append(line)
            if line.startswith("{"):
                record = json.loads(line)
                if record["event"] == "server.listening":
                    return int(record["port"])
            elif (found := CONSOLE_PORT.search(line)) is not None:
                return int(found[1])

    def stop(self) -> tuple[str, str]:
        """SIGTERM, as an orchestrator sends: drain, exit 0. Return (all stdout, all stderr)."""
        self.proc.send_signal(signal.SIGTERM)
        stdout, stderr = self.collect()
        assert self.proc.returncode == 0, stderr
        return stdout, stderr

    def collect(self) -> tuple[str, str]:
        """Wait for the process to end; return (all stdout, all stderr)."""
        self.proc.wait(DEADLINE)
        while (line := self.lines.get(timeout=DEADLINE)) is not None:
            self.seen.append(line)
        assert self.proc.stderr is not None
        return "\n".join(self.seen) + "\n", self.proc.stderr.read()

    def close(self) -> None:
        """Kill the process if a test left it running, and close its pipes."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(DEADLINE)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


def start_server(**env: str) -> Server:
    proc = subprocess.Popen(
        [str(BIN / "applog-serve"), "--port", "0"],
        env=controlled_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = Server(proc)

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            server.lines.put(line.rstrip("\n"))
        server.lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return server


def request(
    port: int, path: str, *, body: Any = None, request_id: str | None = None
) -> tuple[int, dict[str, str]]:
    """Send one real HTTP request; return (status, response headers)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data)
    if request_id is not None:
        req.add_header("X-Request-ID", request_id)
    try:
        with urllib.request.urlopen(req, timeout=DEADLINE) as resp:
            resp.read()
            return int(resp.status), {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}
