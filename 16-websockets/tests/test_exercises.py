"""Exercise checks: each is skipped until you do the exercise (README, "Exercises")."""

from __future__ import annotations

import socket

import httpx2
import pytest
from websockets.asyncio.client import connect

from roomchat import Settings, Unavailable, follow
from tests.conftest import bearer, token
from tests.support import until, uvicorn_server


@pytest.mark.skip(reason="exercise 1: GET /rooms/{room} answers how many are connected")
@pytest.mark.anyio
async def test_exercise_1_presence_is_a_plain_rest_endpoint(settings: Settings) -> None:
    async with uvicorn_server(settings) as (http, app), httpx2.AsyncClient(base_url=http) as web:
        ws_url = http.replace("http://", "ws://")
        async with (
            connect(f"{ws_url}/ws/lobby", additional_headers=bearer("ada")),
            connect(f"{ws_url}/ws/lobby", additional_headers=bearer("bob")),
        ):
            await until(lambda: app.state.hub.count("lobby") == 2)
            answer = await web.get("/rooms/lobby", headers=bearer())
            assert answer.status_code == 200
            assert answer.json() == {"room": "lobby", "connections": 2}
            refused = await web.get("/rooms/lobby")
            assert refused.status_code == 401


@pytest.mark.skip(reason="exercise 2: follow() gives up after max_attempts failures in a row")
@pytest.mark.anyio
async def test_exercise_2_follow_gives_up_after_max_attempts() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))  # bound, never listening: every connect is refused
        url = f"ws://127.0.0.1:{unused.getsockname()[1]}/ws/lobby"
        events = follow(url, token(), base=0.001, cap=0.01, max_attempts=4)  # type: ignore[call-arg]  # until you add it
        with pytest.raises(Unavailable, match="4 attempts"):
            await anext(events)
