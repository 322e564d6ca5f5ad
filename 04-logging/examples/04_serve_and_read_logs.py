"""Start the real service on a free port, send it requests, stop it, read its JSON lines.

This is what a log collector sees. Run: uv run python examples/04_serve_and_read_logs.py
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

PID = re.compile(r"\[\d+\]")


def send(port: int, path: str, body: bytes | None = None, request_id: str | None = None) -> int:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body)
    if request_id:
        req.add_header("X-Request-ID", request_id)
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            resp.read()
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code


def main() -> None:
    env = {**os.environ, "LOG_FORMAT": "json"}
    with subprocess.Popen(
        [str(Path(sys.executable).parent / "applog-serve"), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ) as server:
        assert server.stdout is not None
        first = json.loads(server.stdout.readline())  # {"event": "server.listening", ...}
        port = first["port"]
        send(port, "/orders/1", request_id="demo-1")
        send(
            port, "/login", body=b'{"username": "ann", "password": "hunter2"}', request_id="demo-2"
        )
        send(port, "/geo?ip=10.9.8.7", request_id="demo-3")
        send(port, "/boom", request_id="demo-4")
        server.send_signal(signal.SIGTERM)
        rest = server.stdout.read()
    print(f"exit status {server.returncode} after SIGTERM: drained, then a clean exit")
    for line in [json.dumps(first), *rest.splitlines()]:
        record = json.loads(line)  # every line is one JSON object
        fields = {
            key: record[key]
            for key in ("request_id", "status", "payload", "order_id", "country")
            if key in record
        }
        if "exception" in record:
            fields["exc_type"] = record["exception"][0]["exc_type"]
        event = PID.sub("[<pid>]", record["event"])  # the one part that changes every run
        print(f"{record['level']:<7} {record['logger']:<28} {event:<32} {fields}")


if __name__ == "__main__":
    main()
