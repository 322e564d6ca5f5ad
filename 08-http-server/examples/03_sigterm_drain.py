"""SIGTERM with a request in flight: does the request get its answer, and how does the process end?

    python examples/03_sigterm_drain.py                         # httpserver-serve, the fix
    python examples/03_sigterm_drain.py --lab eager-exit        # custom SIGTERM handler
    python examples/03_sigterm_drain.py --graceful-timeout 0    # "0 means no timeout"? no.
    python examples/03_sigterm_drain.py --cli                   # the plain uvicorn CLI

Steps: start the server on port 0, send a request that waits on a gate file, send SIGTERM,
check that new connections are refused, open the gate, report what the request got.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx

BIN = Path(sys.executable).parent
RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


def poll(check: object, deadline: float = 20.0) -> None:
    assert callable(check)
    end = time.monotonic() + deadline
    while not check():
        if time.monotonic() > end:
            raise SystemExit("gave up waiting")
        time.sleep(0.01)


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lab", default="")
    parser.add_argument("--graceful-timeout", default="20")
    parser.add_argument("--cli", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as gates:
        run_lab(args, Path(gates))


def run_lab(args: argparse.Namespace, gates: Path) -> None:
    """Start the server, put one request in flight, send SIGTERM, report what happened."""
    if args.cli:
        command = [str(BIN / "uvicorn"), "httpserver.app:create_app", "--factory", "--port", "0"]
    else:
        command = [str(BIN / "httpserver-serve"), "--port", "0"]
        command += ["--graceful-timeout", args.graceful_timeout]
    env = {"PATH": os.environ["PATH"], "HTTPSERVER_GATE_DIR": str(gates)}
    env["HTTPSERVER_LAB"] = args.lab
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    log: list[str] = []
    for line in proc.stderr:
        log.append(line)
        if found := RUNNING.search(line):
            port = int(found[1])
            break
    # keep reading stderr so the server never blocks on a full pipe
    threading.Thread(target=lambda: log.extend(proc.stderr or []), daemon=True).start()

    outcome: list[str] = []

    def request() -> None:
        try:
            r = httpx.post(f"http://127.0.0.1:{port}/lab/slow/report", timeout=20)
            outcome.append(f"{r.status_code} {r.text}")
        except httpx.TransportError as exc:
            outcome.append(f"no response: {type(exc).__name__}")

    client = threading.Thread(target=request)
    client.start()
    poll((gates / "report.started").exists)
    print("request in flight")
    proc.send_signal(signal.SIGTERM)
    print("SIGTERM sent")
    poll(lambda: refused(port) or proc.poll() is not None)
    print("new connections refused")
    # Open the gate only once the server has decided what to do with the request: it is
    # waiting for it (the fix), has cancelled it, or the process is gone.
    decided = ("Waiting for connections to close", "Cancel 1 running task")
    poll(lambda: any(d in x for x in log for d in decided) or proc.poll() is not None)
    (gates / "report.open").touch()
    client.join()
    print("in-flight request got:", outcome[0])
    code = proc.wait(20)
    print("exit status:", code)
    print("lifespan shutdown ran:", any("Application shutdown complete" in x for x in log))


if __name__ == "__main__":
    main()
