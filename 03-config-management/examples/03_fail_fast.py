"""Break it: the same incomplete environment, given to the naive and the fail-fast service.

Run: uv run python examples/03_fail_fast.py
Both services run as real processes with only PATH and the settings below, in a temporary
working directory (so no .env is read), on a port the kernel picks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
SETTINGS = {"SIGNER_ENV": "prod", "SIGNER_HTTP__PORT": "0", "SIGNER_LINKS__TTL": "PT5M"}
DEADLINE = 20.0


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=DEADLINE) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def run(script: str, cwd: str) -> None:
    env = {"PATH": os.environ["PATH"], **SETTINGS}
    with subprocess.Popen(
        [str(BIN / script)], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        ready = proc.stdout.readline().decode().strip()  # EOF ("") if it exits instead
        if ready:
            base = ready.removeprefix("listening on ")
            print("  printed its ready line: yes")
            print("  GET /healthz ->", status_of(base + "/healthz"))
            print("  GET /sign    ->", status_of(base + "/sign?path=/a.pdf"))
            print("  still running:", proc.poll() is None)
            proc.send_signal(signal.SIGTERM)
            stderr = proc.stderr.read().decode()
            errors = [line for line in stderr.splitlines() if line.startswith("KeyError")]
            print("  its log says:", errors[0])
        else:
            print("  printed its ready line: no")
            print("  exit code:", proc.wait(DEADLINE))
            for line in proc.stderr.read().decode().splitlines():
                print("  stderr:", line)
        proc.wait(DEADLINE)


def main() -> None:
    print("environment:", " ".join(f"{k}={v}" for k, v in SETTINGS.items()), "(and PATH)")
    with tempfile.TemporaryDirectory() as cwd:
        print("naive service, settings read in the handler (settings-demo-broken):")
        run("settings-demo-broken", cwd)
        print("fail-fast service, settings validated at startup (settings-demo-serve):")
        run("settings-demo-serve", cwd)


if __name__ == "__main__":
    main()
