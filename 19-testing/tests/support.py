"""Test helpers: a real HTTP receiver for notifications, and a nested pytest runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

LESSON = Path(__file__).resolve().parent.parent


class Receiver:
    """What a local notification endpoint received, and the status it answers with."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.received: list[dict[str, Any]] = []
        self.status = 204


@contextmanager
def receiver() -> Iterator[Receiver]:
    """A real HTTP server on port 0 that records each JSON body POSTed to it."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.received.append(json.loads(self.rfile.read(length)))
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = False
    state = Receiver(f"http://127.0.0.1:{server.server_address[1]}/notices")
    # shutdown() waits for serve_forever's next poll: every 0.5 s by default
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child process: ours (PYTHONPATH included: a lab run puts the
    patched src/ there), without anything that would make a nested pytest report elsewhere."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    return {**env, "PYTHONDONTWRITEBYTECODE": "1", **extra}


def nested_pytest(
    *args: str, cwd: Path = LESSON, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run pytest in a child process (its exit code and output are the result)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=cwd,
        env=env or child_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
