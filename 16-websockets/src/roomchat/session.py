"""One connection's life after the handshake, the same for both servers.

Three tasks race: the pump (backlog, then live events, to the client), the reader (client
messages, published to the room) and the slow-consumer alarm. The first to finish ends the
session; an overflowing send queue closes it with 1008 instead of growing the server's memory.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable

from roomchat.hub import Backlog, Hub, Subscriber, stream_order

Send = Callable[[str], Awaitable[None]]
Close = Callable[[int, str], Awaitable[None]]

POLICY = 1008
TOO_SLOW = "send queue full: reconnect and resume"


async def run_session(
    hub: Hub,
    room: str,
    user: str,
    last_id: str | None,
    *,
    send: Send,
    receive: AsyncIterator[str],
    close: Close,
) -> None:
    subscriber = hub.join(room)  # join first, then read the backlog: nothing falls between
    try:
        backlog = await hub.backlog(room, last_id)
        pump = asyncio.create_task(_pump(subscriber, backlog, send))
        reader = asyncio.create_task(_read(hub, room, user, receive))
        slow = asyncio.create_task(subscriber.overflowed.wait())
        done, pending = await asyncio.wait({pump, reader, slow}, return_when="FIRST_COMPLETED")
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if slow in done:
            await close(POLICY, TOO_SLOW)  # bounded by the server's own close budget
            return
        for task in done:
            task.result()  # re-raise: the server closes with 1011
    finally:
        hub.leave(subscriber)


async def _pump(subscriber: Subscriber, backlog: Backlog, send: Send) -> None:
    if backlog.gap:
        await send(json.dumps({"type": "gap"}))  # the client reloads its state over REST
    last = (0, 0)
    for event in backlog.events:
        await send(event.to_json())
        last = stream_order(event.id)
    while True:
        event = await subscriber.queue.get()
        if stream_order(event.id) <= last:
            continue  # already sent from the backlog
        await send(event.to_json())
        last = stream_order(event.id)


async def _read(hub: Hub, room: str, user: str, receive: AsyncIterator[str]) -> None:
    async for text in receive:
        await hub.publish(room, user, text)
