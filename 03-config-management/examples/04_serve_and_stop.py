"""The happy path: a valid environment, a real process on a free port, then SIGTERM, Ctrl-C.

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


def start(env: dict[str, str], cwd: str) -> tuple[subprocess.Popen[str], str]:
    """Start the service and wait for its ready line, which names the real port."""
    proc = subprocess.Popen(
        [str(BIN / "settings-demo-serve")],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    ready = proc.stdout.readline().strip()
    return proc, ready


def main() -> None:
    # A shell starts background jobs with SIGINT ignored, and children inherit "ignored";
    # install the default handler so the service we start can be interrupted at all.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    env = {"PATH": os.environ["PATH"], **SETTINGS}
    with tempfile.TemporaryDirectory() as cwd:
        proc, ready = start(env, cwd)
        print(ready)
        base = ready.removeprefix("listening on ")
        for path in ("/healthz", "/sign?path=/reports/q3.pdf", "/config"):
            print(f"GET {path} -> {get(base + path)}")
        proc.send_signal(signal.SIGTERM)  # what an orchestrator sends
        proc.communicate(timeout=DEADLINE)  # waits, and closes the pipe
        print("exit code after SIGTERM:", proc.returncode)
        proc, ready = start(env, cwd)
        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        proc.communicate(timeout=DEADLINE)
        print("exit code after SIGINT:", proc.returncode, "(killed by SIGINT: $? is 130)")


if __name__ == "__main__":
    main()
