"""`httpserver-stdlib`: the standard library's `http.server`, the nearest thing to net/http.

It works, and it is worth seeing why the course does not stop here:

- one OS thread per connection (`ThreadingHTTPServer`), including idle and slow ones;
- no SIGTERM handling: the default action kills the process with requests in flight, and
  `daemon_threads = True` means even `shutdown()` does not wait for them;
- no body size limit, no request timeout unless you set `timeout`, no keep-alive bound;
- you parse and validate JSON yourself, and map every error to a status by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class Handler(BaseHTTPRequestHandler):
    server_version = "stdlib-demo"
    protocol_version = "HTTP/1.1"  # keep-alive, like net/http; the default is HTTP/1.0

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the default writes every request to stderr

    def _json(self, status: HTTPStatus, payload: object) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/healthz":
            handlers = sum("process_request_thread" in t.name for t in threading.enumerate())
            self._json(HTTPStatus.OK, {"status": "ok", "threads": handlers})
        else:
            self._json(HTTPStatus.NOT_FOUND, {"detail": "not found"})

    def do_POST(self) -> None:
        if self.path == "/echo":
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)  # no limit: a client chooses how much we buffer
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                self._json(HTTPStatus.BAD_REQUEST, {"detail": f"invalid JSON: {exc.msg}"})
                return
            self._json(HTTPStatus.OK, {"echo": data})
        elif self.path.startswith("/slow/") and (gate := os.environ.get("HTTPSERVER_GATE_DIR")):
            name = self.path.removeprefix("/slow/")
            (Path(gate) / f"{name}.started").touch()
            while not (Path(gate) / f"{name}.open").exists():
                time.sleep(0.02)
            self._json(HTTPStatus.OK, {"name": name})
        else:
            self._json(HTTPStatus.NOT_FOUND, {"detail": "not found"})


def make_server(host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Bind now (port 0 picks a free port); serve with `serve_forever()`."""
    return ThreadingHTTPServer((host, port), Handler)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="httpserver-stdlib")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:  # a usage error (exit 2), not an OverflowError from bind()
        parser.error(f"argument --port: must be 0 to 65535, got {args.port}")
    with make_server(port=args.port) as server:
        host, port = server.server_address[:2]
        print(f"serving on http://{host!s}:{port}", file=sys.stderr, flush=True)
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
