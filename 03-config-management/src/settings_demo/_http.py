"""The HTTP plumbing both services share: a JSON handler base and a serve-until-signal loop."""

from __future__ import annotations

import json
import logging
import signal
import threading
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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
        log.info("%s " + format, self.address_string(), *args)


class DrainingHTTPServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer whose ``server_close()`` waits for in-flight requests.

    The stdlib class sets ``daemon_threads = True``: ``server_close()`` then returns at once
    and the interpreter exits under a request that is still being answered. Non-daemon handler
    threads are joined by ``server_close()`` (``block_on_close`` is True); the handler's
    socket ``timeout`` bounds how long one slow client can hold the shutdown up.
    """

    daemon_threads = False


def serve_until_signalled(server: ThreadingHTTPServer, announce: Callable[[], None]) -> int:
    """Announce readiness, serve on a worker thread until SIGTERM or SIGINT, stop cleanly.

    Like Go's ``signal.Notify``: the signals are blocked first (so one sent the instant the
    ready line appears is queued, not fatal, and no handler interrupts a request half-way),
    then the main thread waits for one with ``sigwait``. Returns the signal received.
    """
    signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)  # threads started below inherit this
    announce()
    worker = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    worker.start()
    received = signal.sigwait(signals)
    log.info("received %s, shutting down", signal.Signals(received).name)
    server.shutdown()  # waits for serve_forever to return: no new connections are accepted
    server.server_close()  # with DrainingHTTPServer: waits for requests already in flight
    worker.join()
    return received
