"""A real, long-lived HTTP server around a signup handler (stdlib only).

This is where module-level and class-level state matters: the process, and everything created at
import time, outlives every request. ``serve_signup`` runs the server on a background thread on
an ephemeral port and yields its base URL; leaving the ``with`` block stops it.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from basics.signup import SignupResult

Handler = Callable[[Mapping[str, str], str], SignupResult]
MAX_BODY = 64 * 1024
log = logging.getLogger(__name__)


class _BadRequest(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def _parse_form(raw: bytes) -> dict[str, str]:
    try:
        form = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _BadRequest(HTTPStatus.BAD_REQUEST, f"body is not JSON: {exc}") from exc
    if not isinstance(form, dict) or not all(isinstance(v, str) for v in form.values()):
        raise _BadRequest(HTTPStatus.BAD_REQUEST, "body must be a JSON object of strings")
    return form


def _request_handler(handle: Handler) -> type[BaseHTTPRequestHandler]:
    class SignupRequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            try:
                if self.path != "/signup":
                    raise _BadRequest(HTTPStatus.NOT_FOUND, f"no route for POST {self.path}")
                form = _parse_form(self.rfile.read(self._content_length()))
            except _BadRequest as exc:
                # The body may be unread (or only partly read): the bytes left on this
                # keep-alive connection would be parsed as the next request. Close it.
                self.close_connection = True
                self._reply(exc.status, {"error": str(exc)})
                return
            request_id = self.headers.get("X-Request-Id") or uuid.uuid4().hex
            try:
                result = handle(form, request_id)
            except Exception:
                # A bug in the handler: log it with its traceback, answer 500, keep serving.
                log.exception("signup handler failed", extra={"request_id": request_id})
                self._reply(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "internal error"})
                return
            self._reply(
                HTTPStatus(result.status),
                {
                    "request_id": request_id,
                    "errors": list(result.errors),
                    "warnings": list(result.warnings),
                },
            )

        def _content_length(self) -> int:
            """The body size, refusing what would hang the read or desync the connection."""
            if "Transfer-Encoding" in self.headers:  # chunked bodies: not supported here
                raise _BadRequest(HTTPStatus.NOT_IMPLEMENTED, "Transfer-Encoding not supported")
            raw = self.headers.get("Content-Length")
            if raw is None:
                raise _BadRequest(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
            # isdigit() also refuses "-1": rfile.read(-1) would block until the client hangs up.
            if not raw.isascii() or not raw.isdigit():
                raise _BadRequest(HTTPStatus.BAD_REQUEST, "Content-Length is not a number")
            length = int(raw)
            if length > MAX_BODY:
                raise _BadRequest(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
            return length

        def _reply(self, status: HTTPStatus, body: Mapping[str, object]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the examples' output to what they print themselves

    return SignupRequestHandler


@contextmanager
def serve_signup(handle: Handler, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``POST /signup`` with ``handle`` on an ephemeral port; yield the base URL."""
    server = ThreadingHTTPServer((host, 0), _request_handler(handle))
    thread = threading.Thread(target=server.serve_forever, name="signup-server", daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
