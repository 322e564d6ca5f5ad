"""The HTTP plumbing both services share: a JSON handler base, and serve-until-stopped.

Not the lesson's topic (lesson 08 is about HTTP servers and graceful shutdown); it is here so
that a configuration mistake has something real to break.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger("signer.http")

Route = Callable[[dict[str, list[str]]], tuple[HTTPStatus, dict[str, Any]]]


class JsonHandler(BaseHTTPRequestHandler):
    """Dispatch GET requests to ``routes``; an unhandled error becomes a 500, like a framework."""

    routes: ClassVar[Mapping[str, Route]] = {}

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        route = self.routes.get(url.path)
        if route is None:
            self._send(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        try:
            status, body = route(parse_qs(url.query))
        except Exception:
            log.exception("GET %s failed", url.path)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "internal server error"})
            return
        self._send(status, body)

    def _send(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # stdlib signature
        # G003: `format` is the stdlib's own %-template; joining it keeps the args lazy.
        log.info("%s " + format, self.address_string(), *args)  # noqa: G003


class Server(ThreadingHTTPServer):
    """A ThreadingHTTPServer whose ``server_close()`` waits for the requests in flight.

    The stdlib default, ``daemon_threads = True``, lets the process exit under a request that
    is still being answered.
    """

    daemon_threads = False


class _Stop(BaseException):
    """Raised in the main thread by the SIGTERM handler, to leave ``serve_forever``.

    A BaseException, as KeyboardInterrupt is: socketserver catches ``Exception`` around each
    request it accepts (and logs it as that request's error), so a signal that lands while a
    connection is being accepted would otherwise be swallowed and the server would keep serving.
    """


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def serve(server: ThreadingHTTPServer, announce: Callable[[], None]) -> None:
    """Announce readiness and serve until SIGTERM (return) or Ctrl-C (end by SIGINT).

    Python runs signal handlers in the main thread between bytecodes, and ``serve_forever``
    wakes every 0.5 s, so a signal is never lost. Either way the ``with`` block closes the
    server first, which waits for the requests in flight.
    """
    signal.signal(signal.SIGTERM, _raise_stop)  # before the ready line: a supervisor may be quick
    try:
        with server:
            announce()
            server.serve_forever()
    except _Stop:
        log.info("SIGTERM: stopped")
    except KeyboardInterrupt:
        # Ctrl-C: end *by* SIGINT, as an unhandled KeyboardInterrupt would, minus the traceback;
        # a calling shell script stops only if its child died of the signal.
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
