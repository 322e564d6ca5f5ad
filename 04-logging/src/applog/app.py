"""A small pure-ASGI service whose handlers log the way a real service's do.

GET /orders/{id}   logs order.fetched (404 and a warning for an unknown order)
POST /login        logs the submitted payload: the redactor removes the password
GET /geo?ip=...    calls a stdlib-logging library; its records come out as the same JSON
GET /boom          raises: the middleware logs the traceback as data and answers 500
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import structlog

from applog._asgi import ASGIApp, Receive, Scope, Send
from applog._middleware import RequestContextMiddleware
from applog.thirdparty import polite_geo

log = structlog.stdlib.get_logger(__name__)

ORDERS = {1: {"id": 1, "total_cents": 4200}, 2: {"id": 2, "total_cents": 990}}
MAX_BODY = 64 * 1024


class OrderLookupError(RuntimeError):
    """Raised by /boom to stand in for a bug deep in a handler."""


class BodyTooLargeError(ValueError):
    """The request body is over MAX_BODY: the client's fault, answered 413, not 400."""


async def _respond(send: Send, status: int, body: Any) -> None:
    payload = b"" if body is None else json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": payload})


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise BodyTooLargeError(f"body over {MAX_BODY} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def router(scope: Scope, receive: Receive, send: Send) -> None:
    """The application, without the middleware."""
    if scope["type"] != "http":
        return  # no lifespan or websockets here
    method, path = scope["method"], scope["path"]
    match method, path.strip("/").split("/"):
        case "GET", ["orders", raw_id] if raw_id.isdigit() and int(raw_id) in ORDERS:
            log.info("order.fetched", order_id=int(raw_id))
            await _respond(send, 200, ORDERS[int(raw_id)])
        case "GET", ["orders", raw_id]:
            log.warning("order.not_found", order_id=raw_id)
            await _respond(send, 404, {"error": "not_found"})
        case "POST", ["login"]:
            try:
                payload = json.loads(await _read_body(receive))
            except BodyTooLargeError:
                log.info("login.rejected", reason="body_too_large")
                await _respond(send, 413, {"error": "body_too_large"})
                return
            except ValueError:  # JSONDecodeError, and UnicodeDecodeError, are ValueErrors
                log.info("login.rejected", reason="bad_body")
                await _respond(send, 400, {"error": "bad_body"})
                return
            # Logging a whole payload is how passwords end up in logs; the redactor is the
            # safety net, not a licence: log the fields you need.
            log.info("login.attempt", payload=payload)
            await _respond(send, 204 if isinstance(payload, dict) else 400, None)
        case "GET", ["geo"]:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            ip = query.get("ip", [""])[0]
            try:
                country = polite_geo.lookup(ip)
            except ValueError:
                await _respond(send, 400, {"error": "bad_ip"})
                return
            log.info("geo.located", ip=ip, country=country)
            await _respond(send, 200, {"ip": ip, "country": country})
        case "GET", ["boom"]:
            raise OrderLookupError("the order table is on fire")
        case _:
            await _respond(send, 404, {"error": "not_found"})


def create_app() -> ASGIApp:
    """The service: the router wrapped in the request-context middleware."""
    return RequestContextMiddleware(router)
