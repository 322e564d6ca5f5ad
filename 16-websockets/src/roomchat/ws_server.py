"""The live service on the `websockets` library's asyncio API (websockets 17).

The handshake is an ordinary HTTP GET, and `process_request` sees it before anything is
accepted: that is where the page, the ticket endpoint, the Origin check and authentication
live. A request it answers never becomes a WebSocket.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from roomchat.auth import authenticate, origin_allowed, sign, verify
from roomchat.errors import Unauthorized
from roomchat.hub import Hub
from roomchat.page import page
from roomchat.session import run_session
from roomchat.settings import Settings

CLOSE_BUDGET = 2.0  # seconds a closing handshake may take before we drop the connection
ROOM = re.compile(r"^/ws/([A-Za-z0-9_-]{1,64})$")


class WebsocketsApp:
    def __init__(self, settings: Settings, hub: Hub) -> None:
        self.settings = settings
        self.hub = hub
        self._secret = settings.secret.get_secret_value()
        self._origins = settings.origins()

    def process_request(self, conn: ServerConnection, request: Request) -> Response | None:
        url = urlsplit(request.path)
        if url.path == "/":
            return _html(conn, page("/ticket", "GET"))
        if url.path == "/healthz":
            return conn.respond(HTTPStatus.OK, "ok\n")
        if url.path == "/ticket":
            return self._ticket(conn, request)
        if ROOM.match(url.path) is None:
            return conn.respond(HTTPStatus.NOT_FOUND, "no such room\n")
        if not origin_allowed(request.headers.get("Origin"), self._origins):
            return conn.respond(HTTPStatus.FORBIDDEN, "origin not allowed\n")
        query = dict(parse_qsl(url.query))
        try:
            conn.username = authenticate(self._secret, request.headers, query, now=time.time())
        except Unauthorized:
            return conn.respond(HTTPStatus.UNAUTHORIZED, "a token or a ticket is required\n")
        return None  # go on with the WebSocket handshake

    def _ticket(self, conn: ServerConnection, request: Request) -> Response:
        """Trade the long-lived token (header) for a ticket that may go in a URL."""
        header = request.headers.get("Authorization", "")
        try:
            user = verify(self._secret, "token", header.removeprefix("Bearer "), now=time.time())
        except Unauthorized:
            return conn.respond(HTTPStatus.UNAUTHORIZED, "a token is required\n")
        now = time.time()
        ticket = sign(self._secret, "ticket", user, ttl=self.settings.ticket_ttl, now=now)
        response = conn.respond(HTTPStatus.OK, json.dumps({"ticket": ticket}))
        del response.headers["Content-Type"]
        response.headers["Content-Type"] = "application/json"
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handler(self, conn: ServerConnection) -> None:
        if conn.request is None:  # the handler runs only after the handshake
            raise RuntimeError("handler() called before the handshake")
        url = urlsplit(conn.request.path)
        match = ROOM.match(url.path)
        if match is None:  # process_request refused any other path
            raise RuntimeError(f"no room in {url.path!r}")
        room = unquote(match.group(1))
        last_id = dict(parse_qsl(url.query)).get("last_event_id")
        await run_session(
            self.hub,
            room,
            conn.username,
            last_id,
            send=conn.send,
            receive=_texts(conn),
            close=lambda code, reason: _close(conn, code, reason),
        )


def _html(conn: ServerConnection, body: str) -> Response:
    response = conn.respond(HTTPStatus.OK, body)
    del response.headers["Content-Type"]  # respond() says text/plain
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    return response


async def _close(conn: ServerConnection, code: int, reason: str) -> None:
    """Close with `code`; a client that reads nothing cannot read a close frame either, and
    `close()` would wait on its full socket: after a bound, drop the TCP connection."""
    try:
        async with asyncio.timeout(CLOSE_BUDGET):
            await conn.close(code, reason)
    except TimeoutError:
        conn.transport.abort()


async def _texts(conn: ServerConnection) -> AsyncIterator[str]:
    """The client's text messages until it leaves; a dead peer just ends the iteration."""
    try:
        async for message in conn:
            if isinstance(message, bytes):
                await conn.close(1003, "text messages only")
                return
            yield message
    except ConnectionClosed:
        return


@asynccontextmanager
async def running(
    settings: Settings, hub: Hub, sock: socket.socket | None = None
) -> AsyncIterator[Server]:
    """Serve until the block ends; leaving it closes every client with 1001 (going away).

    `sock`: an already bound socket to serve on instead of `settings.host` and `port`.
    """
    app = WebsocketsApp(settings, hub)
    where: dict[str, Any] = (
        {"sock": sock} if sock else {"host": settings.host, "port": settings.port}
    )
    async with serve(
        app.handler,
        **where,
        process_request=app.process_request,
        ping_interval=settings.ping_interval,
        ping_timeout=settings.ping_timeout,
        max_size=settings.max_message,
        close_timeout=CLOSE_BUDGET,
    ) as server:
        yield server


def port_of(server: Server) -> int:
    return int(next(iter(server.sockets)).getsockname()[1])
