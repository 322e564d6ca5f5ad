"""SIGTERM with a request in flight: does the request get its answer, and how does the process end?

    python examples/03_sigterm_drain.py                         # httpserver-serve, the fix
    python examples/03_sigterm_drain.py --lab eager-exit        # custom SIGTERM handler
    python examples/03_sigterm_drain.py --cli                   # the plain uvicorn CLI
    python examples/03_sigterm_drain.py --cli --graceful-timeout 0  # "0 means no limit"? no.

Steps: start the server on port 0, send a request that waits on a gate file, send SIGTERM,
check that new connections are refused, open the gate, report what the request got.
If the server never listens, the script kills it, shows what it printed, and exits 1.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx2 as httpx

BIN = Path(sys.executable).parent
RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")
DEADLINE = 20.0


def poll(check: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + DEADLINE
    while not check():
        if time.monotonic() > end:
            raise SystemExit(f"gave up after {DEADLINE} s waiting for {what}")
        time.sleep(0.01)


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def start_server(
    command: list[str], env: dict[str, str], log: list[str], deadline: float = DEADLINE
) -> tuple[subprocess.Popen[str], int]:
    """Start `command` and return it with the port it listens on.

    A thread copies its stderr into `log` (so it never blocks on a full pipe). If it exits
    or does not listen within `deadline`, it is killed and waited for; SystemExit says why.
    """
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            log.append(line)
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    end = time.monotonic() + deadline
    while True:
        try:
            line = lines.get(timeout=max(0.0, end - time.monotonic()))
        except queue.Empty:
            how = f"did not listen within {deadline} s (killed)"
            break
        if line is None:
            how = f"exited with {proc.wait()}"
            break
        if found := RUNNING.search(line):
            return proc, int(found[1])
    proc.kill()  # no-op if it already exited
    proc.wait()
    reader.join(DEADLINE)  # the pipe is at EOF now
    assert proc.stderr is not None
    proc.stderr.close()
    printed = "".join(f"  | {line}" for line in log)
    raise SystemExit(f"the server {how} before listening; it printed:\n{printed}".rstrip())


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
        command += ["--timeout-graceful-shutdown", args.graceful_timeout]
    else:
        command = [str(BIN / "httpserver-serve"), "--port", "0"]
        command += ["--graceful-timeout", args.graceful_timeout]
    # Your own HTTPSERVER_* variables pass through; try HTTPSERVER_HANDLER_TIMEOUT=1.
    env = {**os.environ, "HTTPSERVER_GATE_DIR": str(gates), "HTTPSERVER_LAB": args.lab}
    log: list[str] = []
    proc, port = start_server(command, env, log)
    try:
        drain(proc, port, gates, log)
    finally:
        if proc.poll() is None:  # whatever went wrong above, leave no server behind
            proc.kill()
            proc.wait()


def drain(proc: subprocess.Popen[str], port: int, gates: Path, log: list[str]) -> None:
    outcome: list[str] = []

    def request() -> None:
        try:
            r = httpx.post(f"http://127.0.0.1:{port}/lab/slow/report", timeout=DEADLINE)
            outcome.append(f"{r.status_code} {r.text}")
        except httpx.TransportError as exc:
            outcome.append(f"no response: {type(exc).__name__}")

    client = threading.Thread(target=request)
    client.start()
    poll((gates / "report.started").exists, "the request to start")
    print("request in flight")
    proc.send_signal(signal.SIGTERM)
    print("SIGTERM sent")
    poll(lambda: refused(port) or proc.poll() is not None, "the listening socket to close")
    print("new connections refused")
    # Open the gate only once the server has decided what to do with the request: it is
    # waiting for it (the fix), has cancelled it, or the process is gone.
    decided = ("Waiting for connections to close", "Cancel 1 running task")
    poll(
        lambda: any(d in x for x in log for d in decided) or proc.poll() is not None,
        "the server to drain or cancel",
    )
    (gates / "report.open").touch()
    client.join()
    print("in-flight request got:", outcome[0])
    print("exit status:", proc.wait(DEADLINE))
    print("lifespan shutdown ran:", any("Application shutdown complete" in x for x in log))


if __name__ == "__main__":
    main()
