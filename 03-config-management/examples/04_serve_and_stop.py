"""The happy path: a valid environment, a real process on a free port, SIGTERM to stop.

Run: uv run python examples/04_serve_and_stop.py
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
SETTINGS = {
    "SIGNER_ENV": "prod",
    "SIGNER_HTTP__PORT": "0",  # 0: the kernel picks a free port; the ready line names it
    "SIGNER_LINKS__BASE_URL": "https://files.example.com",
    "SIGNER_SIGNING_KEY": "a-forty-character-key-for-this-example!!",
}
DEADLINE = 20.0


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=DEADLINE) as response:
        return f"{response.status} {response.read().decode()}"


def main() -> None:
    env = {"PATH": os.environ["PATH"], **SETTINGS}
    with (
        tempfile.TemporaryDirectory() as cwd,
        subprocess.Popen(
            [str(BIN / "settings-demo-serve")],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        ) as proc,
    ):
        assert proc.stdout is not None
        ready = proc.stdout.readline().strip()
        print(ready)
        base = ready.removeprefix("listening on ")
        for path in ("/healthz", "/sign?path=/reports/q3.pdf", "/config"):
            print(f"GET {path} -> {get(base + path)}")
        proc.send_signal(signal.SIGTERM)
        print("exit code after SIGTERM:", proc.wait(DEADLINE))


if __name__ == "__main__":
    main()
