"""Open, keep alive, close: what each close code means and who sends it."""

from __future__ import annotations

import pytest
import redis.asyncio as redis
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from roomchat import Hub, Settings, port_of, running
from tests.conftest import bearer
from tests.support import next_message, until


@pytest.mark.anyio
async def test_a_message_reaches_everyone_in_the_room(ws_url: str, hub: Hub) -> None:
    async with (
        connect(f"{ws_url}/ws/lobby", additional_headers=bearer("ada")) as ada,
        connect(f"{ws_url}/ws/lobby", additional_headers=bearer("bob")) as bob,
    ):
        await until(lambda: hub.count("lobby") == 2)
        await ada.send("hi bob")
        for ws in (ada, bob):
            got = await next_message(ws)
            assert (got["user"], got["text"]) == ("ada", "hi bob")


@pytest.mark.anyio
async def test_a_client_that_closes_with_1000_leaves_the_room(ws_url: str, hub: Hub) -> None:
    async with connect(f"{ws_url}/ws/lobby", additional_headers=bearer()) as ws:
        await until(lambda: hub.count("lobby") == 1)
    assert ws.close_code == 1000
    await until(lambda: hub.count("lobby") == 0)


@pytest.mark.anyio
async def test_fixed_keepalive_closes_a_peer_that_stopped_answering(ws_url: str, hub: Hub) -> None:
    """A half-open peer (cable pulled, NAT entry gone, laptop asleep) sends no close frame and
    no FIN. Staged by pausing the client's reads: its kernel still ACKs, but nothing answers
    the server's pings. The server's keepalive (0.5 s here) must notice and close it."""
    async with connect(f"{ws_url}/ws/lobby", additional_headers=bearer(), ping_interval=None) as ws:
        await until(lambda: hub.count("lobby") == 1)
        ws.transport.pause_reading()
        try:
            # A ping and its timeout take about 1 s: 5 s is a bound, not an estimate.
            await until(lambda: hub.count("lobby") == 0, within=5)
        finally:
            ws.transport.resume_reading()  # or the client's own close waits 10 s for an answer


@pytest.mark.anyio
async def test_a_message_over_max_size_closes_with_1009(ws_url: str, settings: Settings) -> None:
    async with connect(f"{ws_url}/ws/lobby", additional_headers=bearer()) as ws:
        await ws.send("x" * (settings.max_message + 1))
        with pytest.raises(ConnectionClosed) as closed:
            await next_message(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009


@pytest.mark.anyio
async def test_a_server_error_in_the_session_closes_with_1011(
    ws_url: str, hub: Hub, redis_url: str
) -> None:
    """A bug or a broken dependency: the room's Stream key holds a string, so XADD fails."""
    async with redis.Redis.from_url(redis_url) as client:
        await client.set(hub.stream("broken"), "not a stream")
    async with connect(f"{ws_url}/ws/broken", additional_headers=bearer()) as ws:
        await ws.send("anyone?")
        with pytest.raises(ConnectionClosed) as closed:
            await next_message(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1011


@pytest.mark.anyio
async def test_shutdown_closes_every_client_with_1001(settings: Settings, hub: Hub) -> None:
    async with running(settings, hub) as server:
        url = f"ws://127.0.0.1:{port_of(server)}/ws/lobby"
        clients = [await connect(url, additional_headers=bearer()) for _ in range(3)]
        await until(lambda: hub.count("lobby") == 3)
    for ws in clients:
        with pytest.raises(ConnectionClosed):
            await next_message(ws)
        assert ws.close_code == 1001
