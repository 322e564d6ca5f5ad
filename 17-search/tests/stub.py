"""A local HTTP server that plays Elasticsearch: it records every request and answers from a
function the test gives it. It proves which requests the client layer sends, never what a
real Elasticsearch would answer (tests/test_elasticsearch.py does that where one runs)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: Any  # parsed JSON, a list for NDJSON (_bulk), None when empty


Answer = Callable[[Request], tuple[int, Any]]


def parse_body(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    if "x-ndjson" in content_type:
        return [json.loads(line) for line in raw.decode().splitlines() if line.strip()]
    return json.loads(raw)


@contextmanager
def stub_elasticsearch(answer: Answer, *, product_header: bool = True) -> Iterator[StubServer]:
    """Serve on 127.0.0.1, port 0, until the block ends."""
    server = StubServer(answer, product_header)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


class StubServer(ThreadingHTTPServer):
    # A stub, not a server that drains: the client keeps its connection alive, and closing
    # must not wait for it to hang up.
    daemon_threads = True
    block_on_close = False

    def __init__(self, answer: Answer, product_header: bool) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.answer = answer
        self.product_header = product_header
        self.requests: list[Request] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def calls(self) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in self.requests]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: StubServer

    def handle_one(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        request = Request(
            self.command,
            parts.path,
            dict(parse_qsl(parts.query)),
            parse_body(raw, self.headers.get("Content-Type", "")),
        )
        self.server.requests.append(request)
        try:
            status, body = self.server.answer(request)
        except Exception as exc:  # a broken answer function: a 500 the test sees, not a hang
            status, body = 500, {"error": repr(exc), "status": 500}
        payload = b"" if self.command == "HEAD" else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if self.server.product_header:
            # Both the 8.x and 9.x clients refuse an answer without it (UnsupportedProductError).
            self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_one

    def log_message(self, format: str, *args: Any) -> None:  # the stdlib's name
        pass


def bulk_ok(request: Request, refuse: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The answer to a _bulk request: every action succeeds, except ids in `refuse`."""
    items = []
    lines = iter(request.body)
    for line in lines:
        ((op, meta),) = line.items()
        if op != "delete":
            next(lines)  # the document's source
        where = {"_index": meta["_index"], "_id": meta["_id"]}
        if meta["_id"] in refuse:
            error = {"type": "mapper_parsing_exception", "reason": "failed to parse [price_cents]"}
            items.append({op: {**where, "status": 400, "error": error}})
        else:
            items.append({op: {**where, "status": 200, "result": "updated"}})
    return {"took": 1, "errors": bool(refuse), "items": items}
