"""The same service on FastAPI/Starlette under uvicorn, plus the same events as SSE.

Differences from `ws_server.py` worth seeing: the handshake arrives as a `WebSocket` whose
`accept()` you call yourself (refusing before it is the "auth before accept"); keepalive and
`max_size` are uvicorn settings (`ws_ping_interval`, `ws_max_size`), not the app's; and the
ticket endpoint can be a proper POST, because this is a full HTTP framework.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI, Header, HTTPException, Request, WebSocket
from fastapi.responses import HTMLResponse, PlainTextResponse, StreamingResponse
from starlette.websockets import WebSocketDisconnect

from roomchat.auth import authenticate, origin_allowed, sign, verify
from roomchat.bootstrap import open_hub
from roomchat.errors import Unauthorized
from roomchat.hub import Event, Hub, stream_order
from roomchat.page import page
from roomchat.session import run_session
from roomchat.settings import Settings

ROOM = r"^[A-Za-z0-9_-]{1,64}$"
HEARTBEAT = 15.0  # an SSE comment this often keeps proxies and load balancers from idling out


def create_app(settings: Settings) -> FastAPI:
    secret = settings.secret.get_secret_value()
    origins = settings.origins()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_hub(settings) as hub:
            app.state.hub = hub
            yield

    app = FastAPI(title="roomchat", lifespan=lifespan)

    @app.get("/", response_class=HTMLResponse)
    async def index() -> str:
        return page("/tickets", "POST")

    @app.post("/tickets")
    async def tickets(authorization: Annotated[str, Header()] = "") -> dict[str, str]:
        try:
            user = verify(secret, "token", authorization.removeprefix("Bearer "), now=time.time())
        except Unauthorized:
            raise HTTPException(401, "a token is required") from None
        ticket = sign(secret, "ticket", user, ttl=settings.ticket_ttl, now=time.time())
        return {"ticket": ticket}

    @app.websocket("/ws/{room}")
    async def room_socket(websocket: WebSocket, room: str) -> None:
        hub: Hub = websocket.app.state.hub
        if not origin_allowed(websocket.headers.get("origin"), origins):
            await websocket.close(1008)  # before accept(): the client gets HTTP 403
            return
        try:
            user = authenticate(secret, websocket.headers, websocket.query_params, now=time.time())
        except Unauthorized:
            # The denial-response extension: a real 401 instead of a bare 403.
            await websocket.send_denial_response(PlainTextResponse("unauthorized\n", 401))
            return
        await websocket.accept()
        await run_session(
            hub,
            room,
            user,
            websocket.query_params.get("last_event_id"),
            send=websocket.send_text,
            receive=_texts(websocket),
            close=lambda code, reason: _close(websocket, code, reason),
        )

    @app.get("/events/{room}")
    async def room_events(
        request: Request, room: str, last_event_id: Annotated[str | None, Header()] = None
    ) -> StreamingResponse:
        """Server-Sent Events: the same notifications over a plain HTTP response."""
        try:
            user = authenticate(secret, request.headers, request.query_params, now=time.time())
        except Unauthorized:
            raise HTTPException(401, "a token or a ticket is required") from None
        del user  # anyone signed in may read; the point is that they are signed in
        hub: Hub = request.app.state.hub
        resume = last_event_id or request.query_params.get("last_event_id")
        return StreamingResponse(
            _sse(hub, room, resume),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    return app


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    """Close, but do not wait forever on a client that reads nothing: uvicorn drops the
    connection when the app returns."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(2.0):
            await websocket.close(code, reason)


async def _texts(websocket: WebSocket) -> AsyncIterator[str]:
    try:
        while True:
            yield await websocket.receive_text()
    except WebSocketDisconnect:
        return


async def _sse(hub: Hub, room: str, last_id: str | None) -> AsyncIterator[str]:
    subscriber = hub.join(room)
    try:
        backlog = await hub.backlog(room, last_id)
        yield "retry: 1000\n\n"  # EventSource reconnects by itself, sending Last-Event-ID
        if backlog.gap:
            yield "event: gap\ndata: {}\n\n"
        last = (0, 0)
        for event in backlog.events:
            yield _frame(event)
            last = stream_order(event.id)
        while not subscriber.overflowed.is_set():  # too slow: end; the client resumes
            try:
                async with asyncio.timeout(HEARTBEAT):
                    event = await subscriber.queue.get()
            except TimeoutError:
                yield ": keepalive\n\n"
                continue
            if stream_order(event.id) > last:
                yield _frame(event)
                last = stream_order(event.id)
    finally:
        hub.leave(subscriber)


def _frame(event: Event) -> str:
    return f"id: {event.id}\ndata: {json.dumps(event.fields())}\n\n"
