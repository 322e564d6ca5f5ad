"""Rooms shared by every server process through Redis, with a bounded replay buffer.

publish: one Lua script appends the event to the room's Stream (capped at `replay_len`, the
         replay buffer) and PUBLISHes it on the room's channel, so the Stream order and the
         pub/sub order are the same order.
listen:  each process holds one pattern subscription and copies every event into the bounded
         queue of each local connection in that room (`Subscriber.offer`).
replay:  a reconnecting client names the last event id it saw; the Stream still holds what it
         missed, or says that it was trimmed away (`Backlog.gap`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as redis

log = logging.getLogger(__name__)

PUBLISH = """
local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*', 'event', ARGV[2])
redis.call('PUBLISH', ARGV[3], id .. ' ' .. ARGV[2])
return id
"""


@dataclass(frozen=True, slots=True)
class Event:
    """One message in a room; `id` is its Redis Stream id ("<ms>-<seq>")."""

    id: str
    room: str
    user: str
    text: str

    def to_json(self) -> str:
        return json.dumps({"type": "message", **self.fields()})

    def fields(self) -> dict[str, str]:
        return {"id": self.id, "room": self.room, "user": self.user, "text": self.text}


def stream_order(event_id: str) -> tuple[int, int]:
    """Stream ids compare as (milliseconds, sequence), not as strings."""
    ms, _, seq = event_id.partition("-")
    return int(ms), int(seq or 0)


@dataclass(slots=True, eq=False)  # identity: each connection is its own subscriber
class Subscriber:
    """One connection's bounded send queue. `offer` never blocks the fan-out."""

    room: str
    limit: int
    queue: asyncio.Queue[Event] = field(init=False)
    overflowed: asyncio.Event = field(default_factory=asyncio.Event)
    high_water: int = 0  # the deepest the queue has been: what a slow client costs

    def __post_init__(self) -> None:
        self.queue = asyncio.Queue(maxsize=self.limit)

    def offer(self, event: Event) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed.set()  # the connection's owner closes it with 1008
            return
        self.high_water = max(self.high_water, self.queue.qsize())


@dataclass(frozen=True, slots=True)
class Backlog:
    """What a resuming client missed. `gap`: its last event left the buffer, so some are lost."""

    events: list[Event]
    gap: bool


class Hub:
    def __init__(self, client: redis.Redis, *, prefix: str, replay_len: int, send_queue: int):
        self._redis = client
        self._prefix = prefix
        self._replay_len = replay_len
        self._send_queue = send_queue
        self._publish = client.register_script(PUBLISH)
        self._rooms: dict[str, set[Subscriber]] = defaultdict(set)
        self._pubsub = client.pubsub()
        self._listener: asyncio.Task[None] | None = None

    def stream(self, room: str) -> str:
        return f"{self._prefix}:room:{room}"

    def channel(self, room: str) -> str:
        return f"{self._prefix}:chan:{room}"

    async def start(self) -> None:
        """Subscribe, and return only once Redis confirmed it: nothing published after is lost."""
        await self._pubsub.psubscribe(self.channel("*"))
        async with asyncio.timeout(10):
            while True:
                message = await self._pubsub.get_message(timeout=1.0)
                if message is not None and message["type"] == "psubscribe":
                    break
        self._listener = asyncio.create_task(self._listen(), name="hub-listener")

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves it untyped

    async def publish(self, room: str, user: str, text: str) -> str:
        payload = json.dumps({"room": room, "user": user, "text": text})
        keys = [self.stream(room)]
        args: list[Any] = [self._replay_len, payload, self.channel(room)]
        raw = await self._publish(keys=keys, args=args)
        return raw.decode() if isinstance(raw, bytes) else str(raw)

    def join(self, room: str) -> Subscriber:
        subscriber = Subscriber(room=room, limit=self._send_queue)
        self._rooms[room].add(subscriber)
        return subscriber

    def leave(self, subscriber: Subscriber) -> None:
        members = self._rooms.get(subscriber.room)
        if members is not None:
            members.discard(subscriber)
            if not members:
                del self._rooms[subscriber.room]

    def count(self, room: str) -> int:
        """Connections in `room` on this process."""
        return len(self._rooms.get(room, ()))

    def subscribers(self, room: str) -> list[Subscriber]:
        return list(self._rooms.get(room, ()))

    async def backlog(self, room: str, last_id: str | None) -> Backlog:
        """Events after `last_id`. None: a new client, nothing to replay."""
        if last_id is None:
            return Backlog(events=[], gap=False)
        entries = await self._redis.xrange(self.stream(room), min=last_id, max="+")
        events = [_event(room, raw_id, raw) for raw_id, raw in entries or []]
        if events and events[0].id == last_id:
            return Backlog(events=events[1:], gap=False)
        # The client's last event is no longer in the buffer: it was away too long (or Redis
        # lost the Stream). Everything still held is sent, and the client is told of the gap.
        return Backlog(events=events, gap=last_id not in ("0", "0-0"))

    def _fan_out(self, event: Event) -> None:
        for subscriber in list(self._rooms.get(event.room, ())):
            subscriber.offer(event)

    async def _listen(self) -> None:
        async for message in self._pubsub.listen():
            if message["type"] != "pmessage":
                continue
            data = message["data"]
            text = data.decode() if isinstance(data, bytes) else str(data)
            event_id, _, payload = text.partition(" ")
            fields = json.loads(payload)
            self._fan_out(Event(event_id, fields["room"], fields["user"], fields["text"]))


def _event(room: str, raw_id: Any, raw: Any) -> Event:
    event_id = raw_id.decode() if isinstance(raw_id, bytes) else str(raw_id)
    value = raw[b"event"]
    fields = json.loads(value)
    return Event(event_id, room, fields["user"], fields["text"])
