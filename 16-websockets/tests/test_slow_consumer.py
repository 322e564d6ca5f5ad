"""A client that cannot keep up must cost a bounded amount of memory, then be cut off."""

from __future__ import annotations

import asyncio
import socket

import pytest
from websockets.asyncio.client import connect

from roomchat import Hub, Settings, Subscriber, port_of, running
from tests.conftest import bearer
from tests.support import next_message, until

BIG = "x" * 16_384
COUNT = 600  # 9.6 MB: more than the socket buffers between the server and a stalled client


@pytest.mark.anyio
async def test_broken_an_unbounded_queue_holds_the_flood_for_a_stalled_client(
    settings: Settings, hub: Hub
) -> None:
    """The naive version: the same client, a queue without a bound (staged here by swapping
    the queue; labs/01-unbounded-queue.patch makes the same change in the code)."""
    subscriber = await flood_a_stalled_client(settings, hub, unbounded=True)
    assert subscriber.high_water > 4 * settings.send_queue  # and it would keep growing
    assert not subscriber.overflowed.is_set()  # nobody ever tells the client


@pytest.mark.anyio
async def test_fixed_a_slow_client_costs_a_bounded_queue_then_is_cut_off(
    settings: Settings, hub: Hub
) -> None:
    subscriber = await flood_a_stalled_client(settings, hub, unbounded=False)
    # What the slow client cost the server: at most the bound, never the whole flood.
    assert subscriber.high_water <= settings.send_queue
    assert subscriber.overflowed.is_set()


async def flood_a_stalled_client(settings: Settings, hub: Hub, *, unbounded: bool) -> Subscriber:
    """Publish COUNT big events to a client that stopped reading; return its subscriber once
    it was cut off, or once its queue holds far more than the bound."""
    # Keepalive would also catch a client that stopped reading (it answers no pings): push
    # it out of the way, so this test sees only the send queue.
    patient = settings.model_copy(update={"ping_interval": 60.0, "ping_timeout": 60.0})
    async with running(patient, hub) as server:
        port = port_of(server)
        # A small receive buffer and a client that never reads: TCP backpressure reaches the
        # server after a few hundred KB, and from then on every event waits in its send queue.
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", port))
        stalled = await connect(
            f"ws://127.0.0.1:{port}/ws/lobby",
            sock=sock,
            additional_headers=bearer(),
            max_queue=1,
            compression=None,  # permessage-deflate would shrink BIG to a few bytes
        )
        try:
            await until(lambda: hub.count("lobby") == 1)
            (subscriber,) = hub.subscribers("lobby")
            if unbounded:
                subscriber.queue = asyncio.Queue()
            stalled.transport.pause_reading()
            for _ in range(COUNT):
                await hub.publish("lobby", "bot", BIG)
            await until(
                lambda: (
                    subscriber.overflowed.is_set()
                    or subscriber.queue.qsize() > 4 * settings.send_queue
                )
            )
            if subscriber.overflowed.is_set():
                # The session closes it: 1008, then an abort after the close budget (the
                # client is not reading, so it never sees the close frame).
                await until(lambda: hub.count("lobby") == 0)
            return subscriber
        finally:
            stalled.transport.abort()


@pytest.mark.anyio
async def test_a_client_that_keeps_up_gets_every_event_in_order(ws_url: str, hub: Hub) -> None:
    async with connect(f"{ws_url}/ws/lobby", additional_headers=bearer()) as ws:
        await until(lambda: hub.count("lobby") == 1)
        for i in range(20):  # fewer than the queue holds: no burst can overflow it
            await hub.publish("lobby", "bot", f"m{i}")
        texts = [(await next_message(ws))["text"] for _ in range(20)]
    assert texts == [f"m{i}" for i in range(20)]
