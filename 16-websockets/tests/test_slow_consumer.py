"""A client that cannot keep up must cost a bounded amount of memory, then be cut off."""

from __future__ import annotations

import socket

import pytest
from websockets.asyncio.client import connect

from roomchat import Hub, Settings, port_of, running
from tests.conftest import bearer
from tests.support import next_message, until

BIG = "x" * 16_384
COUNT = 600  # 9.6 MB: more than the socket buffers between the server and a stalled client


@pytest.mark.anyio
async def test_fixed_a_slow_client_costs_a_bounded_queue_then_is_cut_off(
    settings: Settings, hub: Hub
) -> None:
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
            stalled.transport.pause_reading()
            for _ in range(COUNT):
                await hub.publish("lobby", "bot", BIG)
            await until(
                lambda: (
                    subscriber.overflowed.is_set()
                    or subscriber.queue.qsize() > 4 * settings.send_queue
                )
            )
            # What the slow client cost the server: at most the bound, never the whole flood.
            assert subscriber.high_water <= settings.send_queue
            # The session closed it (1008, then an abort after close_timeout: the client is
            # not reading, so it never sees the close frame).
            await until(lambda: hub.count("lobby") == 0)
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
