"""A client that cannot keep up must cost a bounded amount of memory, then be cut off."""

from __future__ import annotations

import socket

import pytest
from websockets.asyncio.client import connect

from roomchat import Hub, Settings
from tests.conftest import bearer
from tests.support import until

BIG = "x" * 16_384
COUNT = 600  # 9.6 MB: more than the socket buffers between the server and a stalled client


@pytest.mark.anyio
async def test_fixed_a_slow_client_is_cut_off_with_1008(
    ws_url: str, hub: Hub, settings: Settings
) -> None:
    # A small receive buffer and a client that never reads: TCP backpressure reaches the
    # server after a few hundred KB, and from then on every event waits in its send queue.
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", int(ws_url.rsplit(":", 1)[1])))
    async with connect(
        f"{ws_url}/ws/lobby",
        sock=sock,
        additional_headers=bearer(),
        max_queue=1,
        compression=None,  # permessage-deflate would shrink BIG to a few bytes
    ) as stalled:
        await until(lambda: hub.count("lobby") == 1)
        (subscriber,) = hub.subscribers("lobby")
        stalled.transport.pause_reading()
        for _ in range(COUNT):
            await hub.publish("lobby", "bot", BIG)
        await until(
            lambda: (
                subscriber.overflowed.is_set() or subscriber.queue.qsize() > 4 * settings.send_queue
            )
        )
        # What the slow client cost the server: at most the bound, never the whole flood.
        assert subscriber.high_water <= settings.send_queue
        await until(lambda: hub.count("lobby") == 0)
        stalled.transport.resume_reading()
